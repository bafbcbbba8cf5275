#include "core/sync/status.hpp"

#include "core/store/pools.hpp"
#include "core/store/targets.hpp"
#include "core/store/zones.hpp"
#include "core/sync/plan.hpp"

#include <map>

namespace dnsctl::sync {

Result<std::vector<ZoneStatus>> zone_status(store::Store& store,
                                            const std::vector<std::string>& zones) {
  std::vector<model::Zone> list;
  if (zones.empty()) {
    auto all = store::list_zones(store, {});
    if (!all) {
      return all.error();
    }
    list = std::move(*all);
  }
  for (const auto& name : zones) {
    auto z = store::find_zone(store, name);
    if (!z) {
      return z.error();
    }
    list.push_back(std::move(*z));
  }
  auto pools = store::load_pools(store);
  if (!pools) {
    return pools.error();
  }
  std::map<int64_t, const model::Target*> targets;
  for (const auto& p : *pools) {
    for (const auto& t : p.targets) {
      targets[t.id] = &t;
    }
  }
  std::vector<ZoneStatus> out;
  for (auto& z : list) {
    ZoneStatus s;
    auto states = store::target_states(store, z.id);
    if (!states) {
      return states.error();
    }
    auto ns = store::nameserver_states(store, z.id);
    if (!ns) {
      return ns.error();
    }
    bool done = z.action == model::ZoneAction::none;
    for (auto& st : *states) {
      auto it = targets.find(st.target_id);
      std::string label = it != targets.end() ? target_label(*it->second) : st.target_uuid;
      done = done && st.action == model::TargetAction::none && st.status == "active";
      s.targets.push_back({label, std::move(st)});
    }
    for (auto& n : *ns) {
      // In sync at a serial that is no longer the store's: nobody has looked since.
      if (n.status == "in-sync" && n.serial != z.serial) {
        n.status = "stale";
      }
      done = done && n.status == "in-sync";
    }
    s.in_sync = done;
    s.zone = std::move(z);
    s.nameservers = std::move(*ns);
    out.push_back(std::move(s));
  }
  return out;
}

} // namespace dnsctl::sync
