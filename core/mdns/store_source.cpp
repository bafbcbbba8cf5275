#include "core/mdns/store_source.hpp"

#include "backends/backend.hpp"
#include "core/dns/soa.hpp"
#include "core/store/pools.hpp"
#include "core/store/store.hpp"
#include "core/util/log.hpp"
#include "core/util/text.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <sqlite3.h>

#include <memory>

namespace dnsctl::mdns {
namespace {

std::span<const uint8_t> blob(const SQLite::Column& c) {
  return {static_cast<const uint8_t*>(c.getBlob()), static_cast<size_t>(c.getBytes())};
}

std::span<const uint8_t> raw_blob(sqlite3_stmt* st, int col) {
  // The pointer first, then the size (sqlite3_column_blob's documented order).
  const void* p = sqlite3_column_blob(st, col);
  return {static_cast<const uint8_t*>(p), static_cast<size_t>(sqlite3_column_bytes(st, col))};
}

// Zones waiting to be deleted from their targets are no longer served.
constexpr const char* k_zone_select =
    "SELECT z.id, z.uuid, z.name, z.ttl, z.serial, z.mname, z.rname, z.refresh, z.retry, "
    "z.expire, z.minimum, z.pool_id, p.uuid, "
    "EXISTS (SELECT 1 FROM pool_catalog c WHERE c.pool_id = z.catalog_of AND c.tsig_key != '') "
    "FROM zones z JOIN pools p ON p.id = z.pool_id ";

// A row of k_zone_select; nullopt for a name that does not parse.
std::optional<ZoneInfo> zone_info(SQLite::Statement& row) {
  model::Zone z;
  z.id = row.getColumn(0).getInt64();
  z.uuid = row.getColumn(1).getString();
  z.name = row.getColumn(2).getString();
  z.ttl = static_cast<uint32_t>(row.getColumn(3).getInt64());
  z.serial = static_cast<uint32_t>(row.getColumn(4).getInt64());
  z.mname = row.getColumn(5).getString();
  z.rname = row.getColumn(6).getString();
  z.timers.refresh = static_cast<uint32_t>(row.getColumn(7).getInt64());
  z.timers.retry = static_cast<uint32_t>(row.getColumn(8).getInt64());
  z.timers.expire = static_cast<uint32_t>(row.getColumn(9).getInt64());
  z.timers.minimum = static_cast<uint32_t>(row.getColumn(10).getInt64());
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
  info.pool_id = row.getColumn(11).getInt64();
  info.pool_uuid = row.getColumn(12).getString();
  info.needs_key = row.getColumn(13).getInt() != 0;
  return info;
}

} // namespace

struct StoreSource::Impl {
  store::Store store;
  SQLite::Statement version;
  SQLite::Statement at;
  SQLite::Statement below;
  SQLite::Statement journal_rrs;
  int64_t seen_version = -1;

  explicit Impl(store::Store s)
      : store(std::move(s))
      , version(store.db(), "PRAGMA data_version")
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
    auto impl = std::make_unique<Impl>(std::move(s));
    std::unique_ptr<StoreSource> src(new StoreSource(std::move(impl)));
    src->refresh();
    return src;
  } catch (const std::exception& e) {
    return make_error(Errc::io, std::string("store: ") + e.what());
  }
}

void StoreSource::refresh() {
  auto& v = m_impl->version;
  v.reset();
  if (!v.executeStep()) {
    return;
  }
  int64_t now = v.getColumn(0).getInt64();
  v.reset();
  if (now == m_impl->seen_version) {
    return;
  }
  m_impl->seen_version = now;
  load_catalog();
}

