#include "core/store/zone_rows.hpp"

#include "core/dns/name.hpp"
#include "core/store/access.hpp"
#include "core/store/zone_row.hpp"
#include "core/util/text.hpp"
#include "core/util/uuid.hpp"

#include <map>

namespace dnsctl::store {

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
  z.project_id = st.column(22).string();
  z.version = st.column(23).int64();
  return z;
}

namespace {

enum class Catalogs { hidden, only };

std::vector<model::Zone> query_zones(db::Connection& db,
                                     const std::string& where,
                                     const std::vector<std::string>& args,
                                     Catalogs catalogs = Catalogs::hidden) {
  // Catalog zones are the pools' (core/zone/catalog.hpp), never a command's to change.
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

void exec(Store& store, const char* sql, const std::vector<int64_t>& args) {
  db::Statement st(connection(store), sql);
  for (size_t i = 0; i < args.size(); ++i) {
    st.bind(static_cast<int>(i + 1), args[i]);
  }
  st.exec();
}

} // namespace

Result<model::Zone> find_catalog_zone_row(Store& store, const std::string& uuid) {
  return store.read([&]() -> Result<model::Zone> {
    auto zones = query_zones(connection(store), "WHERE z.uuid = ?1", {uuid}, Catalogs::only);
    if (zones.empty()) {
      return make_error(Errc::not_found, "no catalog zone " + uuid);
    }
    return zones.front();
  });
}

Result<std::optional<model::Zone>> find_catalog_zone(Store& store, int64_t pool_id) {
  return store.read([&]() -> Result<std::optional<model::Zone>> {
    db::Statement st(connection(store), "SELECT uuid FROM zones WHERE catalog_of = ?");
    st.bind(1, pool_id);
    if (!st.step()) {
      return std::optional<model::Zone>();
    }
    std::string id = st.column(0).string();
    st.reset();
    DNSCTL_TRY_ASSIGN(auto z, find_catalog_zone_row(store, id));
    return std::optional<model::Zone>(std::move(z));
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
    auto zones = query_zones(connection(store), "WHERE z.name = ?1 OR z.uuid = ?1", {key});
    if (zones.empty()) {
      return make_error(Errc::not_found, "zone " + text::quote(name_or_id) + " not found");
    }
    return zones.front();
  });
}

Result<std::vector<std::string>> zone_names(Store& store, std::string_view prefix, size_t limit) {
  return store.read([&]() -> Result<std::vector<std::string>> {
    db::Statement st(connection(store),
                     "SELECT name FROM zones WHERE catalog_of IS NULL AND name >= ?1 "
                     "ORDER BY name LIMIT ?2");
    st.bind(1, std::string(prefix));
    st.bind(2, static_cast<int64_t>(limit));
    std::vector<std::string> out;
    while (st.step()) {
      std::string n = st.column(0).string();
      if (n.compare(0, prefix.size(), prefix) != 0) {
        break; // past the prefix
      }
      out.push_back(std::move(n));
    }
    return out;
  });
}

Result<std::string> zone_uuid(Store& store, int64_t zone_id) {
  return store.read([&]() -> Result<std::string> {
    db::Statement q(connection(store), "SELECT uuid FROM zones WHERE id = ?");
    q.bind(1, zone_id);
    if (!q.step()) {
      return make_error(Errc::not_found, "zone " + std::to_string(zone_id) + " is gone");
    }
    return q.column(0).string();
  });
}

Result<std::vector<model::Zone>> read_zones(Store& store, const ZoneRows& which) {
  std::string where = "WHERE 1 = 1";
  std::vector<std::string> args;
  auto add = [&](const std::string& condition, std::string value) {
    where += " AND " + condition + " ?" + std::to_string(args.size() + 1);
    args.push_back(std::move(value));
  };
  if (which.pool_id != 0) {
    add("z.pool_id =", std::to_string(which.pool_id));
  }
  if (!which.status.empty()) {
    add("z.status =", which.status);
  }
  if (!which.action.empty()) {
    add("z.action =", which.action);
  }
  if (which.not_deleting) {
    add("z.action !=", "DELETE");
  }
  if (which.project) {
    add("z.project_id =", *which.project);
  }
  if (!which.uuid.empty()) {
    add("z.uuid =", which.uuid);
  }
  return store.read([&]() -> Result<std::vector<model::Zone>> {
    return query_zones(connection(store), where, args);
  });
}

Result<std::vector<std::string>> child_zone_names(Store& store, const model::Zone& zone) {
  return store.read([&]() -> Result<std::vector<std::string>> {
    // LIKE narrows the scan on both engines; the suffix test here makes it exact (an
    // `_` in a name is a LIKE wildcard, and SQLite's LIKE ignores case).
    db::Statement st(connection(store), "SELECT name FROM zones WHERE name LIKE ?");
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
  });
}

Result<std::vector<model::Zone>> zones_below(Store& store, const std::string& name) {
  return store.read([&]() -> Result<std::vector<model::Zone>> {
    // As child_zone_names: LIKE narrows, the suffix test is exact.
    auto zones = query_zones(connection(store), "WHERE z.name LIKE ?1", {"%." + name});
    std::string suffix = "." + name;
    std::erase_if(zones, [&](const model::Zone& z) {
      return z.name.size() <= suffix.size() || !z.name.ends_with(suffix);
    });
    return zones;
  });
}

Result<std::optional<model::Zone>> zone_above(Store& store, const std::string& name) {
  return store.read([&]() -> Result<std::optional<model::Zone>> {
    // Each enclosing name in turn, closest first: a label count's worth of lookups by
    // the unique index (zone names hold no escaped dots: core/zone/rules).
    for (size_t dot = name.find('.'); dot != std::string::npos && dot + 1 < name.size();
         dot = name.find('.', dot + 1)) {
      auto zones = query_zones(connection(store), "WHERE z.name = ?1", {name.substr(dot + 1)});
      if (!zones.empty()) {
        return std::optional<model::Zone>(std::move(zones.front()));
      }
    }
    return std::optional<model::Zone>();
  });
}

Result<std::vector<std::string>> catalog_member_ids(Store& store, int64_t pool_id) {
  return store.read([&]() -> Result<std::vector<std::string>> {
    db::Statement st(connection(store),
                     "SELECT uuid FROM zones WHERE catalog_of IS NULL AND action != 'DELETE' "
                     "AND (pool_id = ?1 OR id IN (SELECT zone_id FROM zone_moves "
                     "WHERE from_pool_id = ?1 AND keep_source = 0))");
    st.bind(1, pool_id);
    std::vector<std::string> ids;
    while (st.step()) {
      ids.push_back(st.column(0).string());
    }
    return ids;
  });
}

Result<std::optional<int64_t>> move_source_pool(Store& store, int64_t zone_id) {
  return store.read([&]() -> Result<std::optional<int64_t>> {
    db::Statement from(connection(store), "SELECT from_pool_id FROM zone_moves WHERE zone_id = ?");
    from.bind(1, zone_id);
    if (from.step()) {
      return std::optional<int64_t>(from.column(0).int64());
    }
    return std::optional<int64_t>();
  });
}

Result<int64_t> pool_target_count(Store& store, int64_t pool_id) {
  return store.read([&]() -> Result<int64_t> {
    db::Statement count(connection(store), "SELECT count(*) FROM pool_targets WHERE pool_id = ?");
    count.bind(1, pool_id);
    count.step();
    return count.column(0).int64();
  });
}

void insert_zone(Store& store, model::Zone& z, std::optional<int64_t> catalog_of) {
  db::Statement ins(connection(store),
                    "INSERT INTO zones(uuid, name, pool_id, email, description, ttl, "
                    "serial, mname, rname, refresh, retry, expire, minimum, status, "
                    "action, created_at, updated_at, catalog_of, project_id) VALUES "
                    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
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
  ins.bind(19, z.project_id);
  ins.step();
  z.id = ins.column(0).int64();
}

void write_zone_attributes(Store& store, int64_t zone_id, const model::KeyValues& attributes) {
  exec(store, "DELETE FROM zone_attributes WHERE zone_id = ?1", {zone_id});
  db::Statement attr(connection(store),
                     "INSERT INTO zone_attributes(zone_id, key, value) VALUES (?, ?, ?)");
  for (const auto& [k, v] : attributes) {
    attr.bind(1, zone_id);
    attr.bind(2, k);
    attr.bind(3, v);
    attr.exec();
    attr.reset();
  }
}

void write_zone_description(Store& store, int64_t zone_id, const std::string& description) {
  db::Statement st(
      connection(store),
      "UPDATE zones SET description = ?, updated_at = ?, version = version + 1 WHERE id = ?");
  st.bind(1, description);
  st.bind(2, Store::now());
  st.bind(3, zone_id);
  st.exec();
}

void write_zone_email(Store& store, int64_t zone_id, const std::string& email) {
  db::Statement st(connection(store),
                   "UPDATE zones SET email = ?, version = version + 1 WHERE id = ?");
  st.bind(1, email);
  st.bind(2, zone_id);
  st.exec();
}

void write_zone_soa(Store& store, const model::Zone& after, int64_t now) {
  db::Statement zone(connection(store),
                     "UPDATE zones SET serial = ?, mname = ?, rname = ?, email = ?, ttl = ?, "
                     "refresh = ?, retry = ?, expire = ?, minimum = ?, updated_at = ?, "
                     "status = 'PENDING', version = version + 1, "
                     "action = CASE action WHEN 'NONE' THEN 'UPDATE' ELSE action END "
                     "WHERE id = ?");
  zone.bind(1, static_cast<int64_t>(after.serial));
  zone.bind(2, after.mname);
  zone.bind(3, after.rname);
  zone.bind(4, after.email);
  zone.bind(5, static_cast<int64_t>(after.ttl));
  zone.bind(6, static_cast<int64_t>(after.timers.refresh));
  zone.bind(7, static_cast<int64_t>(after.timers.retry));
  zone.bind(8, static_cast<int64_t>(after.timers.expire));
  zone.bind(9, static_cast<int64_t>(after.timers.minimum));
  zone.bind(10, now);
  zone.bind(11, after.id);
  zone.exec();
}

void delete_zone_row(Store& store, int64_t zone_id) {
  exec(store, "DELETE FROM zones WHERE id = ?1", {zone_id});
}

void mark_zone_deleting(Store& store, int64_t zone_id, bool hard, int64_t now) {
  exec(store,
       "UPDATE zones SET action = 'DELETE', status = 'PENDING', version = version + 1, "
       "hard_delete = CASE WHEN ?1 = 1 THEN 1 ELSE hard_delete END, updated_at = ?2 "
       "WHERE id = ?3",
       {hard ? 1 : 0, now, zone_id});
  exec(store,
       "UPDATE target_zone_state SET action = 'delete', status = 'pending' WHERE zone_id = ?1",
       {zone_id});
}

void add_zone_targets(Store& store, int64_t zone_id, int64_t pool_id) {
  exec(store,
       "INSERT INTO target_zone_state(target_id, zone_id, action, status) "
       "SELECT id, ?1, 'create', 'pending' FROM pool_targets WHERE pool_id = ?2",
       {zone_id, pool_id});
}

Status add_target_zones(Store& store, int64_t pool_id, int64_t target_id) {
  exec(store,
       "INSERT INTO target_zone_state(target_id, zone_id, action, status) "
       "SELECT ?1, id, 'create', 'pending' FROM zones "
       "WHERE pool_id = ?2 AND action != 'DELETE' AND catalog_of IS NULL "
       "ON CONFLICT DO NOTHING",
       {target_id, pool_id});
  exec(store,
       "UPDATE zones SET status = 'PENDING', version = version + 1 "
       "WHERE pool_id = ?1 AND action != 'DELETE'",
       {pool_id});
  return {};
}

Status mark_target_reconfigure(Store& store, int64_t target_id) {
  exec(store,
       "UPDATE target_zone_state SET action = 'reconfigure', status = 'pending' "
       "WHERE target_id = ?1 AND action IN ('none', 'update')",
       {target_id});
  return {};
}

void start_zone_move(Store& store, const model::Zone& zone, int64_t to_pool, bool keep_source) {
  // The old pool's targets: one that never got the zone has nothing to drop; the others
  // wait, told nothing, until the new pool serves the zone.
  exec(store, "DELETE FROM target_zone_state WHERE zone_id = ?1 AND action = 'create'", {zone.id});
  exec(store,
       "UPDATE target_zone_state SET action = 'held', status = 'pending', last_error = '' "
       "WHERE zone_id = ?1",
       {zone.id});
  exec(store, "DELETE FROM nameserver_zone_state WHERE zone_id = ?1", {zone.id});
  exec(store,
       "INSERT INTO zone_moves(zone_id, from_pool_id, keep_source, started_at) "
       "VALUES (?1, ?2, ?3, ?4)",
       {zone.id, zone.pool_id, keep_source ? 1 : 0, Store::now()});
  exec(store,
       "UPDATE zones SET pool_id = ?1, status = 'PENDING', action = 'UPDATE', "
       "version = version + 1 WHERE id = ?2",
       {to_pool, zone.id});
  add_zone_targets(store, zone.id, to_pool);
}

} // namespace dnsctl::store
