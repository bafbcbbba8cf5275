#pragma once
// The mdns's copy of a store across the network (PostgreSQL): the catalog and every
// zone's RRsets in memory, kept current by one thread that listens for the writers'
// NOTIFYs and reads again, in one snapshot, the zones whose serial moved. Queries are
// answered from it and never wait on the network; transfers still stream from the
// database. When the database goes away the copy keeps answering, and the thread
// reconnects with back-off and reads what changed meanwhile once it is back.
//
// On SQLite the mdns reads the file directly: a query costs microseconds there, and a
// copy would only add memory.

#include "core/mdns/zone_records.hpp"
#include "core/mdns/zone_source.hpp"
#include "core/util/result.hpp"

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

namespace dnsctl::mdns {

// One moment of the store: the served set and the records of each of its zones.
struct CachedStore {
  std::shared_ptr<const ServedSet> served;
  std::unordered_map<int64_t, std::shared_ptr<const ZoneRecords>> records; // by zone id
  const ZoneRecords* records_of(int64_t zone_id) const;
};

class StoreCache {
public:
  // Reads the whole store before it returns: an error here is the caller's to report.
  static Result<std::shared_ptr<StoreCache>> start(const std::string& address,
                                                   store::TransferSources sources);
  ~StoreCache();
  StoreCache(const StoreCache&) = delete;
  StoreCache& operator=(const StoreCache&) = delete;

  std::shared_ptr<const CachedStore> current() const;
  // Moves each time a new moment is published: a reader looks at it before taking the
  // lock in current().
  uint64_t generation() const { return m_generation.load(std::memory_order_acquire); }

  // How changed zones were brought up to date since start(): read whole, or only the
  // owners their journal steps touched.
  struct Counts {
    uint64_t read_whole = 0;
    uint64_t by_journal = 0;
  };
  Counts counts() const;

private:
  struct Impl;
  explicit StoreCache(std::unique_ptr<Impl> impl);
  void run();

  std::unique_ptr<Impl> m_impl;
  std::atomic<uint64_t> m_generation{0};
  std::thread m_thread;
};

} // namespace dnsctl::mdns
