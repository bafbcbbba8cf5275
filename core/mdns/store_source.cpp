#include "core/mdns/store_source.hpp"

#include "backends/backend.hpp"
#include "core/db/connection.hpp"
#include "core/dns/soa.hpp"
#include "core/store/pools.hpp"
#include "core/store/store.hpp"
#include "core/util/log.hpp"
#include "core/util/text.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>

namespace dnsctl::mdns {
namespace {

std::span<const uint8_t> blob(const db::Column& c) {
  return c.blob();
}

// Zones waiting to be deleted from their targets are no longer served.
constexpr const char* k_zone_select =
    "SELECT z.id, z.uuid, z.name, z.ttl, z.serial, z.mname, z.rname, z.refresh, z.retry, "
    "z.expire, z.minimum, z.pool_id, p.uuid, "
    "EXISTS (SELECT 1 FROM pool_catalog c WHERE c.pool_id = z.catalog_of AND c.tsig_key != '') "
    "FROM zones z JOIN pools p ON p.id = z.pool_id ";

// A row of k_zone_select; nullopt for a name that does not parse.
std::optional<ZoneInfo> zone_info(db::Statement& row) {
  model::Zone z;
  z.id = row.column(0).int64();
  z.uuid = row.column(1).string();
  z.name = row.column(2).string();
  z.ttl = static_cast<uint32_t>(row.column(3).int64());
  z.serial = static_cast<uint32_t>(row.column(4).int64());
  z.mname = row.column(5).string();
  z.rname = row.column(6).string();
  z.timers.refresh = static_cast<uint32_t>(row.column(7).int64());
  z.timers.retry = static_cast<uint32_t>(row.column(8).int64());
  z.timers.expire = static_cast<uint32_t>(row.column(9).int64());
  z.timers.minimum = static_cast<uint32_t>(row.column(10).int64());
  auto apex = dns::Name::parse(z.name);
  if (!apex) {
    return std::nullopt;
  }
  ZoneInfo info;
  info.id = z.id;
  info.uuid = z.uuid;
  info.apex = *apex;
  info.apex_key = apex->sort_key();
  info.serial = z.serial;
  info.ttl = z.ttl;
  info.soa = dns::soa_rdata(z);
  info.minimum = z.timers.minimum;
  info.pool_id = row.column(11).int64();
  info.pool_uuid = row.column(12).string();
  info.needs_key = row.column(13).int32() != 0;
  return info;
}

// The newest catalog any source of a store loaded, by when its reading began: a UDP
// worker that had no query since the last change must not answer with an older serial
// than another worker did, when the store goes away before it could reload.
struct Latest {
  std::mutex mutex;
  std::shared_ptr<const Catalog> catalog;
  uint64_t loaded = 0;
};

std::atomic<uint64_t> g_loads{0};

Latest& latest_for(const std::string& path) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<Latest>> all;
  std::lock_guard lock(mutex);
  auto& l = all[path];
  if (!l) {
    l = std::make_unique<Latest>();
  }
  return *l;
}

} // namespace

struct StoreSource::Impl {
  std::string path;
  store::Store store;
  db::Statement at;
  db::Statement below;
  db::Statement journal_rrs;
  int64_t seen_version = -1;

  Impl(std::string p, store::Store s)
      : path(std::move(p))
      , store(std::move(s))
      , at(store.db(), "SELECT type, ttl, rdata FROM recordsets WHERE zone_id = ? AND owner = ?")
      , below(store.db(),
              "SELECT 1 FROM recordsets WHERE zone_id = ? AND owner > ? "
              "AND owner < ? LIMIT 1")
      , journal_rrs(store.db(),
                    "SELECT owner, type, ttl, rdata FROM zone_journal_rrs "
                    "WHERE journal_id = ? AND added = ? ORDER BY seq") {}
};

StoreSource::StoreSource(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl)) {}

StoreSource::~StoreSource() = default;

Result<std::unique_ptr<StoreSource>> StoreSource::open(const std::string& path) {
  DNSCTL_TRY_ASSIGN(auto s, store::Store::open(path));
  try {
    auto impl = std::make_unique<Impl>(path, std::move(s));
    std::unique_ptr<StoreSource> src(new StoreSource(std::move(impl)));
    // Not refresh(): a store that fails here is an error to the caller, not a source
    // answering from nothing.
    src->m_impl->seen_version = src->m_impl->store.data_version();
    src->load_catalog();
    return src;
  } catch (const std::exception& e) {
    return make_error(Errc::io, std::string("store: ") + e.what());
  }
}

