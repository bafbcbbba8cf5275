#pragma once
// The zone source over the store: one connection, prepared statements, and a Catalog
// reloaded only when the store says another connection committed (PRAGMA data_version
// on SQLite, a NOTIFY on PostgreSQL). When the store goes away (PostgreSQL restarted),
// the Catalog it had keeps answering SOA queries while the source reconnects with
// back-off, and is reloaded whole once it is back: notifications sent meanwhile are lost.

#include "core/mdns/zone_source.hpp"
#include "core/util/result.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace dnsctl::store {
class Store;
}

namespace dnsctl::mdns {

class StoreSource : public ZoneSource {
public:
  static Result<std::unique_ptr<StoreSource>> open(const std::string& path);
  ~StoreSource() override;
  StoreSource(const StoreSource&) = delete;
  StoreSource& operator=(const StoreSource&) = delete;

  void refresh() override;
  const Catalog& catalog() const override { return *m_catalog; }
  size_t rrsets_at(const ZoneInfo& zone,
                   Key owner,
                   const std::function<void(const RRsetView&)>& f) override;
  bool has_descendants(const ZoneInfo& zone, Key name) override;
  bool for_each_rrset(const ZoneInfo& zone,
                      const std::function<bool(const RRsetView&)>& f) override;
  std::optional<std::vector<JournalStep>> journal_from(const ZoneInfo& zone,
                                                       uint32_t serial) override;
  bool for_each_journal_rr(const JournalStep& step,
                           bool added,
                           const std::function<bool(const RRsetView&)>& f) override;
  std::optional<ZoneInfo> begin_snapshot(const ZoneInfo& zone) override;
  void end_snapshot() override;

private:
  struct Impl;
  explicit StoreSource(std::unique_ptr<Impl> impl);
  void load_catalog();
  void reconnect();
  void lost(const std::exception& e);

  std::unique_ptr<Impl> m_impl;
  // Shared with the process's other sources of the same store once published: a source
  // that lost the store answers from the newest catalog any of them loaded.
  std::shared_ptr<const Catalog> m_catalog;
  uint64_t m_loaded = 0; // when m_catalog's reading began, in process-wide load order
  bool m_broken = false;
  std::chrono::milliseconds m_backoff{0};
  std::chrono::steady_clock::time_point m_retry_at;
};

} // namespace dnsctl::mdns
