#include "core/sync/render.hpp"

#include "core/sync/pass.hpp"

namespace dnsctl::sync {

Result<std::vector<RenderRow>> render(store::Store& store,
                                      const model::Settings& settings,
                                      const std::vector<std::string>& zones,
                                      const std::string& pool) {
  PassRequest request;
  request.zones = zones;
  request.pool = pool;
  request.plan_only = true;
  DNSCTL_TRY_ASSIGN(auto planned, pass(store, "", settings, request));
  std::vector<RenderRow> rows;
  for (const auto& step : planned.plan.steps) {
    RenderRow r;
    r.zone = step.pending.zone;
    r.zone_uuid = step.pending.zone_uuid;
    r.hard_delete = step.pending.hard_delete;
    r.target = step.target;
    r.label = step_label(step);
    r.op = step.op;
    r.action = step_verb(step);
    r.held = step.pending.action == model::TargetAction::held;
    if (r.held) {
      r.note = step.refused;
    } else if (!step.refused.empty()) {
      r.note = "refused: " + step.refused;
    } else if (step.via_catalog) {
      r.note = "through the pool's catalog zone";
    } else if (!step.op) {
      r.note = "NOTIFY only";
    }
    if (step.op && step.backend) {
      r.commands = step.backend->describe(
          *step.op,
          backends::ZoneArgs{step.pending.zone, step.pending.zone_uuid, step.pending.hard_delete});
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

} // namespace dnsctl::sync
