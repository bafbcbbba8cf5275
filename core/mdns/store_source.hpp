#pragma once
// The zone source over the store.
//
// On SQLite: one connection, prepared statements, and a Catalog reloaded only when the
// store says another connection committed (PRAGMA data_version).
//
// Across the network (PostgreSQL): queries are answered from the process's StoreCache
// (store_cache.hpp), and the source opens a connection of its own only for what streams
// from the database (AXFR, IXFR), dropping it when the database went away.
//
// Either way, when the store goes away the Catalog it had keeps answering SOA queries
// while the source reconnects with back-off, and is reloaded whole once it is back:
// notifications sent meanwhile are lost.

#include "core/mdns/zone_source.hpp"
#include "core/util/result.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace dnsctl::store {
class Store;
}

namespace dnsctl::mdns {

class StoreCache;
struct CachedStore;

class StoreSource : public ZoneSource {
public:
  // With `cache` (a store across the network), answers come from it.
  static Result<std::unique_ptr<StoreSource>> open(const std::string& path,
                                                   std::shared_ptr<StoreCache> cache = nullptr);
  ~StoreSource() override;
  StoreSource(const StoreSource&) = delete;
  StoreSource& operator=(const StoreSource&) = delete;

  void refresh() override;
  // While the source waits unused: it drops its hold on the cache's copy of the store,
  // which would otherwise keep an older copy alive. refresh() takes the current one.
  void let_go();
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
  StoreSource(std::string path, std::unique_ptr<Impl> impl, std::shared_ptr<StoreCache> cache);
  void load_catalog();
  void reconnect();
  void lost(const std::exception& e);
  // The connection, opened now if the source had none (or it was gone).
  Impl& connection();

  std::string m_path;
  std::unique_ptr<Impl> m_impl; // null until needed when there is a cache
  std::shared_ptr<const Catalog> m_catalog;
  bool m_broken = false;
  std::chrono::milliseconds m_backoff{0};
  std::chrono::steady_clock::time_point m_retry_at;

  std::shared_ptr<StoreCache> m_cache;
  std::shared_ptr<const CachedStore> m_cached;
  uint64_t m_generation = 0;
};

} // namespace dnsctl::mdns
