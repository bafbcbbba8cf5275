#pragma once
// Per-target state of zones (target_zone_state).

#include "core/model/target_state.hpp"
#include "core/util/result.hpp"

#include <map>
#include <vector>

namespace dnsctl::store {

class Store;

// The state of every target of the zone's pool, in target order.
Result<std::vector<model::TargetState>> target_states(Store& store, int64_t zone_id);
// Every zone's, by zone id, in one query (`status` of 10,000 zones: one query, not 10,000).
Result<std::map<int64_t, std::vector<model::TargetState>>> all_target_states(Store& store);

} // namespace dnsctl::store
