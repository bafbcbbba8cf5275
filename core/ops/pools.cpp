#include "core/ops/pools.hpp"

#include "core/store/store.hpp"

namespace dnsctl::ops {

Result<PoolsUpdated> update_pools(store::Store& store,
                                  const std::vector<model::Pool>& desired,
                                  pools::DeleteMissing delete_missing,
                                  Mode mode) {
  PoolsUpdated out;
  if (mode == Mode::dry_run) {
    DNSCTL_TRY_ASSIGN(out.plan, pools::make_plan(store, desired, delete_missing));
    return out;
  }
  DNSCTL_TRY(store.write("pool update", [&]() -> Status {
    DNSCTL_TRY_ASSIGN(out.plan, pools::make_plan(store, desired, delete_missing));
    if (out.plan.empty()) {
      return {};
    }
    DNSCTL_TRY_ASSIGN(out.bumped, pools::apply(store, out.plan));
    out.applied = true;
    return {};
  }));
  return out;
}

} // namespace dnsctl::ops
