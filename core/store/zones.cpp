#include "core/store/zones.hpp"

#include "core/db/connection.hpp"
#include "core/dns/name.hpp"
#include "core/dns/rdata.hpp"
#include "core/dns/rrtype.hpp"
#include "core/dns/serial.hpp"
#include "core/store/catalog.hpp"
#include "core/store/journal.hpp"
#include "core/store/name_rules.hpp"
#include "core/store/pools.hpp"
#include "core/store/rules.hpp"
#include "core/store/store.hpp"
#include "core/store/zone_editor.hpp"
#include "core/util/text.hpp"
#include "core/util/uuid.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace dnsctl::store {
namespace {

constexpr const char* k_zone_columns =
    "z.id, z.uuid, z.name, z.pool_id, p.name, z.email, z.description, z.ttl, z.serial, "
    "z.mname, z.rname, z.refresh, z.retry, z.expire, z.minimum, z.status, z.action, "
    "z.hard_delete, z.created_at, z.updated_at, p.uuid, "
    "(SELECT f.name FROM zone_moves m JOIN pools f ON f.id = m.from_pool_id "
    "WHERE m.zone_id = z.id)";

model::Zone zone_from_row(db::Statement& st) {
  model::Zone z;
  z.id = st.column(0).int64();
  z.uuid = st.column(1).string();
  z.name = st.column(2).string();
  z.pool_id = st.column(3).int64();
  z.pool_name = st.column(4).string();
  z.pool_uuid = st.column(20).string();
  z.moving_from = st.column(21).string();
  z.email = st.column(5).string();
  z.description = st.column(6).string();
  z.ttl = static_cast<uint32_t>(st.column(7).int64());
  z.serial = static_cast<uint32_t>(st.column(8).int64());
  z.mname = st.column(9).string();
  z.rname = st.column(10).string();
  z.timers.refresh = static_cast<uint32_t>(st.column(11).int64());
  z.timers.retry = static_cast<uint32_t>(st.column(12).int64());
  z.timers.expire = static_cast<uint32_t>(st.column(13).int64());
  z.timers.minimum = static_cast<uint32_t>(st.column(14).int64());
  z.status = model::parse_zone_status(st.column(15).string()).value_or(model::ZoneStatus::pending);
  z.action = model::parse_zone_action(st.column(16).string()).value_or(model::ZoneAction::none);
  z.hard_delete = st.column(17).int32() != 0;
  z.created_at = st.column(18).int64();
  z.updated_at = st.column(19).int64();
  return z;
}

enum class Catalogs { hidden, only };

std::vector<model::Zone> query_zones(db::Connection& db,
                                     const std::string& where,
                                     const std::vector<std::string>& args,
                                     Catalogs catalogs = Catalogs::hidden) {
  // Catalog zones are the pools' (core/store/catalog.hpp), never a command's to change.
  std::string only = catalogs == Catalogs::hidden ? "WHERE z.catalog_of IS NULL"
                                                  : "WHERE z.catalog_of IS NOT NULL";
  if (where.rfind("WHERE ", 0) == 0) {
    only += " AND (" + where.substr(6) + ")";
  }
  db::Statement st(db,
                   std::string("SELECT ") + k_zone_columns
                       + " FROM zones z JOIN pools p ON p.id = z.pool_id " + only
                       + " ORDER BY z.name");
  for (size_t i = 0; i < args.size(); ++i) {
    st.bind(static_cast<int>(i + 1), args[i]);
  }
  std::vector<model::Zone> out;
  while (st.step()) {
    out.push_back(zone_from_row(st));
  }
  if (out.empty()) {
    return out;
  }
  // One more query for every zone's attributes (one zone: only its own).
  std::map<int64_t, model::Zone*> by_id;
  for (auto& z : out) {
    by_id[z.id] = &z;
  }
  db::Statement attrs(
      db,
      out.size() == 1 ? "SELECT zone_id, key, value FROM zone_attributes WHERE zone_id = ?1 "
                        "ORDER BY key"
                      : "SELECT zone_id, key, value FROM zone_attributes ORDER BY zone_id, key");
  if (out.size() == 1) {
    attrs.bind(1, out.front().id);
  }
  while (attrs.step()) {
    if (auto it = by_id.find(attrs.column(0).int64()); it != by_id.end()) {
      it->second->attributes.emplace_back(attrs.column(1).string(), attrs.column(2).string());
    }
  }
  return out;
}

// Attribute keys and values as pools.yaml's: keys 1..50 characters, values up to 255,
// no key twice.
Status check_attributes(const std::vector<std::pair<std::string, std::string>>& attributes) {
  std::set<std::string> seen;
  for (const auto& [k, v] : attributes) {
    if (k.empty() || k.size() > 50) {
      return make_error(Errc::invalid_input,
                        "attribute key " + text::quote(k) + ": 1..50 characters");
    }
    if (v.size() > 255) {
      return make_error(Errc::invalid_input,
                        "attribute " + k + ": the value is longer than 255 characters");
    }
    if (!seen.insert(k).second) {
      return make_error(Errc::invalid_input, "attribute " + k + " is given twice");
    }
  }
  return {};
}

// Designate's [service:central] default_pool_id, which its sample pools.yaml files use.
constexpr const char* k_designate_default_pool_id = "794ccc2c-d751-44fe-b57f-8894c9f5c842";

// The pool the default_pool, fallback and in_doubt_default_pool filters pick: the
// config file's, else the only pool, else the one named "default", else the one with
// Designate's default_pool_id; none is no error until a filter needs it.
Result<std::optional<model::Pool>> default_pool_of(Store& store,
                                                   const std::vector<model::Pool>& pools,
                                                   const model::Settings& settings) {
  if (!settings.default_pool.empty()) {
    DNSCTL_TRY_ASSIGN(auto p, find_pool(store, settings.default_pool));
    return std::optional<model::Pool>(p);
  }
  if (pools.size() == 1) {
    return std::optional<model::Pool>(pools.front());
  }
  for (const char* key : {"default", k_designate_default_pool_id}) {
    for (const auto& p : pools) {
      if (p.name == key || p.uuid == key) {
        return std::optional<model::Pool>(p);
      }
    }
  }
  return std::optional<model::Pool>();
}

// The zone's apex NS and SOA MNAME become the pool's, in one serial step (journalled,
// so secondaries take it by IXFR). Returns the new serial, 0 when nothing changed.
Result<uint32_t> put_pool_ns(Store& store, const model::Zone& z, const model::Pool& pool) {
  ZoneEditor editor(store, z);
  DNSCTL_TRY_ASSIGN(auto apex, dns::Name::parse(z.name));
  EditRRset rs{apex, dns::rrtype::k_ns, -1, {}, true, ""};
  for (const auto& r : pool.ns_records) {
    DNSCTL_TRY_ASSIGN(auto n, dns::Name::parse(r.hostname));
    rs.rdatas.emplace_back(n.wire(), n.wire() + n.size());
  }
  DNSCTL_TRY(editor.put(rs, Managed::allow));
  model::Zone after = z;
  after.mname = pool.ns_records.front().hostname;
  return editor.commit(&after);
}

void write_attributes(db::Connection& db, int64_t zone_id, const model::KeyValues& attributes) {
  db::Statement attr(db, "INSERT INTO zone_attributes(zone_id, key, value) VALUES (?, ?, ?)");
  for (const auto& [k, v] : attributes) {
    attr.bind(1, zone_id);
    attr.bind(2, k);
    attr.bind(3, v);
    attr.exec();
    attr.reset();
  }
}

Status check_timer(const char* what, std::optional<uint32_t> v) {
  if (v && *v > 2147483647u) {
    return make_error(Errc::invalid_input,
                      std::string(what) + " " + std::to_string(*v) + " is above 2147483647");
  }
  return {};
}

} // namespace

