#pragma once
// Per-target state of zones (target_zone_state).

#include "core/model/target_state.hpp"
#include "core/util/result.hpp"

#include <vector>

namespace dnsctl::store {

class Store;

// The state of every target of the zone's pool, in target order.
Result<std::vector<model::TargetState>> target_states(Store& store, int64_t zone_id);

} // namespace dnsctl::store
