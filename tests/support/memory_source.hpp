#pragma once
// A ZoneSource held in memory, for the handler's unit tests and the fuzz target: zones
// are read from master-file text with the same reader `domain import` uses, so what
// a test writes is what the store would hold, and held as the mdns holds a store across
// the network (mdns::ZoneRecords), so the handler's tests check those lookups too. It has no
// journal: an IXFR that needs one falls back to AXFR, as with a pruned journal.

#include "core/mdns/zone_records.hpp"
#include "core/mdns/zone_source.hpp"

#include <map>
#include <string>

namespace dnsctl::test {

class MemorySource : public mdns::ZoneSource {
public:
  // Adds the zone `origin` from master-file text, which must hold its SOA. Throws
  // std::runtime_error with the reader's message when the text does not read.
  void add_zone(const std::string& origin, const std::string& text, int64_t pool_id = 1);
  void add_zone_file(const std::string& origin, const std::string& path, int64_t pool_id = 1);
  void add_key(mdns::KeyInfo key) { m_served.keys.push_back(std::move(key)); }
  // Addresses that may transfer the zones of `pool_id` without a key.
  void allow(int64_t pool_id, const std::string& ip) {
    m_served.pool_addresses[pool_id].push_back(ip);
  }

  void refresh() override {}
  std::optional<mdns::ZoneInfo> begin_snapshot(const mdns::ZoneInfo& zone) override {
    return zone; // nothing changes under a test
  }
  void end_snapshot() override {}
  const mdns::ServedSet& served() const override { return m_served; }
  size_t rrsets_at(const mdns::ZoneInfo& zone,
                   mdns::Key owner,
                   const std::function<void(const mdns::RRsetView&)>& f) override;
  bool has_descendants(const mdns::ZoneInfo& zone, mdns::Key name) override;
  bool for_each_rrset(const mdns::ZoneInfo& zone,
                      const std::function<bool(const mdns::RRsetView&)>& f) override;
  std::optional<std::vector<mdns::JournalStep>> journal_from(const mdns::ZoneInfo&,
                                                             uint32_t) override {
    return std::nullopt;
  }
  bool for_each_journal_rr(const mdns::JournalStep&,
                           bool,
                           const std::function<bool(const mdns::RRsetView&)>&) override {
    return true;
  }

private:
  mdns::ServedSet m_served;
  std::map<int64_t, mdns::ZoneRecords> m_records; // by zone id
};

} // namespace dnsctl::test
