#pragma once
// Zone rows: reads by name, id, pool and state, and the writes the zone operations
// (core/zone) make. No rules here: what may be written is decided above, in the
// caller's transaction.

#include "core/model/pool.hpp"
#include "core/model/zone.hpp"
#include "core/util/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dnsctl::store {

class Store;

// By name (with or without the trailing dot, any case) or uuid. Catalog zones are the
// pools' own and never found here.
Result<model::Zone> find_zone(Store& store, std::string_view name_or_id);
// A catalog zone by its uuid, or the catalog zone of a pool (nullopt: it has none).
Result<model::Zone> find_catalog_zone_row(Store& store, const std::string& uuid);
Result<std::optional<model::Zone>> find_catalog_zone(Store& store, int64_t pool_id);

// Up to `limit` zone names that start with `prefix` (lower case, absolute), in order:
// for shell completion, one indexed range read however many zones there are.
Result<std::vector<std::string>> zone_names(Store& store, std::string_view prefix, size_t limit);

// A zone's uuid by its row id (a row of any kind, catalog zones too).
Result<std::string> zone_uuid(Store& store, int64_t zone_id);

// Which zone rows to read (every condition given must hold), ordered by name, with
// their attributes. Catalog zones are never among them.
struct ZoneRows {
  int64_t pool_id = 0;                // 0: any pool
  std::string status;                 // ACTIVE PENDING ERROR; empty: any
  std::string action;                 // NONE CREATE UPDATE DELETE; empty: any
  bool not_deleting = false;          // leave out zones marked for deletion
  std::optional<std::string> project; // nullopt: any project
  std::string uuid;                   // exactly this zone; empty: any
};
Result<std::vector<model::Zone>> read_zones(Store& store, const ZoneRows& which);

// The names of the zones strictly below `zone` (sub-zones hosted here too).
Result<std::vector<std::string>> child_zone_names(Store& store, const model::Zone& zone);
// The zones strictly below the zone name `name` (absolute), and the closest one above it.
Result<std::vector<model::Zone>> zones_below(Store& store, const std::string& name);
Result<std::optional<model::Zone>> zone_above(Store& store, const std::string& name);
// The uuids of the zones a pool's new catalog starts with: the pool's own, and those
// moving out of it whose old servers keep them until the move is over.
Result<std::vector<std::string>> catalog_member_ids(Store& store, int64_t pool_id);
// The pool a moving zone comes from; nullopt when it is not moving.
Result<std::optional<int64_t>> move_source_pool(Store& store, int64_t zone_id);
Result<int64_t> pool_target_count(Store& store, int64_t pool_id);

// Writes a new zone row as `z` has it (status, action, timers) and sets z.id.
// `catalog_of`: the pool whose catalog zone it is.
void insert_zone(Store& store, model::Zone& z, std::optional<int64_t> catalog_of = std::nullopt);
// Replaces the zone's attributes with these.
void write_zone_attributes(Store& store, int64_t zone_id, const model::KeyValues& attributes);
void write_zone_description(Store& store, int64_t zone_id, const std::string& description);
void write_zone_email(Store& store, int64_t zone_id, const std::string& email);
// The zone's SOA fields, serial and TTL as `after` has them; the zone becomes
// PENDING and, when it had nothing pending, an UPDATE.
void write_zone_soa(Store& store, const model::Zone& after, int64_t now);
void delete_zone_row(Store& store, int64_t zone_id);
// The zone waits to be deleted from its targets (all of them told to delete it).
void mark_zone_deleting(Store& store, int64_t zone_id, bool hard, int64_t now);

// Every target of `pool_id` is to create the zone.
void add_zone_targets(Store& store, int64_t zone_id, int64_t pool_id);
// A target joined a pool: it has to create every zone of the pool.
Status add_target_zones(Store& store, int64_t pool_id, int64_t target_id);
// A target's masters changed: zones it already has need their config rewritten.
Status mark_target_reconfigure(Store& store, int64_t target_id);

// A zone moves from its pool to `to_pool`: the old pool's targets that never got it
// forget it, the others are held (told nothing) until the new pool serves it, the new
// pool's targets are to create it, and the move is recorded.
void start_zone_move(Store& store, const model::Zone& zone, int64_t to_pool, bool keep_source);

} // namespace dnsctl::store
