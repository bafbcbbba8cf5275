#pragma once
// A pool's catalog zone (RFC 9432 version "2", pools.yaml catalog_zone), kept by the
// store beside the pool's zones, as Designate keeps it: a zone row of the pool (schema
// 10, zones.catalog_of) with SOA MNAME and RNAME invalid., the refresh from pools.yaml,
// NS invalid., version TXT "2", and one PTR <zone id>.zones.<catalog> per member. Its
// TSIG key (catalog_zone_tsig_key, the base64 secret) is a key named after the catalog
// with scope ZONE, so it transfers the catalog and nothing else. Every function runs
// inside Store::write(), in the transaction of the change it follows: a consumer never
// sees a member before the mdns serves the member's zone.

#include "core/model/pool.hpp"
#include "core/model/zone.hpp"
#include "core/util/result.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace dnsctl::store {
class Store;
}

namespace dnsctl::zone {

using store::Store;

// The pool's catalog zone as pools.yaml has it now: made, with every zone of the pool
// as a member; its refresh and key kept in step; made anew under a new name; removed
// with catalog_zone. No serial step when nothing changed.
Status apply_pool_catalog(Store& store, const model::Pool& pool);
// Before the pool is deleted.
Status drop_pool_catalog(Store& store, int64_t pool_id);

// Members coming and going, in one serial step of the pool's catalog (nothing for a
// pool without one, or when the members are already so).
Status add_catalog_members(Store& store, int64_t pool_id, const std::vector<model::Zone>& zones);
Status remove_catalog_members(Store& store, int64_t pool_id, const std::vector<model::Zone>& zones);

} // namespace dnsctl::zone
