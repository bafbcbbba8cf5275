#pragma once
// What one sync run will do: per target with work for a zone, the backend step
// (add, remove, reconfigure) or only a NOTIFY (a record change). Built from the
// store's per-target state, so a run with nothing pending plans nothing.

#include "backends/driver.hpp"
#include "core/model/pool.hpp"
#include "core/store/sync_state.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dnsctl::sync {

struct Step {
  store::PendingTarget pending;
  model::Target target;
  std::optional<backends::ZoneOp> op; // none: NOTIFY only
  std::string refused;                // set: not run (too many deletions)
};

// "addzone" "delzone" "modzone" "notify" for bind9 targets (the rndc verbs an
// operator knows); the driver's op name for others.
std::string step_verb(const Step& step);
// "bind9 127.0.0.1:953 (description or uuid)"
std::string target_label(const model::Target& target);

struct PlanLimits {
  std::optional<size_t> max_deletes; // per target; default max(10, 10 % of its zones)
  bool force = false;                // no limit
};

struct Plan {
  std::vector<Step> steps;
  bool empty() const { return steps.empty(); }
};

// `zones_on_target`: how many zones each target holds (for the default limit).
Plan make_plan(const std::vector<store::PendingTarget>& pending,
               const std::vector<model::Pool>& pools,
               const std::map<int64_t, size_t>& zones_on_target,
               const PlanLimits& limits);

} // namespace dnsctl::sync
