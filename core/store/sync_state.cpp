#include "core/store/sync_state.hpp"

#include "core/store/access.hpp"
#include "core/store/store.hpp"

#include <algorithm>

namespace dnsctl::store {

namespace {

// Rows of pool_id, target_id, zone id, name, uuid, serial, hard_delete, action,
// status and failures; only the zones in `zone_ids` when it is not empty.
std::vector<PendingTarget> pending_rows(db::Statement& st, const std::vector<int64_t>& zone_ids) {
  std::vector<PendingTarget> out;
  while (st.step()) {
    PendingTarget p;
    p.pool_id = st.column(0).int64();
    p.target_id = st.column(1).int64();
    p.zone_id = st.column(2).int64();
    if (!zone_ids.empty()
        && std::find(zone_ids.begin(), zone_ids.end(), p.zone_id) == zone_ids.end()) {
      continue;
    }
    p.zone = st.column(3).string();
    p.zone_uuid = st.column(4).string();
    p.serial = static_cast<uint32_t>(st.column(5).int64());
    p.hard_delete = st.column(6).int32() != 0;
    p.action = model::parse_target_action(st.column(7).string());
    p.status = model::parse_target_status(st.column(8).string());
    p.failures = static_cast<int>(st.column(9).int64());
    out.push_back(std::move(p));
  }
  return out;
}

} // namespace

Result<std::vector<PendingTarget>>
pending_targets(Store& store, const std::vector<int64_t>& zone_ids, int64_t pool_id) {
  return store.read([&]() -> Result<std::vector<PendingTarget>> {
    db::Statement st(connection(store),
                     "SELECT t.pool_id, s.target_id, z.id, z.name, z.uuid, z.serial, "
                     "z.hard_delete, s.action, s.status, s.failures FROM target_zone_state s "
                     "JOIN zones z ON z.id = s.zone_id "
                     "JOIN pool_targets t ON t.id = s.target_id "
                     "WHERE ((s.action != 'none' OR s.status NOT IN ('active', 'deleted')) "
                     "AND s.action != 'held' "
                     // Done on every target, but a nameserver of the zone's pool was never
                     // seen serving the current serial (a sync cut short between a target's
                     // step and its polls, a store that went away): NOTIFY and poll again.
                     "OR (s.action = 'none' AND s.status = 'active' AND z.action != 'DELETE' "
                     "AND t.pool_id = z.pool_id AND EXISTS (SELECT 1 FROM pool_nameservers n "
                     "LEFT JOIN nameserver_zone_state ns ON ns.nameserver_id = n.id "
                     "AND ns.zone_id = z.id WHERE n.pool_id = z.pool_id AND (ns.zone_id IS NULL "
                     "OR ns.serial != z.serial OR ns.status != 'in-sync')))) "
                     "AND (?1 = 0 OR t.pool_id = ?1) ORDER BY z.name, t.pool_id, t.position");
    st.bind(1, pool_id);
    return pending_rows(st, zone_ids);
  });
}

Result<std::vector<PendingTarget>>
held_targets(Store& store, const std::vector<int64_t>& zone_ids, int64_t pool_id) {
  return store.read([&]() -> Result<std::vector<PendingTarget>> {
    db::Statement st(connection(store),
                     "SELECT t.pool_id, s.target_id, z.id, z.name, z.uuid, z.serial, "
                     "z.hard_delete, s.action, s.status, s.failures FROM target_zone_state s "
                     "JOIN zones z ON z.id = s.zone_id "
                     "JOIN pool_targets t ON t.id = s.target_id "
                     "WHERE s.action = 'held' AND (?1 = 0 OR t.pool_id = ?1) "
                     "ORDER BY z.name, t.pool_id, t.position");
    st.bind(1, pool_id);
    return pending_rows(st, zone_ids);
  });
}

Result<std::map<int64_t, size_t>> zones_per_target(Store& store) {
  return store.read([&]() -> Result<std::map<int64_t, size_t>> {
    db::Statement st(connection(store),
                     "SELECT target_id, count(*) FROM target_zone_state "
                     "WHERE status != 'deleted' GROUP BY target_id");
    std::map<int64_t, size_t> out;
    while (st.step()) {
      out[st.column(0).int64()] = static_cast<size_t>(st.column(1).int64());
    }
    return out;
  });
}

Status record_target(Store& store, const TargetOutcome& o, int64_t now, int error_after) {
  auto& db = connection(store);
  if (!o.ok) {
    db::Statement st(db,
                     "UPDATE target_zone_state SET failures = failures + 1, "
                     "status = CASE WHEN failures + 1 >= ?1 THEN 'error' ELSE 'pending' END, "
                     "last_error = ?2, last_attempt = ?3 WHERE target_id = ?4 AND zone_id = ?5");
    st.bind(1, int64_t{error_after});
    st.bind(2, o.error);
    st.bind(3, now);
    st.bind(4, o.target_id);
    st.bind(5, o.zone_id);
    st.exec();
    return {};
  }
  bool deleted = o.action == model::TargetAction::remove;
  // Only when nothing changed since the plan was made: a record written meanwhile
  // bumped the serial and left the target pending, and it keeps that.
  db::Statement st(db,
                   "UPDATE target_zone_state SET action = 'none', status = ?1, "
                   "serial = ?2, last_error = '', last_attempt = ?3, failures = 0 "
                   "WHERE target_id = ?4 AND zone_id = ?5 AND action = ?6 "
                   "AND (SELECT serial FROM zones WHERE id = ?5) = ?2");
  st.bind(1, deleted ? "deleted" : "active");
  st.bind(2, static_cast<int64_t>(o.pushed_serial));
  st.bind(3, now);
  st.bind(4, o.target_id);
  st.bind(5, o.zone_id);
  st.bind(6, model::to_string(o.action));
  if (st.exec() == 0) {
    // A create that succeeded is no longer a create, whatever else is pending.
    db::Statement partly(db,
                         "UPDATE target_zone_state SET last_attempt = ?1, last_error = '', "
                         "failures = 0, status = 'pending', action = CASE WHEN action = "
                         "'create' AND ?2 != 0 THEN 'update' ELSE action END "
                         "WHERE target_id = ?3 AND zone_id = ?4");
    partly.bind(1, now);
    partly.bind(2, o.action == model::TargetAction::create ? 1 : 0);
    partly.bind(3, o.target_id);
    partly.bind(4, o.zone_id);
    partly.exec();
  }
  return {};
}

Result<std::vector<TargetZone>> target_zones(Store& store, int64_t target_id) {
  db::Statement st(connection(store),
                   "SELECT z.id, z.name, z.uuid, s.action FROM target_zone_state s "
                   "JOIN zones z ON z.id = s.zone_id "
                   "WHERE s.target_id = ?1 AND s.action != 'delete' AND s.status != 'deleted' "
                   "ORDER BY z.name");
  st.bind(1, target_id);
  std::vector<TargetZone> out;
  while (st.step()) {
    TargetZone t;
    t.zone_id = st.column(0).int64();
    t.zone = st.column(1).string();
    t.zone_uuid = st.column(2).string();
    t.action = model::parse_target_action(st.column(3).string());
    out.push_back(std::move(t));
  }
  return out;
}

Status
mark_target_missing(Store& store, int64_t target_id, int64_t zone_id, const std::string& why) {
  db::Statement st(connection(store),
                   "UPDATE target_zone_state SET action = 'create', status = 'error', "
                   "last_error = ?1 WHERE target_id = ?2 AND zone_id = ?3 "
                   "AND action NOT IN ('delete', 'held')");
  st.bind(1, why);
  st.bind(2, target_id);
  st.bind(3, zone_id);
  st.exec();
  return {};
}

Status mark_zone_targets_pending(Store& store,
                                 int64_t zone_id,
                                 int64_t pool_id,
                                 const std::string& error) {
  // A target whose own step failed keeps its error; one that did its part waits, and
  // says on what: it is not in error because another server is down.
  db::Statement st(connection(store),
                   "UPDATE target_zone_state SET "
                   "last_error = CASE WHEN failures > 0 AND last_error != '' "
                   "THEN last_error ELSE ?1 END, "
                   "status = CASE status WHEN 'error' THEN 'error' ELSE 'pending' END, "
                   "action = CASE action WHEN 'none' THEN 'update' ELSE action END "
                   "WHERE zone_id = ?2 AND status != 'deleted' AND action != 'held' "
                   "AND target_id IN (SELECT id FROM pool_targets WHERE pool_id = ?3)");
  st.bind(1, error);
  st.bind(2, zone_id);
  st.bind(3, pool_id);
  st.exec();
  return {};
}

Status record_nameserver(Store& store, const NameserverSeen& s, int64_t now) {
  db::Statement st(connection(store),
                   "INSERT INTO nameserver_zone_state(nameserver_id, zone_id, serial, status, "
                   "last_error, last_attempt, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?) "
                   "ON CONFLICT(nameserver_id, zone_id) DO UPDATE SET serial = excluded.serial, "
                   "status = excluded.status, last_error = excluded.last_error, "
                   "last_attempt = excluded.last_attempt, "
                   "last_seen = CASE WHEN excluded.last_seen > nameserver_zone_state.last_seen "
                   "THEN excluded.last_seen ELSE nameserver_zone_state.last_seen END");
  st.bind(1, s.nameserver_id);
  st.bind(2, s.zone_id);
  st.bind(3, static_cast<int64_t>(s.serial));
  st.bind(4, model::to_string(s.status));
  st.bind(5, s.error);
  st.bind(6, now);
  st.bind(7, s.status == model::NameserverStatus::unreachable ? int64_t{0} : now);
  st.exec();
  return {};
}

Result<std::optional<MoveState>> move_state(Store& store, int64_t zone_id) {
  return store.read([&]() -> Result<std::optional<MoveState>> {
    db::Statement move(connection(store),
                       "SELECT m.keep_source, "
                       "(SELECT count(*) FROM target_zone_state s JOIN pool_targets t "
                       "ON t.id = s.target_id WHERE s.zone_id = m.zone_id "
                       "AND t.pool_id = z.pool_id AND (s.action != 'none' "
                       "OR s.status != 'active')), m.from_pool_id, z.uuid FROM zone_moves m "
                       "JOIN zones z ON z.id = m.zone_id WHERE m.zone_id = ?");
    move.bind(1, zone_id);
    if (!move.step()) {
      return std::optional<MoveState>();
    }
    MoveState m;
    m.keep_source = move.column(0).int32() != 0;
    m.new_targets_done = move.column(1).int64() == 0;
    m.from_pool_id = move.column(2).int64();
    m.zone_uuid = move.column(3).string();
    return std::optional<MoveState>(std::move(m));
  });
}

Result<bool> release_held_targets(Store& store, int64_t zone_id, bool keep_source) {
  return store.read([&]() -> Result<bool> {
    db::Statement held(connection(store),
                       keep_source ? "DELETE FROM target_zone_state WHERE zone_id = ? "
                                     "AND action = 'held'"
                                   : "UPDATE target_zone_state SET action = 'delete', "
                                     "status = 'pending' WHERE zone_id = ? AND action = 'held'");
    held.bind(1, zone_id);
    return held.exec() > 0 && !keep_source;
  });
}

Status settle_untargeted_zones(Store& store) {
  db::Statement st(connection(store),
                   "UPDATE zones SET status = 'ACTIVE', action = 'NONE', version = version + 1 "
                   "WHERE (status != 'ACTIVE' OR action != 'NONE') AND action != 'DELETE' "
                   "AND catalog_of IS NULL AND NOT EXISTS (SELECT 1 FROM pool_targets t "
                   "WHERE t.pool_id = zones.pool_id)");
  st.exec();
  return {};
}

Status settle_zone(Store& store, int64_t zone_id) {
  auto& db = connection(store);
  // A move is over when the old pool's targets have deleted the zone (or were let go):
  // their rows, its nameservers' sightings and the move itself go.
  db::Statement gone(db,
                     "DELETE FROM target_zone_state WHERE zone_id = ?1 AND status = 'deleted' "
                     "AND action = 'none' AND EXISTS (SELECT 1 FROM zone_moves m "
                     "WHERE m.zone_id = ?1) AND target_id NOT IN (SELECT t.id FROM "
                     "pool_targets t JOIN zones z ON z.pool_id = t.pool_id WHERE z.id = ?1)");
  gone.bind(1, zone_id);
  gone.exec();
  db::Statement over(db,
                     "DELETE FROM zone_moves WHERE zone_id = ?1 AND NOT EXISTS (SELECT 1 "
                     "FROM target_zone_state s JOIN pool_targets t ON t.id = s.target_id "
                     "JOIN zones z ON z.id = s.zone_id WHERE s.zone_id = ?1 "
                     "AND t.pool_id != z.pool_id)");
  over.bind(1, zone_id);
  if (over.exec() > 0) {
    db::Statement seen(db,
                       "DELETE FROM nameserver_zone_state WHERE zone_id = ?1 AND "
                       "nameserver_id NOT IN (SELECT n.id FROM pool_nameservers n "
                       "JOIN zones z ON z.pool_id = n.pool_id WHERE z.id = ?1)");
    seen.bind(1, zone_id);
    seen.exec();
  }
  db::Statement counts(db,
                       "SELECT count(*), "
                       "coalesce(sum(CASE WHEN action = 'none' AND status IN ('active', "
                       "'deleted') THEN 1 ELSE 0 END), 0), "
                       "coalesce(sum(CASE WHEN status = 'error' THEN 1 ELSE 0 END), 0), "
                       "(SELECT action FROM zones WHERE id = ?1) "
                       "FROM target_zone_state WHERE zone_id = ?1");
  counts.bind(1, zone_id);
  if (!counts.step() || counts.column(3).is_null()) {
    return {}; // already gone
  }
  int64_t total = counts.column(0).int64();
  int64_t done = counts.column(1).int64();
  int64_t failed = counts.column(2).int64();
  std::string action = counts.column(3).string();
  counts.reset();
  if (done == total && action == "DELETE") {
    db::Statement del(db, "DELETE FROM zones WHERE id = ?");
    del.bind(1, zone_id);
    del.exec();
    return {};
  }
  const char* status = done == total ? "ACTIVE" : failed > 0 ? "ERROR" : "PENDING";
  db::Statement up(db,
                   "UPDATE zones SET status = ?1, action = CASE WHEN ?1 = 'ACTIVE' "
                   "AND action != 'DELETE' THEN 'NONE' ELSE action END, "
                   "version = version + CASE WHEN status != ?1 THEN 1 ELSE 0 END WHERE id = ?2");
  up.bind(1, status);
  up.bind(2, zone_id);
  up.exec();
  return {};
}

namespace {

// Each nameserver of the zone's pool, with what sync last saw it serve (if anything).
constexpr const char* k_nameserver_state_select =
    "SELECT n.id, n.host, n.port, coalesce(s.serial, 0), coalesce(s.status, ''), "
    "coalesce(s.last_error, ''), coalesce(s.last_attempt, 0), coalesce(s.last_seen, 0), z.id "
    "FROM zones z JOIN pool_nameservers n ON n.pool_id = z.pool_id "
    "LEFT JOIN nameserver_zone_state s ON s.nameserver_id = n.id AND s.zone_id = z.id ";

NameserverState nameserver_state(db::Statement& st) {
  NameserverState n;
  n.nameserver_id = st.column(0).int64();
  n.host = st.column(1).string();
  n.port = static_cast<uint16_t>(st.column(2).int32());
  n.serial = static_cast<uint32_t>(st.column(3).int64());
  n.status = model::parse_nameserver_status(st.column(4).string());
  n.last_error = st.column(5).string();
  n.last_attempt = st.column(6).int64();
  n.last_seen = st.column(7).int64();
  return n;
}

} // namespace

Result<std::vector<NameserverState>> nameserver_states(Store& store, int64_t zone_id) {
  return store.read([&]() -> Result<std::vector<NameserverState>> {
    db::Statement st(connection(store),
                     std::string(k_nameserver_state_select) + "WHERE z.id = ? ORDER BY n.position");
    st.bind(1, zone_id);
    std::vector<NameserverState> out;
    while (st.step()) {
      out.push_back(nameserver_state(st));
    }
    return out;
  });
}

Result<std::map<int64_t, std::vector<NameserverState>>> all_nameserver_states(Store& store) {
  return store.read([&]() -> Result<std::map<int64_t, std::vector<NameserverState>>> {
    db::Statement st(connection(store),
                     std::string(k_nameserver_state_select)
                         + "WHERE z.catalog_of IS NULL ORDER BY z.id, n.position");
    std::map<int64_t, std::vector<NameserverState>> out;
    while (st.step()) {
      out[st.column(8).int64()].push_back(nameserver_state(st));
    }
    return out;
  });
}

} // namespace dnsctl::store
