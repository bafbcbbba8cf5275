#include "core/sync/plan.hpp"

#include <algorithm>

namespace dnsctl::sync {

bool consumes_catalog(const model::Pool& pool, const model::Target& target) {
  if (!pool.catalog_zone) {
    return false;
  }
  const std::string* v = target.option("catalog_consumer");
  return v != nullptr ? backends::option_true(*v) : target.type == "fake";
}

std::string step_verb(const Step& step) {
  if (step.via_catalog && step.pending.action == model::TargetAction::create) {
    return "catalog add";
  }
  if (step.via_catalog && step.pending.action == model::TargetAction::remove) {
    return "catalog remove";
  }
  if (!step.op) {
    return "notify";
  }
  return step.backend ? step.backend->verb(*step.op) : backends::to_string(*step.op);
}

std::string target_label(const model::Target& t) {
  if (auto b = backends::make(t)) {
    return (*b)->label();
  }
  return t.type + " (" + (t.description.empty() ? t.uuid : t.description) + ")";
}

std::string step_label(const Step& step) {
  return step.backend ? step.backend->label() : target_label(step.target);
}

Plan make_plan(const std::vector<store::PendingTarget>& pending,
               const std::vector<model::Pool>& pools,
               const std::map<int64_t, size_t>& zones_on_target,
               const PlanLimits& limits) {
  std::map<int64_t, const model::Target*> targets;
  std::map<int64_t, bool> via_catalog;
  for (const auto& p : pools) {
    for (const auto& t : p.targets) {
      targets[t.id] = &t;
      via_catalog[t.id] = consumes_catalog(p, t);
    }
  }
  Plan plan;
  std::map<int64_t, size_t> deletes;
  std::map<int64_t, std::shared_ptr<backends::Backend>> built;
  std::map<int64_t, std::string> unbuilt;
  for (const auto& p : pending) {
    auto it = targets.find(p.target_id);
    if (it == targets.end()) {
      continue;
    }
    Step s;
    s.pending = p;
    s.target = *it->second;
    if (!built.contains(p.target_id) && !unbuilt.contains(p.target_id)) {
      auto b = backends::make(s.target);
      if (b) {
        built[p.target_id] = std::move(*b);
      } else {
        unbuilt[p.target_id] = target_label(s.target) + ": " + b.error().text();
      }
    }
    if (auto u = unbuilt.find(p.target_id); u != unbuilt.end()) {
      s.refused = u->second;
    } else {
      s.backend = built[p.target_id];
    }
    switch (p.action) {
    case model::TargetAction::create:
      s.op = backends::ZoneOp::add;
      break;
    case model::TargetAction::remove:
      s.op = backends::ZoneOp::remove;
      ++deletes[p.target_id];
      break;
    case model::TargetAction::reconfigure:
      s.op = backends::ZoneOp::reconfigure;
      break;
    case model::TargetAction::held:
      // Only in a plan that runs nothing (sync --dry-run of a move): what the old pool's
      // servers will be told once the new pool serves the zone.
      s.op = backends::ZoneOp::remove;
      s.refused = "held: deleted once the new pool serves the zone";
      break;
    case model::TargetAction::update:
    case model::TargetAction::none: // a NOTIFY that failed, or nameservers that lagged
      break;
    }
    if (via_catalog[p.target_id] && s.op) {
      s.via_catalog = true;
      s.op.reset(); // the catalog carries it: nothing to run on the target
    }
    plan.steps.push_back(std::move(s));
  }
  // A pools.yaml or store mistake must not empty a server in one run.
  if (!limits.force) {
    for (auto& s : plan.steps) {
      if (s.op != backends::ZoneOp::remove || !s.refused.empty()) {
        continue;
      }
      size_t held = 0;
      if (auto z = zones_on_target.find(s.pending.target_id); z != zones_on_target.end()) {
        held = z->second;
      }
      size_t limit = limits.max_deletes.value_or(std::max<size_t>(10, held / 10));
      size_t n = deletes[s.pending.target_id];
      if (n > limit) {
        s.refused = "refusing to delete " + std::to_string(n) + " zones from "
                    + (s.backend ? s.backend->label() : target_label(s.target))
                    + " in one run (limit " + std::to_string(limit)
                    + "); check the store, then run with --force "
                      "or a higher --max-deletes";
      }
    }
  }
  return plan;
}

} // namespace dnsctl::sync
