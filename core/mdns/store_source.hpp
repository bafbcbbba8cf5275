#pragma once
// The zone source over the store, read through the store's ZoneReader.
//
// On SQLite: one reader (a connection with its statements prepared), and a served set
// read again only when the store says another connection committed (data_version).
//
// Across the network (PostgreSQL): queries are answered from the process's StoreCache
// (store_cache.hpp), and the source opens a reader of its own only for what streams
// from the database (AXFR, IXFR), dropping it when the database went away.
//
// Either way, when the store goes away the served set it had keeps answering SOA
// queries while the source reconnects with back-off, and is read again whole once it
// is back: notifications sent meanwhile are lost.

#include "core/mdns/zone_source.hpp"
#include "core/util/result.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace dnsctl::store {
class ChangeFeed;
}

namespace dnsctl::mdns {

class StoreCache;
struct CachedStore;

class StoreSource : public ZoneSource {
public:
  // With `cache` (a store across the network), answers come from it.
  static Result<std::unique_ptr<StoreSource>> open(const std::string& path,
                                                   store::TransferSources sources,
                                                   std::shared_ptr<StoreCache> cache = nullptr);
  ~StoreSource() override;
  StoreSource(const StoreSource&) = delete;
  StoreSource& operator=(const StoreSource&) = delete;

  void refresh() override;
  // refresh() when the store may have changed since the last look (cheap: on SQLite one
  // read of an inotify queue; with a cache, one atomic load).
  void refresh_if_changed();
  // While the source waits unused: it drops its hold on the cache's copy of the store,
  // which would otherwise keep an older copy alive. refresh() takes the current one.
  void let_go();
  const ServedSet& served() const override { return *m_served; }
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
  StoreSource(std::string path,
              store::TransferSources sources,
              std::unique_ptr<store::ZoneReader> reader,
              std::shared_ptr<StoreCache> cache);
  void load_served();
  void watch(); // a change feed on the reader's store
  void reconnect();
  void lost(const std::exception& e);
  // The reader, opened now if the source had none (or it was gone).
  store::ZoneReader& reader();

  std::string m_path;
  store::TransferSources m_sources;
  std::unique_ptr<store::ZoneReader> m_reader; // null until needed when there is a cache
  std::unique_ptr<store::ChangeFeed> m_feed;   // on the reader's store, without a cache
  int64_t m_seen_version = -1;
  std::shared_ptr<const ServedSet> m_served;
  bool m_broken = false;
  std::chrono::milliseconds m_backoff{0};
  std::chrono::steady_clock::time_point m_retry_at;

  std::shared_ptr<StoreCache> m_cache;
  std::shared_ptr<const CachedStore> m_cached;
  uint64_t m_generation = 0;
};

} // namespace dnsctl::mdns
