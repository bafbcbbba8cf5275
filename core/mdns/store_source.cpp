#include "core/mdns/store_source.hpp"

#include "core/db/connection.hpp"
#include "core/mdns/store_cache.hpp"
#include "core/mdns/store_catalog.hpp"
#include "core/store/store.hpp"
#include "core/util/log.hpp"

#include <algorithm>
#include <memory>

namespace dnsctl::mdns {

struct StoreSource::Impl {
  store::Store store;
  db::Statement at;
  db::Statement below;
  db::Statement journal_rrs;
  int64_t seen_version = -1;

  explicit Impl(store::Store s)
      : store(std::move(s))
      , at(store.db(), "SELECT type, ttl, rdata FROM recordsets WHERE zone_id = ? AND owner = ?")
      , below(store.db(),
              "SELECT 1 FROM recordsets WHERE zone_id = ? AND owner > ? "
              "AND owner < ? LIMIT 1")
      , journal_rrs(store.db(),
                    "SELECT owner, type, ttl, rdata FROM zone_journal_rrs "
                    "WHERE journal_id = ? AND added = ? ORDER BY seq") {}
};

StoreSource::StoreSource(std::string path,
                         std::unique_ptr<Impl> impl,
                         std::shared_ptr<StoreCache> cache)
    : m_path(std::move(path))
    , m_impl(std::move(impl))
    , m_cache(std::move(cache)) {}

StoreSource::~StoreSource() = default;

Result<std::unique_ptr<StoreSource>> StoreSource::open(const std::string& path,
                                                       std::shared_ptr<StoreCache> cache) {
  if (cache) {
    std::unique_ptr<StoreSource> src(new StoreSource(path, nullptr, std::move(cache)));
    src->refresh();
    return src;
  }
  DNSCTL_TRY_ASSIGN(auto s, store::Store::open(path));
  try {
    auto impl = std::make_unique<Impl>(std::move(s));
    std::unique_ptr<StoreSource> src(new StoreSource(path, std::move(impl), nullptr));
    // Not refresh(): a store that fails here is an error to the caller, not a source
    // answering from nothing.
    src->m_impl->seen_version = src->m_impl->store.data_version();
    src->load_catalog();
    return src;
  } catch (const std::exception& e) {
    return make_error(Errc::io, std::string("store: ") + e.what());
  }
}

StoreSource::Impl& StoreSource::connection() {
  if (!m_impl) {
    auto s = store::Store::open(m_path);
    if (!s) {
      throw std::runtime_error(s.error().text());
    }
    m_impl = std::make_unique<Impl>(std::move(*s));
  }
  return *m_impl;
}

void StoreSource::refresh() {
  if (m_cache) {
    // A connection the database dropped (a restart) is opened again when next needed.
    if (m_impl && !m_impl->store.db().usable()) {
      m_impl.reset();
    }
    uint64_t g = m_cache->generation();
    if (!m_cached || g != m_generation) {
      m_generation = g;
      m_cached = m_cache->current();
      m_catalog = m_cached->catalog;
    }
    return;
  }
  if (m_broken) {
    reconnect();
    return;
  }
  try {
    int64_t now = m_impl->store.data_version();
    if (now == m_impl->seen_version) {
      return;
    }
    m_impl->seen_version = now;
    load_catalog();
  } catch (const std::exception& e) {
    lost(e);
    // At once: a source that sat idle (a TCP one) finds out only now, and the store
    // may well be back already.
    reconnect();
  }
}

void StoreSource::let_go() {
  if (m_cache) {
    m_cached.reset();
    m_catalog.reset();
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
  auto s = store::Store::open(m_path);
  if (!s) {
    retry_later();
    return;
  }
  try {
    auto impl = std::make_unique<Impl>(std::move(*s));
    // Listen first, then load: a commit after the load is heard of.
    impl->seen_version = impl->store.data_version();
    m_impl = std::move(impl);
    load_catalog();
    m_broken = false;
    log::info("mdns: store is back; catalog reloaded");
  } catch (const std::exception& e) {
    log::debug(std::string("mdns: store: ") + e.what());
    retry_later();
  }
}

void StoreSource::load_catalog() {
  Catalog c = read_catalog(m_impl->store);
  log::debug("mdns: catalog loaded, " + std::to_string(c.zones.size()) + " zones, "
             + std::to_string(c.keys.size()) + " keys");
  m_catalog = std::make_shared<const Catalog>(std::move(c));
}

size_t StoreSource::rrsets_at(const ZoneInfo& zone,
                              Key owner,
                              const std::function<void(const RRsetView&)>& f) {
  if (m_cache) {
    const ZoneRecords* r = m_cached->records_of(zone.id);
    return r != nullptr ? r->at(owner, zone.ttl, f) : 0;
  }
  auto& st = m_impl->at;
  st.reset();
  st.bind(1, zone.id);
  st.bind_ref(2, owner.data(), static_cast<int>(owner.size()));
  size_t n = 0;
  while (st.step()) {
    RRsetView v;
    v.owner = owner;
    v.type = static_cast<uint16_t>(st.column(0).int32());
    v.ttl = st.column(1).is_null() ? zone.ttl : static_cast<uint32_t>(st.column(1).int64());
    v.packed = st.column(2).blob();
    f(v);
    ++n;
  }
  st.reset();
  return n;
}

bool StoreSource::has_descendants(const ZoneInfo& zone, Key name) {
  if (m_cache) {
    const ZoneRecords* r = m_cached->records_of(zone.id);
    return r != nullptr && r->has_descendants(name);
  }
  // Descendants' keys extend `name`, whose last byte is the 0 ending its last label:
  // they all sort below `name` with that byte raised to 1.
  std::vector<uint8_t> upper(name.begin(), name.end());
  if (upper.empty()) {
    return false;
  }
  upper.back() = 1;
  auto& st = m_impl->below;
  st.reset();
  st.bind(1, zone.id);
  st.bind_ref(2, name.data(), static_cast<int>(name.size()));
  st.bind_ref(3, upper.data(), static_cast<int>(upper.size()));
  bool found = st.step();
  st.reset();
  return found;
}

bool StoreSource::for_each_rrset(const ZoneInfo& zone,
                                 const std::function<bool(const RRsetView&)>& f) {
  // The snapshot (begin_snapshot) is at the moment the copy in memory holds, as it is
  // but for a change not yet heard of: the same RRsets, sent without the database.
  if (m_cache && m_cached) {
    const ZoneInfo* held = m_catalog->find_zone(zone.apex_key);
    const ZoneRecords* r = m_cached->records_of(zone.id);
    if (held != nullptr && r != nullptr && held->id == zone.id && held->serial == zone.serial
        && held->ttl == zone.ttl) {
      return r->for_each(zone.ttl, f);
    }
  }
  // A statement of its own: a transfer streams for as long as the client reads, while
  // the other statements keep serving this thread's queries.
  try {
    db::Statement st(connection().store.db(),
                     "SELECT owner, type, ttl, rdata FROM recordsets "
                     "WHERE zone_id = ? ORDER BY owner, type");
    st.bind(1, zone.id);
    st.stream();
    while (st.step()) {
      RRsetView v;
      v.owner = st.column(0).blob();
      v.type = static_cast<uint16_t>(st.column(1).int32());
      v.ttl = st.column(2).is_null() ? zone.ttl : static_cast<uint32_t>(st.column(2).int64());
      v.packed = st.column(3).blob();
      if (!f(v)) {
        return false;
      }
    }
  } catch (const std::exception& e) {
    log::error(std::string("mdns: store: ") + e.what());
    return false;
  }
  return true;
}

std::optional<std::vector<JournalStep>> StoreSource::journal_from(const ZoneInfo& zone,
                                                                  uint32_t serial) {
  return read_journal(connection().store, zone, serial);
}

std::optional<ZoneInfo> StoreSource::begin_snapshot(const ZoneInfo& zone) {
  // With a cache, a kept connection may have died with a database restart that nothing
  // has told this source of yet: once more on a new one.
  for (int attempt = 0; attempt < (m_cache ? 2 : 1); ++attempt) {
    try {
      auto& db = connection().store.db();
      // A deferred read transaction: its first SELECT fixes the moment (WAL keeps it
      // for us while writers go on), and the zone's row is read in it.
      db.begin_read();
      return read_zone(connection().store, zone.id);
    } catch (const std::exception& e) {
      if (m_cache && attempt == 0 && m_impl && !m_impl->store.db().usable()) {
        log::debug(std::string("mdns: store: ") + e.what() + "; connecting again");
        m_impl.reset();
        continue;
      }
      log::error(std::string("mdns: store: ") + e.what());
      break;
    }
  }
  return std::nullopt;
}

void StoreSource::end_snapshot() {
  if (!m_impl) {
    return;
  }
  auto& db = m_impl->store.db();
  try {
    if (db.in_transaction()) {
      db.commit();
    }
  } catch (const std::exception& e) {
    log::error(std::string("mdns: store: ") + e.what());
    if (db.usable()) {
      db.rollback();
    }
  }
}

bool StoreSource::for_each_journal_rr(const JournalStep& step,
                                      bool added,
                                      const std::function<bool(const RRsetView&)>& f) {
  auto& st = connection().journal_rrs;
  st.reset();
  st.bind(1, step.id);
  st.bind(2, added ? 1 : 0);
  while (st.step()) {
    RRsetView v;
    v.owner = st.column(0).blob();
    v.type = static_cast<uint16_t>(st.column(1).int32());
    v.ttl = static_cast<uint32_t>(st.column(2).int64());
    v.packed = st.column(3).blob();
    if (!f(v)) {
      st.reset();
      return false;
    }
  }
  st.reset();
  return true;
}

} // namespace dnsctl::mdns