void StoreSource::load_catalog() {
  auto& db = m_impl->store.db();
  Catalog c;
  SQLite::Statement zones(db, std::string(k_zone_select) + "WHERE z.action != 'DELETE'");
  while (zones.executeStep()) {
    if (auto info = zone_info(zones)) {
      std::string key(info->apex_key.begin(), info->apex_key.end());
      c.zones.emplace(std::move(key), std::move(*info));
    }
  }
  SQLite::Statement keys(db, "SELECT name, algorithm, secret, scope, resource_id FROM tsigkeys");
  while (keys.executeStep()) {
    KeyInfo k;
    k.name = keys.getColumn(0).getString();
    k.algorithm = keys.getColumn(1).getString();
    k.secret = keys.getColumn(2).getString();
    k.scope = model::parse_key_scope(keys.getColumn(3).getString());
    k.resource_id = keys.getColumn(4).getString();
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
  m_catalog = std::move(c);
}

size_t StoreSource::rrsets_at(const ZoneInfo& zone,
                              Key owner,
                              const std::function<void(const RRsetView&)>& f) {
  auto& st = m_impl->at;
  st.reset();
  st.bind(1, zone.id);
  st.bindNoCopy(2, owner.data(), static_cast<int>(owner.size()));
  size_t n = 0;
  while (st.executeStep()) {
    RRsetView v;
    v.owner = owner;
    v.type = static_cast<uint16_t>(st.getColumn(0).getInt());
    v.ttl = st.getColumn(1).isNull() ? zone.ttl : static_cast<uint32_t>(st.getColumn(1).getInt64());
    v.packed = blob(st.getColumn(2));
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
  st.bindNoCopy(2, name.data(), static_cast<int>(name.size()));
  st.bindNoCopy(3, upper.data(), static_cast<int>(upper.size()));
  bool found = st.executeStep();
  st.reset();
  return found;
}

bool StoreSource::for_each_rrset(const ZoneInfo& zone,
                                 const std::function<bool(const RRsetView&)>& f) {
  // A statement of its own: a transfer streams for as long as the client reads, while
  // the other statements keep serving this thread's queries. sqlite3's own API rather
  // than SQLiteCpp's: each SQLiteCpp Column copies a shared_ptr to its statement, and
  // those atomic counts were a tenth of the CPU of a transfer.
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(m_impl->store.db().getHandle(),
                         "SELECT owner, type, ttl, rdata FROM recordsets "
                         "WHERE zone_id = ? ORDER BY owner, type",
                         -1,
                         &raw,
                         nullptr)
      != SQLITE_OK) {
    sqlite3_finalize(raw);
    return false;
  }
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> st(raw, sqlite3_finalize);
  sqlite3_bind_int64(raw, 1, zone.id);
  int rc = 0;
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
    RRsetView v;
    v.owner = raw_blob(raw, 0);
    v.type = static_cast<uint16_t>(sqlite3_column_int(raw, 1));
    v.ttl = sqlite3_column_type(raw, 2) == SQLITE_NULL
                ? zone.ttl
                : static_cast<uint32_t>(sqlite3_column_int64(raw, 2));
    v.packed = raw_blob(raw, 3);
    if (!f(v)) {
      return false;
    }
  }
  return rc == SQLITE_DONE;
}

std::optional<std::vector<JournalStep>> StoreSource::journal_from(const ZoneInfo& zone,
                                                                  uint32_t serial) {
  SQLite::Statement st(m_impl->store.db(),
                       "SELECT id, serial_from, serial_to, soa_from, soa_to, soa_ttl, complete "
                       "FROM zone_journal WHERE zone_id = ?1 AND id >= "
                       "(SELECT max(id) FROM zone_journal WHERE zone_id = ?1 AND serial_from = ?2) "
                       "ORDER BY id");
  st.bind(1, zone.id);
  st.bind(2, static_cast<int64_t>(serial));
  std::vector<JournalStep> steps;
  uint32_t expect = serial;
  while (st.executeStep()) {
    JournalStep s;
    s.id = st.getColumn(0).getInt64();
    s.serial_from = static_cast<uint32_t>(st.getColumn(1).getInt64());
    s.serial_to = static_cast<uint32_t>(st.getColumn(2).getInt64());
    auto from = blob(st.getColumn(3));
    auto to = blob(st.getColumn(4));
    s.soa_from.assign(from.begin(), from.end());
    s.soa_to.assign(to.begin(), to.end());
    s.soa_ttl = static_cast<uint32_t>(st.getColumn(5).getInt64());
    bool complete = st.getColumn(6).getInt() != 0;
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
    db.exec("BEGIN");
    SQLite::Statement st(db,
                         std::string(k_zone_select) + "WHERE z.id = ? AND z.action != 'DELETE'");
    st.bind(1, zone.id);
    if (st.executeStep()) {
      return zone_info(st);
    }
  } catch (const std::exception& e) {
    log::error(std::string("mdns: store: ") + e.what());
  }
  return std::nullopt;
}

void StoreSource::end_snapshot() {
  auto* db = m_impl->store.db().getHandle();
  if (sqlite3_get_autocommit(db) == 0) {
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  }
}

bool StoreSource::for_each_journal_rr(const JournalStep& step,
                                      bool added,
                                      const std::function<bool(const RRsetView&)>& f) {
  auto& st = m_impl->journal_rrs;
  st.reset();
  st.bind(1, step.id);
  st.bind(2, added ? 1 : 0);
  while (st.executeStep()) {
    RRsetView v;
    v.owner = blob(st.getColumn(0));
    v.type = static_cast<uint16_t>(st.getColumn(1).getInt());
    v.ttl = static_cast<uint32_t>(st.getColumn(2).getInt64());
    v.packed = blob(st.getColumn(3));
    if (!f(v)) {
      st.reset();
      return false;
    }
  }
  st.reset();
  return true;
}

} // namespace dnsctl::mdns
