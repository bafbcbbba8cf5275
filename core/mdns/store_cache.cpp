#include "core/mdns/store_cache.hpp"

#include "core/dns/rrtype.hpp"
#include "core/store/serve.hpp"
#include "core/store/watch.hpp"
#include "core/util/log.hpp"

#include <optional>

namespace dnsctl::mdns {
namespace {

constexpr int k_poll_ms = 250; // how soon the thread sees the stop flag
// More zones than this to read: one scan of the whole table, not a query per zone
// (the first read, or a reconnect after many changes).
constexpr size_t k_scan_above = 64;

// A change touching more owners than this: the zone is read again whole.
constexpr size_t k_owners_max = 10000;

bool same_zone(const ZoneInfo& a, const ZoneInfo& b) {
  return a.id == b.id && a.uuid == b.uuid;
}

// The zone `now` from `had` (the zone at `was`) and the journal steps between: only
// the owners they touched are read. nullptr when the journal does not lead there.
std::shared_ptr<const ZoneRecords> read_changes(store::ZoneReader& r,
                                                const ZoneInfo& was,
                                                const ZoneRecords& had,
                                                const ZoneInfo& now) {
  auto steps = r.journal_from(now, was.serial);
  if (!steps) {
    return nullptr;
  }
  auto owners = r.journal_owners(*steps);
  if (owners.size() > k_owners_max) {
    return nullptr;
  }
  auto fresh = ZoneRecords::read_owners(r, now.id, owners);
  return std::make_shared<const ZoneRecords>(ZoneRecords::merged(had, owners, fresh));
}

// The store in one snapshot; the records of zones whose serial did not move since
// `before` are kept, not read again.
std::shared_ptr<const CachedStore> read_store(store::ZoneReader& s,
                                              const store::TransferSources& sources,
                                              const CachedStore* before,
                                              StoreCache::Counts& counts) {
  s.begin_snapshot();
  try {
    ServedSet c = s.served_set(sources);
    auto next = std::make_shared<CachedStore>();
    std::vector<ZoneInfo*> to_read;
    size_t updated = 0;
    for (auto& [key, zone] : c.zones) {
      if (before != nullptr) {
        auto old = before->served->zones.find(key);
        auto had = before->records.find(zone.id);
        if (old != before->served->zones.end() && same_zone(old->second, zone)
            && had != before->records.end()) {
          if (old->second.serial == zone.serial) {
            next->records.emplace(zone.id, had->second);
            continue;
          }
          if (auto changed = read_changes(s, old->second, *had->second, zone)) {
            next->records.emplace(zone.id, std::move(changed));
            ++updated;
            continue;
          }
        }
      }
      to_read.push_back(&zone);
    }
    if (to_read.size() > k_scan_above) {
      auto all = ZoneRecords::read_all(s);
      for (ZoneInfo* z : to_read) {
        auto it = all.find(z->id);
        next->records.emplace(z->id,
                              std::make_shared<const ZoneRecords>(
                                  it != all.end() ? std::move(it->second) : ZoneRecords{}));
      }
    } else {
      for (ZoneInfo* z : to_read) {
        next->records.emplace(z->id,
                              std::make_shared<const ZoneRecords>(ZoneRecords::read(s, z->id)));
      }
    }
    s.end_snapshot();
    if (before != nullptr) {
      counts.read_whole += to_read.size();
      counts.by_journal += updated;
    }
    size_t rrsets = 0;
    for (auto& [key, zone] : c.zones) {
      const ZoneRecords& r = *next->records.at(zone.id);
      // Known now, so that the threads sharing this catalog never write it.
      zone.apex_dname = r.has(zone.apex_key, dns::rrtype::k_dname);
      rrsets += r.rrsets();
    }
    log::debug("mdns: store read: " + std::to_string(c.zones.size()) + " zones ("
               + std::to_string(updated) + " changed by the journal, "
               + std::to_string(to_read.size()) + " read whole), " + std::to_string(rrsets)
               + " RRsets in memory");
    next->served = std::make_shared<const ServedSet>(std::move(c));
    return next;
  } catch (...) {
    try {
      s.end_snapshot();
    } catch (...) { // NOLINT(bugprone-empty-catch): the first failure is the one to report
    }
    throw;
  }
}

} // namespace

const ZoneRecords* CachedStore::records_of(int64_t zone_id) const {
  auto it = records.find(zone_id);
  return it == records.end() ? nullptr : it->second.get();
}

struct StoreCache::Impl {
  std::string address;
  store::TransferSources sources;
  std::unique_ptr<store::ZoneReader> reader;
  std::optional<store::ChangeFeed> feed;
  mutable std::mutex mutex;
  std::condition_variable wake;
  bool stop = false;
  std::shared_ptr<const CachedStore> state;
  Counts counts; // under mutex
  std::chrono::milliseconds backoff{0};
  std::chrono::steady_clock::time_point retry_at;