void StoreSource::refresh() {
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

void StoreSource::lost(const std::exception& e) {
  log::error(std::string("mdns: store: ") + e.what()
             + "; answering from the zones as they were until it is back");
  m_broken = true;
  Latest& latest = latest_for(m_impl->path);
  std::lock_guard lock(latest.mutex);
  if (latest.loaded > m_loaded) {
    m_catalog = latest.catalog;
    m_loaded = latest.loaded;
  }
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
  auto s = store::Store::open(m_impl->path);
  if (!s) {
    retry_later();
    return;
  }
  try {
    auto impl = std::make_unique<Impl>(m_impl->path, std::move(*s));
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
  auto& db = m_impl->store.db();
  uint64_t started = ++g_loads;
  Catalog c;
  db::Statement zones(db, std::string(k_zone_select) + "WHERE z.action != 'DELETE'");
  while (zones.step()) {
    if (auto info = zone_info(zones)) {
      std::string key(info->apex_key.begin(), info->apex_key.end());
      c.zones.emplace(std::move(key), std::move(*info));
    }
  }
  db::Statement keys(db, "SELECT name, algorithm, secret, scope, resource_id FROM tsigkeys");
  while (keys.step()) {
    KeyInfo k;
    k.name = keys.column(0).string();
    k.algorithm = keys.column(1).string();
    k.secret = keys.column(2).string();
    k.scope = model::parse_key_scope(keys.column(3).string());
    k.resource_id = keys.column(4).string();
    c.keys.push_back(std::move(k));
  }
  // Who may transfer a pool's zones without a key: its targets (the addresses each
  // backend says its server transfers from), its nameservers and its also_notifies.
  if (auto pools = store::load_pools(m_impl->store)) {
    for (const auto& p : *pools) {
      auto& allowed = c.pool_addresses[p.id];
      for (const auto& t : p.targets) {
        if (auto b = backends::make(t)) {
          for (auto& a : (*b)->transfer_sources()) {
            allowed.push_back(std::move(a));
          }
        }
      }
      for (const auto* list : {&p.nameservers, &p.also_notifies}) {
        for (const auto& hp : *list) {
          if (text::is_ip(hp.host)) {
            allowed.push_back(hp.host);
          }
        }
      }
    }
  }
  log::debug("mdns: catalog loaded, " + std::to_string(c.zones.size()) + " zones, "
             + std::to_string(c.keys.size()) + " keys");
  auto loaded = std::make_shared<const Catalog>(std::move(c));
  m_catalog = loaded;
  m_loaded = started;
  Latest& latest = latest_for(m_impl->path);
  std::lock_guard lock(latest.mutex);
  if (started > latest.loaded) {
    latest.catalog = std::move(loaded);
    latest.loaded = started;
  }
}

size_t StoreSource::rrsets_at(const ZoneInfo& zone,
                              Key owner,
                              const std::function<void(const RRsetView&)>& f) {
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
    v.packed = blob(st.column(2));
    f(v);
    ++n;
  }
  st.reset();
  return n;
}

bool StoreSource::has_descendants(const ZoneInfo& zone, Key name) {
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
  // A statement of its own: a transfer streams for as long as the client reads, while
  // the other statements keep serving this thread's queries.
  try {
    db::Statement st(m_impl->store.db(),
                     "SELECT owner, type, ttl, rdata FROM recordsets "
                     "WHERE zone_id = ? ORDER BY owner, type");
    st.bind(1, zone.id);
    st.stream();
    while (st.step()) {
      RRsetView v;
      v.owner = blob(st.column(0));
      v.type = static_cast<uint16_t>(st.column(1).int32());
      v.ttl = st.column(2).is_null() ? zone.ttl : static_cast<uint32_t>(st.column(2).int64());
      v.packed = blob(st.column(3));
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
  db::Statement st(m_impl->store.db(),
                   "SELECT id, serial_from, serial_to, soa_from, soa_to, soa_ttl, complete "
                   "FROM zone_journal WHERE zone_id = ?1 AND id >= "
                   "(SELECT max(id) FROM zone_journal WHERE zone_id = ?1 AND serial_from = ?2) "
                   "ORDER BY id");
  st.bind(1, zone.id);
  st.bind(2, static_cast<int64_t>(serial));
  std::vector<JournalStep> steps;
  uint32_t expect = serial;
  while (st.step()) {
    JournalStep s;
    s.id = st.column(0).int64();
    s.serial_from = static_cast<uint32_t>(st.column(1).int64());
    s.serial_to = static_cast<uint32_t>(st.column(2).int64());
    auto from = blob(st.column(3));
    auto to = blob(st.column(4));
    s.soa_from.assign(from.begin(), from.end());
    s.soa_to.assign(to.begin(), to.end());
    s.soa_ttl = static_cast<uint32_t>(st.column(5).int64());
    bool complete = st.column(6).int32() != 0;
    // Every step must follow the last one, and describe its change fully.
    if (!complete || s.serial_from != expect) {
      return std::nullopt;
    }
    expect = s.serial_to;
    steps.push_back(std::move(s));
  }
  if (steps.empty() || expect != zone.serial) {
    return std::nullopt;
  }
  return steps;
}

std::optional<ZoneInfo> StoreSource::begin_snapshot(const ZoneInfo& zone) {
  auto& db = m_impl->store.db();
  try {
    // A deferred read transaction: its first SELECT fixes the moment (WAL keeps it for
    // us while writers go on), and the zone's row is read in it.
    db.begin_read();
    db::Statement st(db, std::string(k_zone_select) + "WHERE z.id = ? AND z.action != 'DELETE'");
    st.bind(1, zone.id);
    if (st.step()) {
      return zone_info(st);
    }
  } catch (const std::exception& e) {
    log::error(std::string("mdns: store: ") + e.what());
  }
  return std::nullopt;
}

void StoreSource::end_snapshot() {
  auto& db = m_impl->store.db();
  try {
    if (db.in_transaction()) {
      db.commit();
    }
  } catch (const std::exception& e) {
    log::error(std::string("mdns: store: ") + e.what());
    db.rollback();
  }
}

bool StoreSource::for_each_journal_rr(const JournalStep& step,
                                      bool added,
                                      const std::function<bool(const RRsetView&)>& f) {
  auto& st = m_impl->journal_rrs;
  st.reset();
  st.bind(1, step.id);
  st.bind(2, added ? 1 : 0);
  while (st.step()) {
    RRsetView v;
    v.owner = blob(st.column(0));
    v.type = static_cast<uint16_t>(st.column(1).int32());
    v.ttl = static_cast<uint32_t>(st.column(2).int64());
    v.packed = blob(st.column(3));
    if (!f(v)) {
      st.reset();
      return false;
    }
  }
  st.reset();
  return true;
}

} // namespace dnsctl::mdns
