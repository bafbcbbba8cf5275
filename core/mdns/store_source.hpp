#pragma once
// The zone source over the store: one SQLite connection, prepared statements, and a
// Catalog reloaded only when PRAGMA data_version says another connection committed.

#include "core/mdns/zone_source.hpp"
#include "core/util/result.hpp"

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
  const Catalog& catalog() const override { return m_catalog; }
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

  std::unique_ptr<Impl> m_impl;
  Catalog m_catalog;
};

} // namespace dnsctl::mdns
