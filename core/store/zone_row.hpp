#pragma once
// For core/store's own files: the columns of a zone row and their decoding, shared by
// the zone rows and the mdns's reader, so a zone is read one way.

#include "core/db/connection.hpp"
#include "core/model/zone.hpp"

namespace dnsctl::store {

// SELECT these FROM zones z JOIN pools p ON p.id = z.pool_id: zone_from_row reads
// them in this order; a query may add columns after them.
inline constexpr const char* k_zone_columns =
    "z.id, z.uuid, z.name, z.pool_id, p.name, z.email, z.description, z.ttl, z.serial, "
    "z.mname, z.rname, z.refresh, z.retry, z.expire, z.minimum, z.status, z.action, "
    "z.hard_delete, z.created_at, z.updated_at, p.uuid, "
    "(SELECT f.name FROM zone_moves m JOIN pools f ON f.id = m.from_pool_id "
    "WHERE m.zone_id = z.id), z.project_id, z.version";
inline constexpr int k_zone_column_count = 24;

model::Zone zone_from_row(db::Statement& st);

} // namespace dnsctl::store
