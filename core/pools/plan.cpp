#include "core/pools/plan.hpp"

#include "core/store/pools.hpp"
#include "core/store/store.hpp"
#include "core/store/zone_rows.hpp"
#include "core/util/text.hpp"
#include "core/zone/catalog.hpp"
#include "core/zone/zones.hpp"

namespace dnsctl::pools {

Result<Plan> make_plan(store::Store& store,
                       const std::vector<model::Pool>& desired,
                       DeleteMissing delete_missing) {
  auto current = store::load_pools(store);
  if (!current) {
    return current.error();
  }
  Plan plan;
  plan.diff = diff(*current, desired, delete_missing);

  std::vector<std::string> problems;
  for (const auto& c : plan.diff.changes) {
    if (c.kind == PoolChange::Kind::remove) {
      DNSCTL_TRY_ASSIGN(auto zones, store::pool_zone_names(store, c.desired.id));
      if (!zones.empty()) {
        problems.push_back("pool " + c.desired.name + " cannot be deleted: it still holds "
                           + std::to_string(zones.size()) + " zone(s): " + text::join(zones, ", "));
      }
      continue;
    }
    // A new or renamed pool must not take the name of another stored pool that stays.
    for (const auto& other : *current) {
      bool is_self = c.current && c.current->id == other.id;
      bool leaving = false;
      for (const auto& d : plan.diff.changes) {
        leaving = leaving || (d.kind == PoolChange::Kind::remove && d.desired.id == other.id)
                  || (d.current && d.current->id == other.id && d.desired.name != other.name);
      }
      if (!is_self && !leaving && other.name == c.desired.name) {
        problems.push_back(
            "pool name " + c.desired.name + " is already used by pool " + other.uuid
            + (c.desired.uuid.empty() ? "" : " (the file gives id " + c.desired.uuid + ")"));
      }
    }
    if (c.kind != PoolChange::Kind::update) {
      continue;
    }
    DNSCTL_TRY_ASSIGN(auto zones, store::pool_zone_names(store, c.desired.id));
    if (zones.empty()) {
      continue;
    }
    if (c.desired.ns_records.empty()) {
      problems.push_back("pool " + c.desired.name
                         + " cannot lose all its ns_records while it holds "
                         + std::to_string(zones.size()) + " zone(s)");
      continue;
    }
    std::string n = std::to_string(zones.size());
    if (c.ns_changed) {
      plan.effects.push_back({'~',
                              0,
                              "pool " + c.desired.name + ": " + n
                                  + " zone(s) get the new apex NS and MNAME, one serial "
                                    "bump each"});
    }
    for (size_t i : c.new_targets) {
      plan.effects.push_back({'+',
                              0,
                              "pool " + c.desired.name + ": new target " + c.desired.targets[i].type
                                  + " gets " + n + " zone(s) to create"});
    }
    for (size_t i : c.moved_masters) {
      plan.effects.push_back({'~',
                              0,
                              "pool " + c.desired.name + ": target " + c.desired.targets[i].uuid
                                  + " masters changed: " + n + " zone(s) to reconfigure there"});
    }
  }
  if (!problems.empty()) {
    return make_error(Errc::conflict, text::join(problems, "\n"));
  }
  return plan;
}

Result<int> apply(store::Store& store, Plan& plan) {
  int bumped = 0;
  // Deletions first, so a pool in the file may take the name of one that goes.
  for (auto& c : plan.diff.changes) {
    if (c.kind != PoolChange::Kind::remove) {
      continue;
    }
    DNSCTL_TRY(zone::drop_pool_catalog(store, c.desired.id));
    DNSCTL_TRY(store::delete_pool(store, c.desired));
    store.log_change("", "pool " + c.desired.name + " deleted");
  }
  for (auto& c : plan.diff.changes) {
    if (c.kind == PoolChange::Kind::remove) {
      continue;
    }
    const model::Pool* cur = c.current ? &*c.current : nullptr;
    DNSCTL_TRY(store::save_pool(store, c.desired, cur));
    store.log_change(
        "", std::string("pool ") + c.desired.name + (cur == nullptr ? " created" : " updated"));
    DNSCTL_TRY(zone::apply_pool_catalog(store, c.desired));
    if (cur == nullptr) {
      continue;
    }
    if (c.ns_changed) {
      DNSCTL_TRY_ASSIGN(auto n, zone::refresh_pool_ns(store, c.desired));
      bumped += n;
    }
    for (size_t i : c.new_targets) {
      DNSCTL_TRY(store::add_target_zones(store, c.desired.id, c.desired.targets[i].id));
    }
    for (size_t i : c.moved_masters) {
      DNSCTL_TRY(store::mark_target_reconfigure(store, c.desired.targets[i].id));
    }
  }
  return bumped;
}

} // namespace dnsctl::pools
