#include "core/store/pools.hpp"

#include "core/store/access.hpp"
#include "core/store/store.hpp"
#include "core/util/text.hpp"
#include "core/util/uuid.hpp"

#include <algorithm>
#include <set>

namespace dnsctl::store {
namespace {

using model::HostPort;
using model::KeyValues;
using model::Pool;
using model::Target;

std::vector<HostPort>
load_hostports(db::Connection& db, const char* table, const char* fk, int64_t id) {
  // Only nameservers carry a key.
  bool keyed = std::string_view(table) == "pool_nameservers";
  db::Statement st(db,
                   std::string("SELECT id, host, port") + (keyed ? ", tsigkey_id" : "") + " FROM "
                       + table + " WHERE " + fk + " = ? ORDER BY position");
  st.bind(1, id);
  std::vector<HostPort> out;
  while (st.step()) {
    HostPort hp;
    hp.id = st.column(0).int64();
    hp.host = st.column(1).string();
    hp.port = static_cast<uint16_t>(st.column(2).int32());
    if (keyed) {
      hp.tsigkey_id = st.column(3).string();
    }
    out.push_back(hp);
  }
  return out;
}

KeyValues load_kv(db::Connection& db, const char* table, const char* fk, int64_t id) {
  db::Statement st(db,
                   std::string("SELECT key, value FROM ") + table + " WHERE " + fk
                       + " = ? ORDER BY position");
  st.bind(1, id);
  KeyValues out;
  while (st.step()) {
    out.emplace_back(st.column(0).string(), st.column(1).string());
  }
  return out;
}

void fill_children(db::Connection& db, Pool& p) {
  p.attributes = load_kv(db, "pool_attributes", "pool_id", p.id);
  {
    db::Statement st(db,
                     "SELECT id, hostname, priority FROM pool_ns_records "
                     "WHERE pool_id = ? ORDER BY position");
    st.bind(1, p.id);
    while (st.step()) {
      p.ns_records.push_back(
          model::NsRecord{st.column(0).int64(), st.column(1).string(), st.column(2).int32(), {}});
    }
  }
  p.nameservers = load_hostports(db, "pool_nameservers", "pool_id", p.id);
  p.also_notifies = load_hostports(db, "pool_also_notifies", "pool_id", p.id);
  {
    db::Statement st(db,
                     "SELECT id, uuid, type, description, tsigkey_id FROM pool_targets "
                     "WHERE pool_id = ? ORDER BY position");
    st.bind(1, p.id);
    while (st.step()) {
      Target t;
      t.id = st.column(0).int64();
      t.uuid = st.column(1).string();
      t.type = st.column(2).string();
      t.description = st.column(3).string();
      t.tsigkey_id = st.column(4).string();
      p.targets.push_back(std::move(t));
    }
  }
  for (auto& t : p.targets) {
    t.masters = load_hostports(db, "pool_target_masters", "target_id", t.id);
    t.options = load_kv(db, "pool_target_options", "target_id", t.id);
  }
  db::Statement cat(db,
                    "SELECT fqdn, refresh, tsig_key, tsig_algorithm FROM pool_catalog "
                    "WHERE pool_id = ?");
  cat.bind(1, p.id);
  if (cat.step()) {
    model::CatalogZone c;
    c.fqdn = cat.column(0).string();
    if (!cat.column(1).is_null()) {
      c.refresh = static_cast<uint32_t>(cat.column(1).int64());
    }
    c.tsig_key = cat.column(2).string();
    c.tsig_algorithm = cat.column(3).string();
    p.catalog_zone = c;
  }
}

std::vector<Pool>
query_pools(db::Connection& db, const std::string& where, const std::string& arg) {
  db::Statement st(db, "SELECT id, uuid, name, description FROM pools " + where + " ORDER BY name");
  if (!arg.empty()) {
    st.bind(1, arg);
  }
  std::vector<Pool> pools;
  while (st.step()) {
    Pool p;
    p.id = st.column(0).int64();
    p.uuid = st.column(1).string();
    p.name = st.column(2).string();
    p.description = st.column(3).string();
    pools.push_back(std::move(p));
  }
  for (auto& p : pools) {
    fill_children(db, p);
  }
  return pools;
}

// Syncs one list of children: rows are matched by id; `write` inserts (id == 0) or
// updates one row at `position`.
template <class T, class Same, class Write>
void sync_rows(db::Connection& db,
               const char* table,
               const std::vector<T>& current,
               std::vector<T>& desired,
               Same same,
               Write write) {
  std::set<int64_t> keep;
  for (const auto& d : desired) {
    if (d.id != 0) {
      keep.insert(d.id);
    }
  }
  for (const auto& c : current) {
    if (keep.count(c.id) == 0) {
      db::Statement del(db, std::string("DELETE FROM ") + table + " WHERE id = ?");
      del.bind(1, c.id);
      del.exec();
    }
  }
  for (size_t i = 0; i < desired.size(); ++i) {
    auto& d = desired[i];
    if (d.id != 0) {
      auto it =
          std::find_if(current.begin(), current.end(), [&](const T& c) { return c.id == d.id; });
      if (it != current.end() && static_cast<size_t>(it - current.begin()) == i && same(*it, d)) {
        continue;
      }
    }
    write(d, static_cast<int64_t>(i));
  }
}

void sync_hostports(db::Connection& db,
                    const char* table,
                    const char* fk,
                    int64_t owner,
                    const std::vector<HostPort>& current,
                    std::vector<HostPort>& desired) {
  // Positions move when entries are inserted; park the rows that stay out of the way
  // of the UNIQUE constraint first by deleting the ones that go (sync_rows does).
  bool keyed = std::string_view(table) == "pool_nameservers";
  sync_rows(
      db,
      table,
      current,
      desired,
      [](const HostPort& a, const HostPort& b) {
        return a.host == b.host && a.port == b.port && a.tsigkey_id == b.tsigkey_id;
      },
      [&](HostPort& d, int64_t pos) {
        if (d.id == 0) {
          db::Statement ins(db,
                            std::string("INSERT INTO ") + table + "(" + fk
                                + ", position, host, port) VALUES (?, ?, ?, ?) RETURNING id");
          ins.bind(1, owner);
          ins.bind(2, pos);
          ins.bind(3, d.host);
          ins.bind(4, static_cast<int>(d.port));
          ins.step();
          d.id = ins.column(0).int64();
        } else {
          db::Statement up(db,
                           std::string("UPDATE ") + table
                               + " SET position = ?, host = ?, port = ? WHERE id = ?");
          up.bind(1, pos);
          up.bind(2, d.host);
          up.bind(3, static_cast<int>(d.port));
          up.bind(4, d.id);
          up.exec();
        }
        if (keyed) {
          db::Statement key(db, "UPDATE pool_nameservers SET tsigkey_id = ? WHERE id = ?");
          key.bind(1, d.tsigkey_id);
          key.bind(2, d.id);
          key.exec();
        }
      });
}

// Key/value children have the key as their identity: rewrite the list only when it
// differs (it is small), keeping nothing else to preserve.
void sync_kv(db::Connection& db,
             const char* table,
             const char* fk,
             int64_t owner,
             const KeyValues& current,
             const KeyValues& desired) {
  if (current == desired) {
    return;
  }
  std::set<std::string> keys;
  for (const auto& [k, v] : desired) {
    keys.insert(k);
  }
  for (const auto& [k, v] : current) {
    if (!keys.contains(k)) {
      db::Statement del(db,
                        std::string("DELETE FROM ") + table + " WHERE " + fk + " = ? AND key = ?");
      del.bind(1, owner);
      del.bind(2, k);
      del.exec();
    }
  }
  for (size_t i = 0; i < desired.size(); ++i) {
    db::Statement up(db,
                     std::string("INSERT INTO ") + table + "(" + fk
                         + ", position, key, value) VALUES (?, ?, ?, ?) "
                           "ON CONFLICT("
                         + fk
                         + ", key) DO UPDATE SET "
                           "position = excluded.position, value = excluded.value WHERE "
                         + table + ".position != excluded.position OR " + table
                         + ".value != excluded.value");
    up.bind(1, owner);
    up.bind(2, static_cast<int64_t>(i));
    up.bind(3, desired[i].first);
    up.bind(4, desired[i].second);
    up.exec();
  }
}

} // namespace

Result<std::vector<Pool>> load_pools(Store& store) {
  return store.read(
      [&]() -> Result<std::vector<Pool>> { return query_pools(connection(store), "", ""); });
}

Result<Pool> load_pool(Store& store, int64_t pool_id) {
  return store.read([&]() -> Result<Pool> {
    auto pools = query_pools(connection(store), "WHERE id = ?1", std::to_string(pool_id));
    if (pools.empty()) {
      return make_error(Errc::not_found, "pool " + std::to_string(pool_id) + " not found");
    }
    return pools.front();
  });
}

Result<Pool> find_pool(Store& store, std::string_view name_or_id) {
  return store.read([&]() -> Result<Pool> {
    auto pools = query_pools(
        connection(store), "WHERE name = ?1 OR uuid = lower(?1)", std::string(name_or_id));
    if (!pools.empty()) {
      return pools.front();
    }
    std::vector<std::string> names;
    db::Statement st(connection(store), "SELECT name FROM pools ORDER BY name");
    while (st.step()) {
      names.push_back(st.column(0).string());
    }
    return make_error(Errc::not_found,
                      "pool " + text::quote(name_or_id) + " not found"
                          + (names.empty() ? std::string(" (there are no pools: run `dnsctl pool "
                                                         "update pools.yaml`)")
                                           : " (pools: " + text::join(names, ", ") + ")"));
  });
}

Status save_pool(Store& store, Pool& desired, const Pool* current) {
  auto& db = connection(store);
  int64_t now = Store::now();
  if (current == nullptr) {
    if (desired.uuid.empty()) {
      desired.uuid = uuid::generate();
    }
    db::Statement ins(db,
                      "INSERT INTO pools(uuid, name, description, created_at, updated_at) "
                      "VALUES (?, ?, ?, ?, ?) RETURNING id");
    ins.bind(1, desired.uuid);
    ins.bind(2, desired.name);
    ins.bind(3, desired.description);
    ins.bind(4, now);
    ins.bind(5, now);
    ins.step();
    desired.id = ins.column(0).int64();
  } else {
    desired.id = current->id;
    desired.uuid = current->uuid;
    db::Statement up(db,
                     "UPDATE pools SET name = ?, description = ?, updated_at = ? "
                     "WHERE id = ?");
    up.bind(1, desired.name);
    up.bind(2, desired.description);
    up.bind(3, now);
    up.bind(4, desired.id);
    up.exec();
  }
  static const Pool k_empty;
  const Pool& cur = current != nullptr ? *current : k_empty;

  sync_kv(db, "pool_attributes", "pool_id", desired.id, cur.attributes, desired.attributes);
  sync_rows(
      db,
      "pool_ns_records",
      cur.ns_records,
      desired.ns_records,
      [](const model::NsRecord& a, const model::NsRecord& b) {
        return a.hostname == b.hostname && a.priority == b.priority;
      },
      [&](model::NsRecord& d, int64_t pos) {
        if (d.id == 0) {
          db::Statement ins(db,
                            "INSERT INTO pool_ns_records(pool_id, position, hostname, "
                            "priority) VALUES (?, ?, ?, ?) RETURNING id");
          ins.bind(1, desired.id);
          ins.bind(2, pos);
          ins.bind(3, d.hostname);
          ins.bind(4, d.priority);
          ins.step();
          d.id = ins.column(0).int64();
        } else {
          db::Statement up(db,
                           "UPDATE pool_ns_records SET position = ?, hostname = ?, "
                           "priority = ? WHERE id = ?");
          up.bind(1, pos);
          up.bind(2, d.hostname);
          up.bind(3, d.priority);
          up.bind(4, d.id);
          up.exec();
        }
      });
  sync_hostports(
      db, "pool_nameservers", "pool_id", desired.id, cur.nameservers, desired.nameservers);
  sync_hostports(
      db, "pool_also_notifies", "pool_id", desired.id, cur.also_notifies, desired.also_notifies);

  sync_rows(
      db,
      "pool_targets",
      cur.targets,
      desired.targets,
      [](const Target& a, const Target& b) {
        return a.type == b.type && a.description == b.description && a.tsigkey_id == b.tsigkey_id;
      },
      [&](Target& d, int64_t pos) {
        if (d.id == 0) {
          if (d.uuid.empty()) {
            d.uuid = uuid::generate();
          }
          db::Statement ins(db,
                            "INSERT INTO pool_targets(uuid, pool_id, position, type, "
                            "description, tsigkey_id) VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
          ins.bind(1, d.uuid);
          ins.bind(2, desired.id);
          ins.bind(3, pos);
          ins.bind(4, d.type);
          ins.bind(5, d.description);
          ins.bind(6, d.tsigkey_id);
          ins.step();
          d.id = ins.column(0).int64();
        } else {
          db::Statement up(db,
                           "UPDATE pool_targets SET position = ?, type = ?, "
                           "description = ?, tsigkey_id = ? WHERE id = ?");
          up.bind(1, pos);
          up.bind(2, d.type);
          up.bind(3, d.description);
          up.bind(4, d.tsigkey_id);
          up.bind(5, d.id);
          up.exec();
        }
      });
  for (auto& t : desired.targets) {
    const Target* ct = nullptr;
    for (const auto& c : cur.targets) {
      if (c.id == t.id) {
        ct = &c;
      }
    }
    static const Target k_none;
    const Target& base = ct != nullptr ? *ct : k_none;
    if (t.uuid.empty()) {
      t.uuid = base.uuid;
    }
    sync_kv(db, "pool_target_options", "target_id", t.id, base.options, t.options);
    sync_hostports(db, "pool_target_masters", "target_id", t.id, base.masters, t.masters);
  }

  if (desired.catalog_zone != cur.catalog_zone) {
    db::Statement del(db, "DELETE FROM pool_catalog WHERE pool_id = ?");
    del.bind(1, desired.id);
    del.exec();
    if (desired.catalog_zone) {
      const auto& c = *desired.catalog_zone;
      db::Statement ins(db,
                        "INSERT INTO pool_catalog(pool_id, fqdn, refresh, tsig_key, "
                        "tsig_algorithm) VALUES (?, ?, ?, ?, ?)");
      ins.bind(1, desired.id);
      ins.bind(2, c.fqdn);
      if (c.refresh) {
        ins.bind(3, static_cast<int64_t>(*c.refresh));
      } else {
        ins.bind(3);
      }
      ins.bind(4, c.tsig_key);
      ins.bind(5, c.tsig_algorithm);
      ins.exec();
    }
  }
  return {};
}

Result<std::vector<std::string>> pool_zone_names(Store& store, int64_t pool_id) {
  return store.read([&]() -> Result<std::vector<std::string>> {
    // A zone moving out is still on the pool's servers until the move is over.
    db::Statement st(connection(store),
                     "SELECT name FROM zones WHERE catalog_of IS NULL AND (pool_id = ?1 "
                     "OR id IN (SELECT zone_id FROM zone_moves WHERE from_pool_id = ?1)) "
                     "ORDER BY name");
    st.bind(1, pool_id);
    std::vector<std::string> names;
    while (st.step()) {
      names.push_back(st.column(0).string());
    }
    return names;
  });
}

Status delete_pool(Store& store, const Pool& pool) {
  DNSCTL_TRY_ASSIGN(auto zones, pool_zone_names(store, pool.id));
  if (!zones.empty()) {
    return make_error(Errc::conflict,
                      "pool " + pool.name + " still holds " + std::to_string(zones.size())
                          + " zone(s): " + text::join(zones, ", "));
  }
  db::Statement del(connection(store), "DELETE FROM pools WHERE id = ?");
  del.bind(1, pool.id);
  del.exec();
  return {};
}

} // namespace dnsctl::store
