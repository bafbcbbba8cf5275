#pragma once
// Pool rows and their children. Children are matched by row id: a child with an id
// is updated in place (it keeps its identity), one without is inserted, a stored one
// missing from the desired pool is deleted. Call inside Store::write().

#include "core/model/pool.hpp"
#include "core/util/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace dnsctl::store {

class Store;

// Every pool with all children, ordered by name.
Result<std::vector<model::Pool>> load_pools(Store& store);
Result<model::Pool> load_pool(Store& store, int64_t pool_id);

// By name or uuid. The error lists the pools there are.
Result<model::Pool> find_pool(Store& store, std::string_view name_or_id);

// Writes `desired` over `current` (nullptr: a new pool), touching only what differs,
// and fills in the ids of inserted rows.
Status save_pool(Store& store, model::Pool& desired, const model::Pool* current);

// Refuses (Errc::conflict, naming them) while zones still belong to the pool.
Status delete_pool(Store& store, const model::Pool& pool);

// Names of the zones in a pool, including those waiting to be deleted from targets.
Result<std::vector<std::string>> pool_zone_names(Store& store, int64_t pool_id);

} // namespace dnsctl::store
