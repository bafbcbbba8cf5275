#include "core/store/serve.hpp"

#include "core/dns/soa.hpp"
#include "core/store/access.hpp"
#include "core/store/pools.hpp"
#include "core/store/zone_row.hpp"
#include "core/util/text.hpp"

#include <algorithm>
#include <array>

namespace dnsctl::store {

const ZoneInfo* ServedSet::find_zone(Key name) const {
  // Sort keys list labels from the root down, each ended by a 0 byte: every prefix
  // that ends at a 0 is an ancestor. Try the longest first.
  for (size_t len = name.size(); len > 0; --len) {
    if (name[len - 1] != 0) {
      continue;
    }
    auto it = zones.find(std::string(reinterpret_cast<const char*>(name.data()), len)); // NOLINT
    if (it != zones.end()) {
      return &it->second;
    }
  }
  return nullptr;
}

const KeyInfo* ServedSet::find_key(const std::string& name) const {
  for (const auto& k : keys) {
    if (k.name == name) {
      return &k;
    }
  }
  return nullptr;
}

namespace {

// Zones waiting to be deleted from their targets are no longer served. The zone row's
// columns, then whether it is a catalog with a key of its own.
std::string zone_select() {
  return std::string("SELECT ") + k_zone_columns
         + ", EXISTS (SELECT 1 FROM pool_catalog c WHERE c.pool_id = z.catalog_of "
           "AND c.tsig_key != '') FROM zones z JOIN pools p ON p.id = z.pool_id ";
}

// A row of zone_select(); nullopt for a name that does not parse.
std::optional<ZoneInfo> zone_info(db::Statement& row) {
  model::Zone z = zone_from_row(row);
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
  info.pool_id = z.pool_id;
  info.pool_uuid = z.pool_uuid;
  info.needs_key = row.column(k_zone_column_count).int32() != 0;
  return info;
}

// The type, ttl and rdata columns from `c` on; the ttl as DNSCTL_TTL selects it (one call
// per row fewer than asking whether it is NULL: a transfer reads a million rows).
StoredRRset stored(db::Statement& st, int c, Key owner) {
  return StoredRRset{owner,
                     static_cast<uint16_t>(st.column(c).int32()),
                     st.column(c + 1).int64(),
                     st.column(c + 2).blob()};
}

#define DNSCTL_TTL "coalesce(ttl, -1)" // NOLINT(cppcoreguidelines-macro-usage): pasted into SQL

RRsetView view(const StoredRRset& r, uint32_t zone_ttl) {
  return RRsetView{r.owner, r.type, r.ttl < 0 ? zone_ttl : static_cast<uint32_t>(r.ttl), r.packed};
}

} // namespace

struct ZoneReader::Statements {
  db::Statement at;
  db::Statement below;
  db::Statement journal_rrs;
  explicit Statements(db::Connection& db)
      : at(db, "SELECT type, " DNSCTL_TTL ", rdata FROM recordsets WHERE zone_id = ? AND owner = ?")
      , below(db,
              "SELECT 1 FROM recordsets WHERE zone_id = ? AND owner > ? "
              "AND owner < ? LIMIT 1")
      , journal_rrs(db,
                    "SELECT owner, type, ttl, rdata FROM zone_journal_rrs "
                    "WHERE journal_id = ? AND added = ? ORDER BY seq") {}
};

ZoneReader::ZoneReader(Store store)
    : m_store(std::move(store)) {}

ZoneReader::~ZoneReader() = default;

Result<std::unique_ptr<ZoneReader>> ZoneReader::open(const std::string& address) {
  DNSCTL_TRY_ASSIGN(auto s, Store::open(address));
  return std::unique_ptr<ZoneReader>(new ZoneReader(std::move(s)));
}

ZoneReader::Statements& ZoneReader::statements() {
  if (!m_st) {
    m_st = std::make_unique<Statements>(connection(m_store));
  }
  return *m_st;
}

bool ZoneReader::usable() {
  return m_store.usable();
}

ServedSet ZoneReader::served_set(const TransferSources& sources) {
  auto& db = connection(m_store);
  ServedSet c;
  db::Statement zones(db, zone_select() + "WHERE z.action != 'DELETE'");
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
  if (auto pools = load_pools(m_store)) {
    for (const auto& p : *pools) {
      auto& allowed = c.pool_addresses[p.id];
      for (const auto& t : p.targets) {
        if (sources) {
          for (auto& a : sources(t)) {
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
  return c;
}

std::optional<ZoneInfo> ZoneReader::zone(int64_t id) {
  db::Statement st(connection(m_store), zone_select() + "WHERE z.id = ? AND z.action != 'DELETE'");
  st.bind(1, id);
  if (st.step()) {
    return zone_info(st);
  }
  return std::nullopt;
}

size_t ZoneReader::rrsets_at(const ZoneInfo& zone,
                             Key owner,
                             const std::function<void(const RRsetView&)>& f) {
  auto& st = statements().at;
  st.reset();
  st.bind(1, zone.id);
  st.bind_ref(2, owner.data(), static_cast<int>(owner.size()));
  size_t n = 0;
  while (st.step()) {
    f(view(stored(st, 0, owner), zone.ttl));
    ++n;
  }
  st.reset();
  return n;
}

bool ZoneReader::has_descendants(const ZoneInfo& zone, Key name) {
  // Descendants' keys extend `name`, whose last byte is the 0 ending its last label:
  // they all sort below `name` with that byte raised to 1.
  std::vector<uint8_t> upper(name.begin(), name.end());
  if (upper.empty()) {
    return false;
  }
  upper.back() = 1;
  auto& st = statements().below;
  st.reset();
  st.bind(1, zone.id);
  st.bind_ref(2, name.data(), static_cast<int>(name.size()));
  st.bind_ref(3, upper.data(), static_cast<int>(upper.size()));
  bool found = st.step();
  st.reset();
  return found;
}

bool ZoneReader::for_each_rrset(const ZoneInfo& zone,
                                const std::function<bool(const RRsetView&)>& f) {
  // A statement of its own: a transfer streams for as long as the client reads, while
  // the prepared ones keep serving this thread's queries.
  db::Statement st(connection(m_store),
                   "SELECT owner, type, " DNSCTL_TTL ", rdata FROM recordsets "
                   "WHERE zone_id = ? ORDER BY owner, type");
  st.bind(1, zone.id);
  st.stream();
  std::array<db::Cell, 4> c;
  while (st.step()) {
    st.cells(0, "biib", c.data());
    RRsetView v{c[0].bytes,
                static_cast<uint16_t>(c[1].integer),
                c[2].integer < 0 ? zone.ttl : static_cast<uint32_t>(c[2].integer),
                c[3].bytes};
    if (!f(v)) {
      return false;
    }
  }
  return true;
}

std::optional<std::vector<JournalStep>> ZoneReader::journal_from(const ZoneInfo& zone,
                                                                 uint32_t serial) {
  db::Statement st(connection(m_store),
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
    auto from = st.column(3).blob();
    auto to = st.column(4).blob();
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

std::vector<std::vector<uint8_t>>
ZoneReader::journal_owners(const std::vector<JournalStep>& steps) {
  db::Statement st(connection(m_store), "SELECT owner FROM zone_journal_rrs WHERE journal_id = ?");
  std::vector<std::vector<uint8_t>> owners;
  for (const auto& step : steps) {
    st.reset();
    st.bind(1, step.id);
    while (st.step()) {
      auto o = st.column(0).blob();
      owners.emplace_back(o.begin(), o.end());
    }
  }
  st.reset();
  std::sort(owners.begin(), owners.end());
  owners.erase(std::unique(owners.begin(), owners.end()), owners.end());
  return owners;
}

bool ZoneReader::for_each_journal_rr(const JournalStep& step,
                                     bool added,
                                     const std::function<bool(const RRsetView&)>& f) {
  auto& st = statements().journal_rrs;
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

void ZoneReader::stored_rrsets(int64_t zone_id, const std::function<void(const StoredRRset&)>& f) {
  db::Statement st(connection(m_store),
                   "SELECT owner, type, " DNSCTL_TTL ", rdata FROM recordsets WHERE zone_id = ? "
                   "ORDER BY owner, type");
  st.bind(1, zone_id);
  st.stream();
  while (st.step()) {
    f(stored(st, 1, st.column(0).blob()));
  }
}

void ZoneReader::all_stored_rrsets(const std::function<void(int64_t, const StoredRRset&)>& f) {
  db::Statement st(connection(m_store),
                   "SELECT zone_id, owner, type, " DNSCTL_TTL ", rdata FROM recordsets "
                   "ORDER BY zone_id, owner, type");
  st.stream();
  while (st.step()) {
    f(st.column(0).int64(), stored(st, 2, st.column(1).blob()));
  }
}

void ZoneReader::stored_rrsets_at(int64_t zone_id,
                                  const std::vector<std::vector<uint8_t>>& owners,
                                  const std::function<void(const StoredRRset&)>& f) {
  db::Statement st(connection(m_store),
                   "SELECT type, " DNSCTL_TTL ", rdata FROM recordsets WHERE zone_id = ? "
                   "AND owner = ? ORDER BY type");
  for (const auto& owner : owners) {
    st.reset();
    st.bind(1, zone_id);
    st.bind_ref(2, owner.data(), static_cast<int>(owner.size()));
    while (st.step()) {
      f(stored(st, 0, owner));
    }
  }
  st.reset();
}

void ZoneReader::begin_snapshot() {
  m_store.begin_read();
}

void ZoneReader::end_snapshot() {
  m_store.end_read();
}

} // namespace dnsctl::store