Result<Schedule> place_zone(Store& store,
                            std::string_view name_or_id,
                            const model::KeyValues& attributes,
                            const model::Settings& settings) {
  if (!name_or_id.empty()) {
    DNSCTL_TRY_ASSIGN(auto p, find_pool(store, name_or_id));
    return Schedule{p, {"--pool " + std::string(name_or_id) + " -> " + p.name}};
  }
  DNSCTL_TRY_ASSIGN(auto pools, load_pools(store));
  if (pools.empty()) {
    return make_error(Errc::not_found,
                      "there are no pools yet: run `dnsctl pool update pools.yaml` first");
  }
  DNSCTL_TRY_ASSIGN(auto fallback, default_pool_of(store, pools, settings));
  return schedule(pools,
                  attributes,
                  settings.scheduler_filters.empty() ? default_filter_chain()
                                                     : settings.scheduler_filters,
                  fallback);
}

Result<model::Pool>
resolve_pool(Store& store, std::string_view name_or_id, const model::Settings& settings) {
  DNSCTL_TRY_ASSIGN(auto placed, place_zone(store, name_or_id, {}, settings));
  return placed.pool;
}

void insert_zone(Store& store, model::Zone& z, std::optional<int64_t> catalog_of) {
  auto& db = store.db();
  db::Statement ins(db,
                    "INSERT INTO zones(uuid, name, pool_id, email, description, ttl, "
                    "serial, mname, rname, refresh, retry, expire, minimum, status, "
                    "action, created_at, updated_at, catalog_of) VALUES "
                    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
  ins.bind(1, z.uuid);
  ins.bind(2, z.name);
  ins.bind(3, z.pool_id);
  ins.bind(4, z.email);
  ins.bind(5, z.description);
  ins.bind(6, static_cast<int64_t>(z.ttl));
  ins.bind(7, static_cast<int64_t>(z.serial));
  ins.bind(8, z.mname);
  ins.bind(9, z.rname);
  ins.bind(10, static_cast<int64_t>(z.timers.refresh));
  ins.bind(11, static_cast<int64_t>(z.timers.retry));
  ins.bind(12, static_cast<int64_t>(z.timers.expire));
  ins.bind(13, static_cast<int64_t>(z.timers.minimum));
  ins.bind(14, model::to_string(z.status));
  ins.bind(15, model::to_string(z.action));
  ins.bind(16, z.created_at);
  ins.bind(17, z.updated_at);
  if (catalog_of) {
    ins.bind(18, *catalog_of);
  } else {
    ins.bind(18);
  }
  ins.step();
  z.id = ins.column(0).int64();
}

Result<model::Zone> find_catalog_zone_row(Store& store, const std::string& uuid) {
  return store.read([&]() -> Result<model::Zone> {
    auto zones = query_zones(store.db(), "WHERE z.uuid = ?1", {uuid}, Catalogs::only);
    if (zones.empty()) {
      return make_error(Errc::not_found, "no catalog zone " + uuid);
    }
    return zones.front();
  });
}

Result<model::Zone> find_zone(Store& store, std::string_view name_or_id) {
  return store.read([&]() -> Result<model::Zone> {
    std::string key = text::lower(name_or_id);
    if (!uuid::is_valid(key)) {
      auto name = dns::Name::parse(name_or_id);
      if (!name) {
        return make_error(Errc::invalid_input,
                          "zone " + text::quote(name_or_id) + ": " + name.error().message);
      }
      key = name->to_text();
    }
    auto zones = query_zones(store.db(), "WHERE z.name = ?1 OR z.uuid = ?1", {key});
    if (zones.empty()) {
      return make_error(Errc::not_found, "zone " + text::quote(name_or_id) + " not found");
    }
    return zones.front();
  });
}

Result<std::vector<model::Zone>> list_zones(Store& store, const ZoneFilter& filter) {
  std::string where = "WHERE 1 = 1";
  std::vector<std::string> args;
  if (!filter.pool.empty()) {
    DNSCTL_TRY_ASSIGN(auto pool, find_pool(store, filter.pool));
    where += " AND z.pool_id = ?" + std::to_string(args.size() + 1);
    args.push_back(std::to_string(pool.id));
  }
  auto add = [&](const std::string& col,
                 const std::string& value,
                 std::initializer_list<const char*> allowed) -> Status {
    if (value.empty()) {
      return {};
    }
    std::string up = value;
    for (char& c : up) {
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    bool ok = false;
    std::vector<std::string> names;
    for (const char* a : allowed) {
      names.emplace_back(a);
      ok = ok || up == a;
    }
    if (!ok) {
      return make_error(Errc::invalid_input,
                        col + " " + text::quote(value) + " (expected one of "
                            + text::join(names, ", ") + ")");
    }
    where += " AND z." + col + " = ?" + std::to_string(args.size() + 1);
    args.push_back(up);
    return {};
  };
  DNSCTL_TRY(add("status", filter.status, {"ACTIVE", "PENDING", "ERROR"}));
  DNSCTL_TRY(add("action", filter.action, {"NONE", "CREATE", "UPDATE", "DELETE"}));
  if (!filter.type.empty() && !text::equals_ci(filter.type, "PRIMARY")
      && !text::equals_ci(filter.type, "SECONDARY")) {
    return make_error(Errc::invalid_input,
                      "type " + text::quote(filter.type) + " (expected PRIMARY or SECONDARY)");
  }
  if (text::equals_ci(filter.type, "SECONDARY")) {
    return std::vector<model::Zone>{}; // every zone dnsctl holds is PRIMARY
  }
  auto zones = store.read(
      [&]() -> Result<std::vector<model::Zone>> { return query_zones(store.db(), where, args); });
  if (!zones || (filter.name.empty() && filter.email.empty() && filter.attributes.empty())) {
    return zones;
  }
  // Names are matched with and without the trailing dot, as people type them.
  std::string name = filter.name;
  if (!name.empty() && name.back() != '.' && name.back() != '*') {
    name += '.';
  }
  std::vector<model::Zone> kept;
  for (auto& z : *zones) {
    bool attrs_ok =
        std::all_of(filter.attributes.begin(), filter.attributes.end(), [&](const auto& a) {
          return std::find(z.attributes.begin(), z.attributes.end(), a) != z.attributes.end();
        });
    if (attrs_ok && (name.empty() || text::glob_match(name, z.name))
        && (filter.email.empty() || text::glob_match(filter.email, z.email))) {
      kept.push_back(std::move(z));
    }
  }
  return kept;
}

namespace {

// create_zone without the catalog step, which a batch takes once.
Result<model::Zone> create_zone_row(Store& store,
                                    const ZoneSpec& spec,
                                    const model::Settings& settings,
                                    std::vector<std::string>* placement) {
  auto name = dns::Name::parse(spec.name);
  if (!name) {
    return make_error(Errc::invalid_input,
                      "zone name " + text::quote(spec.name) + ": " + name.error().message);
  }
  if (auto ok = dns::check_host_name(*name, 2); !ok) {
    return make_error(Errc::invalid_input,
                      "zone name " + text::quote(spec.name) + ": " + ok.error().message);
  }
  if (spec.email.empty()) {
    return make_error(Errc::invalid_input, "--email is required (it becomes the SOA RNAME)");
  }
  DNSCTL_TRY(rules::check_description(spec.description));
  DNSCTL_TRY(check_attributes(spec.attributes));
  DNSCTL_TRY(check_zone_name_allowed(store, name->to_text(), spec.force ? Force::yes : Force::no));
  auto rname = dns::email_to_rname(spec.email);
  if (!rname) {
    return rname.error();
  }
  for (auto [what, v] : {std::pair{"--ttl", spec.ttl},
                         {"--refresh", spec.refresh},
                         {"--retry", spec.retry},
                         {"--expire", spec.expire},
                         {"--minimum", spec.minimum}}) {
    DNSCTL_TRY(check_timer(what, v));
  }

  DNSCTL_TRY_ASSIGN(auto placed, place_zone(store, spec.pool, spec.attributes, settings));
  const model::Pool& pool = placed.pool;
  if (placement != nullptr) {
    *placement = placed.trace;
  }
  if (pool.ns_records.empty()) {
    return make_error(Errc::invalid_input,
                      "pool " + pool.name
                          + " has no ns_records: a zone needs at least one NS "
                            "(add ns_records to pools.yaml and run `dnsctl pool "
                            "update`)");
  }
  if (auto existing = find_zone(store, name->to_text()); existing) {
    if (existing->action == model::ZoneAction::remove) {
      return make_error(Errc::conflict,
                        "zone " + name->to_text()
                            + " is still being deleted from its targets: run "
                              "`dnsctl sync` first");
    }
    return make_error(Errc::conflict,
                      "zone " + name->to_text() + " already exists (id " + existing->uuid
                          + ", pool " + existing->pool_name + ")");
  }

  model::Zone z;
  z.uuid = uuid::generate();
  z.name = name->to_text();
  z.pool_id = pool.id;
  z.pool_name = pool.name;
  z.pool_uuid = pool.uuid;
  z.email = spec.email;
  z.description = spec.description;
  z.ttl = spec.ttl.value_or(settings.default_ttl);
  z.timers.refresh = spec.refresh.value_or(settings.soa.refresh);
  z.timers.retry = spec.retry.value_or(settings.soa.retry);
  z.timers.expire = spec.expire.value_or(settings.soa.expire);
  z.timers.minimum = spec.minimum.value_or(settings.soa.minimum);
  z.mname = pool.ns_records.front().hostname;
  z.rname = rname->to_text();
  z.serial = static_cast<uint32_t>(Store::now());
  if (spec.after_serial && !(dns::Serial(z.serial) > dns::Serial(*spec.after_serial))) {
    z.serial = dns::Serial::next(dns::Serial(*spec.after_serial), z.serial).value();
  }
  z.created_at = z.updated_at = Store::now();
  z.status = model::ZoneStatus::pending;
  z.action = model::ZoneAction::create;

  auto& db = store.db();
  insert_zone(store, z);
  write_attributes(db, z.id, spec.attributes);
  z.attributes = spec.attributes;
  std::sort(z.attributes.begin(), z.attributes.end());

  // The apex NS is the zone's first content; it is part of the initial version, so
  // it is written directly and not journalled.
  std::vector<std::string> ns;
  for (const auto& r : pool.ns_records) {
    ns.push_back(r.hostname);
  }
  DNSCTL_TRY(write_apex_ns(store, z, ns));

  db::Statement targets(db,
                        "INSERT INTO target_zone_state(target_id, zone_id, action, status) "
                        "SELECT id, ?, 'create', 'pending' FROM pool_targets "
                        "WHERE pool_id = ?");
  targets.bind(1, z.id);
  targets.bind(2, z.pool_id);
  targets.exec();
  store.log_change(z.name, "created in pool " + pool.name + ", serial " + std::to_string(z.serial));
  return z;
}

} // namespace

Result<model::Zone> create_zone(Store& store,
                                const ZoneSpec& spec,
                                const model::Settings& settings,
                                std::vector<std::string>* placement) {
  DNSCTL_TRY_ASSIGN(auto z, create_zone_row(store, spec, settings, placement));
  DNSCTL_TRY(add_catalog_members(store, z.pool_id, {z}));
  return z;
}

Result<std::vector<model::Zone>>
create_zones(Store& store, const std::vector<ZoneSpec>& specs, const model::Settings& settings) {
  std::vector<model::Zone> made;
  made.reserve(specs.size());
  std::map<int64_t, std::vector<model::Zone>> by_pool;
  for (const auto& spec : specs) {
    auto z = create_zone_row(store, spec, settings, nullptr);
    if (!z) {
      auto e = z.error();
      if (specs.size() > 1 && e.message.find(spec.name) == std::string::npos) {
        e.message = spec.name + ": " + e.message;
      }
      return e;
    }
    by_pool[z->pool_id].push_back(*z);
    made.push_back(std::move(*z));
  }
  // One catalog step per pool for the whole batch.
  for (const auto& [pool_id, zones] : by_pool) {
    DNSCTL_TRY(add_catalog_members(store, pool_id, zones));
  }
  return made;
}

Result<model::Zone> update_zone(Store& store, const model::Zone& zone, const ZoneUpdate& u) {
  if (zone.action == model::ZoneAction::remove) {
    return make_error(Errc::conflict, "zone " + zone.name + " is being deleted");
  }
  if (u.description) {
    DNSCTL_TRY(rules::check_description(*u.description));
  }
  for (auto [what, v] : {std::pair{"--ttl", u.ttl},
                         {"--refresh", u.refresh},
                         {"--retry", u.retry},
                         {"--expire", u.expire},
                         {"--minimum", u.minimum}}) {
    DNSCTL_TRY(check_timer(what, v));
  }
  model::Zone after = zone;
  if (u.email) {
    auto rname = dns::email_to_rname(*u.email);
    if (!rname) {
      return rname.error();
    }
    after.email = *u.email;
    after.rname = rname->to_text();
  }
  after.ttl = u.ttl.value_or(zone.ttl);
  after.timers.refresh = u.refresh.value_or(zone.timers.refresh);
  after.timers.retry = u.retry.value_or(zone.timers.retry);
  after.timers.expire = u.expire.value_or(zone.timers.expire);
  after.timers.minimum = u.minimum.value_or(zone.timers.minimum);
  if (u.description && *u.description != zone.description) {
    db::Statement st(store.db(),
                     "UPDATE zones SET description = ?, updated_at = ? "
                     "WHERE id = ?");
    st.bind(1, *u.description);
    st.bind(2, Store::now());
    st.bind(3, zone.id);
    st.exec();
    after.description = *u.description;
  }
  bool soa_changed =
      after.rname != zone.rname || after.ttl != zone.ttl
      || !(after.timers.refresh == zone.timers.refresh && after.timers.retry == zone.timers.retry
           && after.timers.expire == zone.timers.expire
           && after.timers.minimum == zone.timers.minimum);
  if (soa_changed) {
    ZoneDelta delta;
    // RRsets without a TTL of their own follow the zone's: the journal cannot list
    // them cheaply, so this step forces an AXFR on secondaries older than it.
    delta.complete = after.ttl == zone.ttl;
    auto serial = commit_step(store, zone, after, delta);
    if (!serial) {
      return serial.error();
    }
    store.log_change(zone.name, "updated, serial " + std::to_string(*serial));
  } else if (after.email != zone.email) {
    // Same RNAME, different spelling of the address: no DNS change.
    db::Statement st(store.db(), "UPDATE zones SET email = ? WHERE id = ?");
    st.bind(1, after.email);
    st.bind(2, zone.id);
    st.exec();
  }
  return find_zone(store, zone.uuid);
}

Result<model::Zone> delete_zone(Store& store, const model::Zone& zone, HardDelete hard) {
  auto& db = store.db();
  // Out of the catalogs first: their consumers drop the zone by themselves.
  DNSCTL_TRY(remove_catalog_members(store, zone.pool_id, {zone}));
  {
    db::Statement from(db, "SELECT from_pool_id FROM zone_moves WHERE zone_id = ?");
    from.bind(1, zone.id);
    if (from.step()) {
      int64_t old_pool = from.column(0).int64();
      from.reset();
      DNSCTL_TRY(remove_catalog_members(store, old_pool, {zone}));
    }
  }
  db::Statement count(db, "SELECT count(*) FROM pool_targets WHERE pool_id = ?");
  count.bind(1, zone.pool_id);
  count.step();
  if (count.column(0).int64() == 0) {
    db::Statement del(db, "DELETE FROM zones WHERE id = ?");
    del.bind(1, zone.id);
    del.exec();
    store.log_change(zone.name, "deleted (pool has no targets)");
    model::Zone gone = zone;
    gone.action = model::ZoneAction::none;
    return gone;
  }
  db::Statement up(db,
                   "UPDATE zones SET action = 'DELETE', status = 'PENDING', "
                   "hard_delete = CASE WHEN ? = 1 THEN 1 ELSE hard_delete END, updated_at = ? "
                   "WHERE id = ?");
  up.bind(1, hard == HardDelete::yes ? 1 : 0);
  up.bind(2, Store::now());
  up.bind(3, zone.id);
  up.exec();
  db::Statement targets(db,
                        "UPDATE target_zone_state SET action = 'delete', "
                        "status = 'pending' WHERE zone_id = ?");
  targets.bind(1, zone.id);
  targets.exec();
  store.log_change(zone.name,
                   hard == HardDelete::yes ? "marked for deletion (hard)" : "marked for deletion");
  return find_zone(store, zone.uuid);
}

Result<model::Zone> move_zone(Store& store,
                              const model::Zone& zone,
                              const MoveSpec& spec,
                              const model::Settings& settings,
                              std::vector<std::string>* placement) {
  if (zone.action == model::ZoneAction::remove) {
    return make_error(Errc::conflict, "zone " + zone.name + " is being deleted: it cannot move");
  }
  if (!zone.moving_from.empty()) {
    return make_error(Errc::conflict,
                      "zone " + zone.name + " is still moving from pool " + zone.moving_from
                          + " to " + zone.pool_name
                          + ": run `dnsctl sync` until the move is over, then move it again");
  }
  if (spec.pool.empty() && spec.attributes.empty()) {
    return make_error(Errc::invalid_input, "say where to: --pool POOL or --attributes KEY:VALUE");
  }
  DNSCTL_TRY(check_attributes(spec.attributes));
  // Without --pool the scheduler decides on the new attributes (Designate reschedules
  // a pool move without a pool_id the same way).
  DNSCTL_TRY_ASSIGN(auto placed, place_zone(store, spec.pool, spec.attributes, settings));
  const model::Pool& to = placed.pool;
  if (placement != nullptr) {
    *placement = placed.trace;
  }
  if (to.id == zone.pool_id) {
    return make_error(Errc::invalid_input,
                      "zone " + zone.name + " is in pool " + to.name + " already"
                          + (spec.pool.empty() ? " (the scheduler chose it)" : ""));
  }
  if (to.ns_records.empty()) {
    return make_error(Errc::invalid_input,
                      "pool " + to.name + " has no ns_records: a zone needs at least one NS");
  }
  auto& db = store.db();
  auto exec = [&](const char* sql, const std::vector<int64_t>& args) {
    db::Statement st(db, sql);
    for (size_t i = 0; i < args.size(); ++i) {
      st.bind(static_cast<int>(i + 1), args[i]);
    }
    return st.exec();
  };
  // The old pool's targets: one that never got the zone has nothing to drop; the others
  // wait, told nothing, until the new pool serves the zone.
  exec("DELETE FROM target_zone_state WHERE zone_id = ?1 AND action = 'create'", {zone.id});
  exec("UPDATE target_zone_state SET action = 'held', status = 'pending', last_error = '' "
       "WHERE zone_id = ?1",
       {zone.id});
  exec("DELETE FROM nameserver_zone_state WHERE zone_id = ?1", {zone.id});
  exec("INSERT INTO zone_moves(zone_id, from_pool_id, keep_source, started_at) "
       "VALUES (?1, ?2, ?3, ?4)",
       {zone.id, zone.pool_id, spec.keep_source ? 1 : 0, Store::now()});
  exec("UPDATE zones SET pool_id = ?1, status = 'PENDING', action = 'UPDATE' WHERE id = ?2",
       {to.id, zone.id});
  exec("INSERT INTO target_zone_state(target_id, zone_id, action, status) "
       "SELECT id, ?1, 'create', 'pending' FROM pool_targets WHERE pool_id = ?2",
       {zone.id, to.id});
  if (!spec.attributes.empty()) {
    exec("DELETE FROM zone_attributes WHERE zone_id = ?1", {zone.id});
    write_attributes(db, zone.id, spec.attributes);
  }
  model::Zone moved = zone;
  moved.pool_id = to.id;
  DNSCTL_TRY_ASSIGN(auto serial, put_pool_ns(store, moved, to));
  // The old pool's catalog keeps it until the new pool serves it (release_move_source).
  DNSCTL_TRY(add_catalog_members(store, to.id, {zone}));
  store.log_change(zone.name,
                   "moving from pool " + zone.pool_name + " to " + to.name
                       + (serial != 0 ? ", serial " + std::to_string(serial) : "")
                       + (spec.keep_source ? " (keeping it on the old pool's servers)" : ""));
  return find_zone(store, zone.uuid);
}

Result<int> refresh_pool_ns(Store& store, const model::Pool& pool) {
  auto zones = query_zones(
      store.db(), "WHERE z.pool_id = ?1 AND z.action != 'DELETE'", {std::to_string(pool.id)});
  std::vector<std::string> ns;
  for (const auto& r : pool.ns_records) {
    ns.push_back(r.hostname);
  }
  if (ns.empty() && !zones.empty()) {
    return make_error(Errc::invalid_input,
                      "pool " + pool.name + " would have no ns_records left while it holds zones");
  }
  int changed = 0;
  for (const auto& z : zones) {
    DNSCTL_TRY_ASSIGN(auto serial, put_pool_ns(store, z, pool));
    if (serial != 0) {
      ++changed;
      store.log_change(z.name,
                       "apex NS from pool " + pool.name + ", serial " + std::to_string(serial));
    }
  }
  return changed;
}

Status add_target_zones(Store& store, int64_t pool_id, int64_t target_id) {
  db::Statement st(store.db(),
                   "INSERT INTO target_zone_state(target_id, zone_id, action, status) "
                   "SELECT ?, id, 'create', 'pending' FROM zones "
                   "WHERE pool_id = ? AND action != 'DELETE' AND catalog_of IS NULL "
                   "ON CONFLICT DO NOTHING");
  st.bind(1, target_id);
  st.bind(2, pool_id);
  st.exec();
  db::Statement z(store.db(),
                  "UPDATE zones SET status = 'PENDING' WHERE pool_id = ? "
                  "AND action != 'DELETE'");
  z.bind(1, pool_id);
  z.exec();
  return {};
}

Status mark_target_reconfigure(Store& store, int64_t target_id) {
  db::Statement st(store.db(),
                   "UPDATE target_zone_state SET action = 'reconfigure', "
                   "status = 'pending' WHERE target_id = ? "
                   "AND action IN ('none', 'update')");
  st.bind(1, target_id);
  st.exec();
  return {};
}

Result<std::vector<std::string>> child_zone_names(Store& store, const model::Zone& zone) {
  // LIKE narrows the scan on both engines; the suffix test here makes it exact (an
  // `_` in a name is a LIKE wildcard, and SQLite's LIKE ignores case).
  db::Statement st(store.db(), "SELECT name FROM zones WHERE name LIKE ?");
  st.bind(1, "%." + zone.name);
  std::string suffix = "." + zone.name;
  std::vector<std::string> names;
  while (st.step()) {
    std::string_view n = st.column(0).text();
    if (n.size() > suffix.size() && n.ends_with(suffix)) {
      names.emplace_back(n);
    }
  }
  return names;
}

} // namespace dnsctl::store
