#pragma once
// `pool update` as one operation: the plan made again inside the write lock, so what is
// applied is what was checked even with another dnsctl writing at the same time; the
// whole file in one transaction, or nothing. A dry run only plans.

#include "core/ops/zones.hpp"
#include "core/pools/plan.hpp"

namespace dnsctl::ops {

struct PoolsUpdated {
  pools::Plan plan;
  bool applied = false; // false: a dry run, or nothing to do
  int bumped = 0;       // zones whose serial moved
};

Result<PoolsUpdated> update_pools(store::Store& store,
                                  const std::vector<model::Pool>& desired,
                                  pools::DeleteMissing delete_missing,
                                  Mode mode = Mode::write);

} // namespace dnsctl::ops
