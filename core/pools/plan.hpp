#pragma once
// `pool update`: the diff against the store, the checks that must pass before anything
// is written (pools to delete must be empty, zones keep at least one NS, names stay
// unique), and the apply: the whole file in one transaction, or nothing.

#include "core/pools/diff.hpp"
#include "core/util/result.hpp"

namespace dnsctl::store {
class Store;
}

namespace dnsctl::pools {

struct Plan {
  Diff diff;
  std::vector<PlanLine> effects; // what the change does to zones (serial bumps, pending work)
  bool empty() const { return diff.empty(); }
};

// Fails (Errc::conflict / invalid_input) with every blocking problem named.
Result<Plan> make_plan(store::Store& store,
                       const std::vector<model::Pool>& desired,
                       DeleteMissing delete_missing);

// Applies the plan inside the caller's Store::write(). Returns the number of zones
// that got a serial bump.
Result<int> apply(store::Store& store, Plan& plan);

} // namespace dnsctl::pools
