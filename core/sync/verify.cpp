#include "core/sync/verify.hpp"

#include "backends/backend.hpp"
#include "core/store/store.hpp"
#include "core/store/sync_state.hpp"
#include "core/sync/plan.hpp"
#include "core/util/text.hpp"

#include <algorithm>
#include <set>

namespace dnsctl::sync {
namespace {

struct Missing {
  int64_t target_id = 0;
  int64_t zone_id = 0;
};

// One target: which of `zones` it lacks, and (when it can list) what it holds besides.
void check_target(backends::Backend& b,
                  const std::vector<store::TargetZone>& zones,
                  const std::set<std::string>& known,
                  std::chrono::milliseconds timeout,
                  VerifyReport& report,
                  std::vector<Missing>& missing) {
  const std::string label = b.label();
  const std::string mark_text = "not on the target: to create again";
  auto lost = [&](const store::TargetZone& z) {
    report.findings.push_back(
        {Finding::Kind::missing, label, z.zone, mark_text, b.target().id, z.zone_id});
    missing.push_back({b.target().id, z.zone_id});
  };
  if (b.caps().lists_zones) {
    auto held = b.list_zones(timeout);
    if (!held) {
      report.findings.push_back(
          {Finding::Kind::unreachable, label, "", held.error().text(), b.target().id, 0});
      return;
    }
    std::set<std::string> have;
    for (const auto& z : held->zones) {
      have.insert(text::lower(z));
    }
    for (const auto& z : zones) {
      ++report.checked;
      if (!have.contains(text::lower(z.zone))) {
        lost(z);
      }
    }
    for (const auto& z : have) {
      if (!known.contains(z)) {
        report.findings.push_back({Finding::Kind::extra,
                                   label,
                                   z,
                                   "on the target, not in the store: left alone",
                                   b.target().id,
                                   0});
      }
    }
    return;
  }
  for (const auto& z : zones) {
    ++report.checked;
    auto has = b.holds(backends::ZoneArgs{z.zone, z.zone_uuid, false}, timeout);
    if (!has) {
      report.findings.push_back({Finding::Kind::unreachable,
                                 label,
                                 z.zone,
                                 has.error().text(),
                                 b.target().id,
                                 z.zone_id});
    } else if (!*has) {
      lost(z);
    }
  }
}

} // namespace

std::string to_string(Finding::Kind k) {
  switch (k) {
  case Finding::Kind::missing:
    return "missing";
  case Finding::Kind::extra:
    return "extra";
  case Finding::Kind::unreachable:
    return "unreachable";
  }
  return "?";
}

Result<VerifyReport> verify(store::Store& store,
                            const std::vector<model::Pool>& pools,
                            const std::vector<int64_t>& zone_ids,
                            int64_t pool_id,
                            std::chrono::milliseconds timeout,
                            bool mark) {
  VerifyReport report;
  std::vector<Missing> missing;
  for (const auto& pool : pools) {
    if (pool_id != 0 && pool.id != pool_id) {
      continue;
    }
    for (const auto& t : pool.targets) {
      auto b = backends::make(t);
      if (!b) {
        report.findings.push_back(
            {Finding::Kind::unreachable, target_label(t), "", b.error().text(), t.id, 0});
        continue;
      }
      if (!(*b)->caps().drives_zones) {
        continue;
      }
      DNSCTL_TRY_ASSIGN(auto all, store::target_zones(store, t.id));
      std::set<std::string> known;
      std::vector<store::TargetZone> asked;
      for (const auto& z : all) {
        known.insert(text::lower(z.zone));
        bool wanted = zone_ids.empty()
                      || std::find(zone_ids.begin(), zone_ids.end(), z.zone_id) != zone_ids.end();
        // A zone not yet created there is not missing: the plan already creates it.
        if (wanted && z.action != model::TargetAction::create) {
          asked.push_back(z);
        }
      }
      check_target(**b, asked, known, timeout, report, missing);
    }
  }
  if (missing.empty() || !mark) {
    return report;
  }
  DNSCTL_TRY(store.write("sync --verify", [&]() -> Status {
    for (const auto& m : missing) {
      DNSCTL_TRY(store::mark_target_missing(
          store, m.target_id, m.zone_id, "sync --verify: the target did not have the zone"));
    }
    return {};
  }));
  return report;
}

} // namespace dnsctl::sync
