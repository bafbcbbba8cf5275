#pragma once
// What one sync run will do: per target with work for a zone, the backend step
// (add, remove, reconfigure) or only a NOTIFY (a record change). Built from the
// store's per-target state, so a run with nothing pending plans nothing.

#include "backends/backend.hpp"
#include "core/model/pool.hpp"
#include "core/store/sync_state.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dnsctl::sync {

struct Step {
  store::PendingTarget pending;
  model::Target target;
  std::optional<backends::ZoneOp> op; // none: NOTIFY only
  std::string refused;                // set: not run (too many deletions, bad options)
  // The target consumes its pool's catalog zone: members come and go through the
  // catalog, with no control command and no NOTIFY of the member itself.
  bool via_catalog = false;
  // Built once per target and shared by its steps (a kept-alive connection, one
  // knotc transaction); null when its options do not make one (see `refused`).
  std::shared_ptr<backends::Backend> backend;
};

// Whether a target takes its pool's zones from the pool's catalog zone: Designate's
// fake targets do, others when their option catalog_consumer is true.
bool consumes_catalog(const model::Pool& pool, const model::Target& target);

// The verb an operator knows for the target's tool: "addzone" "delzone" "modzone"
// for bind9, "POST" for pdns4, ...; "notify" for a NOTIFY-only step.
std::string step_verb(const Step& step);
// "bind9 127.0.0.1:953 (description or uuid)"
std::string target_label(const model::Target& target);
std::string step_label(const Step& step); // the step's backend's label

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
