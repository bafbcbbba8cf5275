#include "core/mdns/store_source.hpp"

#include "core/mdns/store_cache.hpp"
#include "core/store/watch.hpp"
#include "core/util/log.hpp"

#include <algorithm>
#include <memory>

namespace dnsctl::mdns {

StoreSource::StoreSource(std::string path,
                         store::TransferSources sources,
                         std::unique_ptr<store::ZoneReader> reader,
                         std::shared_ptr<StoreCache> cache)
    : m_path(std::move(path))
    , m_sources(std::move(sources))
    , m_reader(std::move(reader))
    , m_cache(std::move(cache)) {}

StoreSource::~StoreSource() = default;

Result<std::unique_ptr<StoreSource>> StoreSource::open(const std::string& path,
                                                       store::TransferSources sources,
                                                       std::shared_ptr<StoreCache> cache) {
  if (cache) {
    std::unique_ptr<StoreSource> src(
        new StoreSource(path, std::move(sources), nullptr, std::move(cache)));
    src->refresh();
    return src;
  }
  DNSCTL_TRY_ASSIGN(auto reader, store::ZoneReader::open(path));
  try {
    std::unique_ptr<StoreSource> src(
        new StoreSource(path, std::move(sources), std::move(reader), nullptr));
    // Not refresh(): a store that fails here is an error to the caller, not a source
    // answering from nothing.
    src->m_seen_version = src->m_reader->store().data_version();
    src->watch();
    src->load_served();
    return src;
  } catch (const std::exception& e) {
    return make_error(Errc::io, std::string("store: ") + e.what());
  }
}

store::ZoneReader& StoreSource::reader() {
  if (!m_reader) {
    auto r = store::ZoneReader::open(m_path);
    if (!r) {
      throw std::runtime_error(r.error().text());
    }
    m_reader = std::move(*r);
  }
  return *m_reader;
}

void StoreSource::refresh() {
  if (m_cache) {
    // A connection the database dropped (a restart) is opened again when next needed.
    if (m_reader && !m_reader->usable()) {
      m_reader.reset();
    }
    uint64_t g = m_cache->generation();
    if (!m_cached || g != m_generation) {
      m_generation = g;
      m_cached = m_cache->current();
      m_served = m_cached->served;
    }
    return;
  }
  if (m_broken) {
    reconnect();
    return;
  }
  try {
    int64_t now = m_reader->store().data_version();
    if (now == m_seen_version) {
      return;
    }
    m_seen_version = now;
    load_served();
  } catch (const std::exception& e) {
    lost(e);
    // At once: a source that sat idle (a TCP one) finds out only now, and the store
    // may well be back already.
    reconnect();
  }
}

void StoreSource::watch() {
  m_feed.reset();
  if (auto feed = m_reader->store().watch()) {
    m_feed = std::make_unique<store::ChangeFeed>(std::move(*feed));
  }
}

void StoreSource::refresh_if_changed() {
  if (m_cache || m_broken || !m_feed || m_feed->maybe_changed()) {
    refresh();
  }
}

void StoreSource::let_go() {
  if (m_cache) {
    m_cached.reset();
    m_served.reset();
  }
}

void StoreSource::lost(const std::exception& e) {
  log::error(std::string("mdns: store: ") + e.what()
             + "; answering from the zones as they were until it is back");
  m_broken = true;
  m_backoff = std::chrono::milliseconds(100);
  m_retry_at = std::chrono::steady_clock::now();
}

void StoreSource::reconnect() {
  auto now = std::chrono::steady_clock::now();
  if (now < m_retry_at) {
    return;
  }
  auto retry_later = [&] {
    m_backoff = std::min<std::chrono::milliseconds>(m_backoff * 2, std::chrono::seconds(5));
    m_retry_at = now + m_backoff;
  };
  auto r = store::ZoneReader::open(m_path);
  if (!r) {
    retry_later();
    return;
  }
  try {
    // Listen first, then load: a commit after the load is heard of.
    int64_t seen = (*r)->store().data_version();
    m_reader = std::move(*r);
    m_seen_version = seen;
    watch();
    load_served();
    m_broken = false;
    log::info("mdns: store is back; catalog reloaded");
  } catch (const std::exception& e) {
    log::debug(std::string("mdns: store: ") + e.what());
    retry_later();
  }
}

void StoreSource::load_served() {
  ServedSet c = m_reader->served_set(m_sources);
  log::debug("mdns: served set read, " + std::to_string(c.zones.size()) + " zones, "
             + std::to_string(c.keys.size()) + " keys");
  m_served = std::make_shared<const ServedSet>(std::move(c));
}

size_t StoreSource::rrsets_at(const ZoneInfo& zone,
                              Key owner,
                              const std::function<void(const RRsetView&)>& f) {
  if (m_cache) {
    const ZoneRecords* r = m_cached->records_of(zone.id);
    return r != nullptr ? r->at(owner, zone.ttl, f) : 0;
  }
  return m_reader->rrsets_at(zone, owner, f);
}

bool StoreSource::has_descendants(const ZoneInfo& zone, Key name) {
  if (m_cache) {
    const ZoneRecords* r = m_cached->records_of(zone.id);
    return r != nullptr && r->has_descendants(name);
  }
  return m_reader->has_descendants(zone, name);
}

bool StoreSource::for_each_rrset(const ZoneInfo& zone,
                                 const std::function<bool(const RRsetView&)>& f) {
  // The snapshot (begin_snapshot) is at the moment the copy in memory holds, as it is
  // but for a change not yet heard of: the same RRsets, sent without the database.
  if (m_cache && m_cached) {
    const ZoneInfo* held = m_served->find_zone(zone.apex_key);
    const ZoneRecords* r = m_cached->records_of(zone.id);
    if (held != nullptr && r != nullptr && held->id == zone.id && held->serial == zone.serial
        && held->ttl == zone.ttl) {
      return r->for_each(zone.ttl, f);
    }
  }
  try {
    return reader().for_each_rrset(zone, f);
  } catch (const std::exception& e) {
    log::error(std::string("mdns: store: ") + e.what());
    return false;
  }
}

std::optional<std::vector<JournalStep>> StoreSource::journal_from(const ZoneInfo& zone,
                                                                  uint32_t serial) {
  return reader().journal_from(zone, serial);
}

std::optional<ZoneInfo> StoreSource::begin_snapshot(const ZoneInfo& zone) {
  // With a cache, a kept connection may have died with a database restart that nothing
  // has told this source of yet: once more on a new one.
  for (int attempt = 0; attempt < (m_cache ? 2 : 1); ++attempt) {
    try {
      // A deferred read transaction: its first SELECT fixes the moment (WAL keeps it
      // for us while writers go on), and the zone's row is read in it.
      reader().begin_snapshot();
      return reader().zone(zone.id);
    } catch (const std::exception& e) {
      if (m_cache && attempt == 0 && m_reader && !m_reader->usable()) {
        log::debug(std::string("mdns: store: ") + e.what() + "; connecting again");
        m_reader.reset();
        continue;
      }
      log::error(std::string("mdns: store: ") + e.what());
      break;
    }
  }
  return std::nullopt;
}

void StoreSource::end_snapshot() {
  if (!m_reader) {
    return;
  }
  try {
    m_reader->end_snapshot();
  } catch (const std::exception& e) {
    log::error(std::string("mdns: store: ") + e.what());
  }
}

bool StoreSource::for_each_journal_rr(const JournalStep& step,
                                      bool added,
                                      const std::function<bool(const RRsetView&)>& f) {
  return reader().for_each_journal_rr(step, added, f);
}

} // namespace dnsctl::mdns