  // Reads the store (in this thread, without the lock) and publishes what it read.
  void read_and_publish(store::ZoneReader& s, std::atomic<uint64_t>& generation) {
    std::shared_ptr<const CachedStore> before;
    Counts c;
    {
      std::lock_guard lock(mutex);
      before = state;
      c = counts;
    }
    auto next = read_store(s, sources, before.get(), c);
    std::lock_guard lock(mutex);
    state = std::move(next);
    counts = c;
    generation.fetch_add(1, std::memory_order_release);
  }
  bool stopping() {
    std::lock_guard lock(mutex);
    return stop;
  }
};

StoreCache::StoreCache(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl)) {}

Result<std::shared_ptr<StoreCache>> StoreCache::start(const std::string& address,
                                                      store::TransferSources sources) {
  auto impl = std::make_unique<Impl>();
  impl->address = address;
  impl->sources = std::move(sources);
  DNSCTL_TRY_ASSIGN(auto s, store::ZoneReader::open(address));
  // Listen first, then read: a commit after the read is heard of.
  DNSCTL_TRY_ASSIGN(auto feed, s->store().watch());
  try {
    impl->state = read_store(*s, impl->sources, nullptr, impl->counts);
  } catch (const std::exception& e) {
    return make_error(Errc::io, std::string("store: ") + e.what());
  }
  impl->reader = std::move(s);
  impl->feed.emplace(std::move(feed));
  std::shared_ptr<StoreCache> cache(new StoreCache(std::move(impl)));
  cache->m_thread = std::thread([raw = cache.get()] { raw->run(); });
  return cache;
}

StoreCache::~StoreCache() {
  {
    std::lock_guard lock(m_impl->mutex);
    m_impl->stop = true;
  }
  m_impl->wake.notify_all();
  if (m_thread.joinable()) {
    m_thread.join();
  }
}

std::shared_ptr<const CachedStore> StoreCache::current() const {
  std::lock_guard lock(m_impl->mutex);
  return m_impl->state;
}

StoreCache::Counts StoreCache::counts() const {
  std::lock_guard lock(m_impl->mutex);
  return m_impl->counts;
}

void StoreCache::run() {
  Impl& m = *m_impl;
  while (!m.stopping()) {
    if (!m.reader) {
      {
        std::unique_lock lock(m.mutex);
        m.wake.wait_until(lock, m.retry_at, [&] { return m.stop; });
        if (m.stop) {
          break;
        }
      }
      try {
        auto s = store::ZoneReader::open(m.address);
        if (!s) {
          throw std::runtime_error(s.error().text());
        }
        auto feed = (*s)->store().watch();
        if (!feed) {
          throw std::runtime_error(feed.error().text());
        }
        m.read_and_publish(**s, m_generation);
        m.reader = std::move(*s);
        m.feed.emplace(std::move(*feed));
        log::info("mdns: store is back; catalog reloaded");
      } catch (const std::exception& e) {
        log::debug(std::string("mdns: store: ") + e.what());
        m.backoff = std::min<std::chrono::milliseconds>(m.backoff * 2, std::chrono::seconds(5));
        m.retry_at = std::chrono::steady_clock::now() + m.backoff;
      }
      continue;
    }
    try {
      if (m.feed->wait(std::chrono::milliseconds(k_poll_ms))) {
        m.read_and_publish(*m.reader, m_generation);
      }
    } catch (const std::exception& e) {
      log::error(std::string("mdns: store: ") + e.what()
                 + "; answering from the zones as they were until it is back");
      m.feed.reset();
      m.reader.reset();
      // At once: the database may be back already (a fast restart).
      m.backoff = std::chrono::milliseconds(100);
      m.retry_at = std::chrono::steady_clock::now();
    }
  }
}

} // namespace dnsctl::mdns
