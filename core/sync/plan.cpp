#include "core/sync/plan.hpp"

#include <algorithm>

namespace dnsctl::sync {

std::string step_verb(const Step& step) {
  if (!step.op) {
    return "notify";
  }
  if (step.target.type == "bind9") {
    switch (*step.op) {
    case backends::ZoneOp::add:
      return "addzone";
    case backends::ZoneOp::remove:
      return "delzone";
    case backends::ZoneOp::reconfigure:
      return "modzone";
    }
  }
  return backends::to_string(*step.op);
}

std::string target_label(const model::Target& t) {
  const std::string* host = t.option("rndc_host");
  const std::string* port = t.option("rndc_port");
  if (host == nullptr) {
    host = t.option("host");
  }
  std::string where = host != nullptr ? *host : "";
  if (port != nullptr) {
    where += ":" + *port;
  }
  return t.type + (where.empty() ? "" : " " + where) + " ("
         + (t.description.empty() ? t.uuid : t.description) + ")";
}

Plan make_plan(const std::vector<store::PendingTarget>& pending,
               const std::vector<model::Pool>& pools,
               const std::map<int64_t, size_t>& zones_on_target,
               const PlanLimits& limits) {
  std::map<int64_t, const model::Target*> targets;
  for (const auto& p : pools) {
    for (const auto& t : p.targets) {
      targets[t.id] = &t;
    }
  }
  Plan plan;
  std::map<int64_t, size_t> deletes;
  for (const auto& p : pending) {
    auto it = targets.find(p.target_id);
    if (it == targets.end()) {
      continue;
    }
    Step s;
    s.pending = p;
    s.target = *it->second;
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
    case model::TargetAction::update:
    case model::TargetAction::none: // a NOTIFY that failed, or nameservers that lagged
      break;
    }
    plan.steps.push_back(std::move(s));
  }
  // A pools.yaml or store mistake must not empty a server in one run.
  if (!limits.force) {
    for (auto& s : plan.steps) {
      if (s.op != backends::ZoneOp::remove) {
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
                    + target_label(s.target) + " in one run (limit " + std::to_string(limit)
                    + "); check the store, then run with --force "
                      "or a higher --max-deletes";
      }
    }
  }
  return plan;
}

} // namespace dnsctl::sync
