#pragma once
// One sync pass, as `dnsctl sync` and every round of `sync --watch` run it: resolve the
// zones and pool asked for, check the pools' poll settings, ask the targets what they
// hold (--verify), plan from the store's pending work, run the plan (backend steps,
// NOTIFY, polls), and run again for the zones whose move it released. The caller
// prints; nothing here does.

#include "core/model/settings.hpp"
#include "core/sync/plan.hpp"
#include "core/sync/sync.hpp"
#include "core/sync/verify.hpp"
#include "core/util/result.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace dnsctl::store {
class Store;
}

namespace dnsctl::mdns {
class Server;
}

namespace dnsctl::sync {

struct PassRequest {
  std::vector<std::string> zones; // names or ids; empty: every zone
  std::string pool;               // name or id; empty: every pool
  bool verify = false;            // ask every target what it holds first
  bool plan_only = false;         // --dry-run, --expect-no-changes: plan, change nothing
  PlanLimits limits;
  std::chrono::milliseconds timeout{10000}; // each backend command
  size_t parallel = 4;
  // Where the transfers are served from while the pass runs (`sync --serve`); empty:
  // a running `dnsctl mdns` serves them.
  std::string serve;
  std::function<void(const Progress&)> progress;
};

struct PassResult {
  Plan plan;
  VerifyReport verified;
  Report report; // what ran (empty for a plan only, or nothing to do)
  bool ran = false;
  double seconds = 0;
  bool ok() const;
  // For --expect-no-changes: a step planned, or a target that lost a zone or could not
  // be asked (--verify).
  bool changes_pending() const;
};

// The [sync] poll settings of the config file.
PollSettings poll_defaults(const model::Settings& settings);

// --serve: the zone transfers from this process (one worker), with the limits `dnsctl
// mdns` would have from the same settings (TSIG enforcement, --allow-transfer).
Result<std::unique_ptr<mdns::Server>> serve_transfers(const std::string& store_path,
                                                      const model::Settings& settings,
                                                      const std::string& listen);

// `store_path` is where a --serve mdns reads the store.
Result<PassResult> pass(store::Store& store,
                        const std::string& store_path,
                        const model::Settings& settings,
                        const PassRequest& request);

} // namespace dnsctl::sync
