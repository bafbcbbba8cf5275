#pragma once
// `sync --verify`: asks every target whether it holds the zones the store put there
// (showzone, GET zone, knotc conf-read, nsd-control zonestatus). A zone a target lost
// is marked to create again, so the same run re-creates it; a zone a target holds that
// the store does not know is reported and never deleted. Designate has had no such
// check since 2019.

#include "core/model/pool.hpp"
#include "core/util/result.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace dnsctl::store {
class Store;
}

namespace dnsctl::sync {

struct Finding {
  enum class Kind { missing, extra, unreachable };
  Kind kind = Kind::missing;
  std::string target; // the backend's label
  std::string zone;   // "" for unreachable
  std::string message;
  int64_t target_id = 0; // missing: which target lost which zone
  int64_t zone_id = 0;
};
std::string to_string(Finding::Kind k); // missing extra unreachable

struct VerifyReport {
  std::vector<Finding> findings;
  size_t checked = 0; // target x zone pairs asked about
};

// Only the zones in `zone_ids` (empty: all) of pool `pool_id` (0: all). With `mark`,
// writes the missing ones as pending creates in one transaction (not for --dry-run).
Result<VerifyReport> verify(store::Store& store,
                            const std::vector<model::Pool>& pools,
                            const std::vector<int64_t>& zone_ids,
                            int64_t pool_id,
                            std::chrono::milliseconds timeout,
                            bool mark);

} // namespace dnsctl::sync
