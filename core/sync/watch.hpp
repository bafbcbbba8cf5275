#pragma once
// `sync --watch`: the reconciler as a daemon. A pass at start, then one whenever
// another process commits to the store (its change feed), after `retry` when a pass
// failed, and a --verify pass every `verify_every`, until `stop`.

#include "core/sync/pass.hpp"

#include <atomic>
#include <chrono>
#include <functional>

namespace dnsctl::sync {

struct WatchOptions {
  std::chrono::milliseconds retry{30000};    // a failed pass runs again after this
  std::chrono::milliseconds verify_every{0}; // 0: never
  // Each pass's outcome (for the log).
  std::function<void(const Result<PassResult>&)> on_pass;
};

// Returns when `stop` is set, after the pass under way; an error only when the store
// cannot be watched at all.
Status watch(store::Store& store,
             const std::string& store_path,
             const model::Settings& settings,
             const PassRequest& request,
             const WatchOptions& options,
             const std::atomic<bool>& stop);

} // namespace dnsctl::sync
