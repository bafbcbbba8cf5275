#pragma once
// Projects' own quota values, and the counts quotas are checked against. Writes run
// inside Store::write(); a count read inside it is exact, because writers queue on
// the store's write lock (SQLite's, or the advisory lock on PostgreSQL).

#include "core/model/quota.hpp"
#include "core/util/result.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace dnsctl::store {

class Store;

using QuotaValues = std::vector<std::pair<model::QuotaResource, int64_t>>;

// The values set for `project` ("" is the default project); the rest are defaults.
Result<QuotaValues> read_project_quotas(Store& store, const std::string& project);
Status set_project_quota(Store& store,
                         const std::string& project,
                         model::QuotaResource resource,
                         int64_t hard_limit);
// Back to the defaults: its rows removed. True when it had any.
Result<bool> reset_project_quotas(Store& store, const std::string& project);

Result<int64_t> count_project_zones(Store& store, const std::string& project);
// Records of the zone's rows, one per line of each row's data: those that are not
// managed (the apex NS, the sink's), or all of them.
enum class Managed { without, with };
Result<int64_t>
count_zone_records(Store& store, int64_t zone_id, Managed managed = Managed::without);

} // namespace dnsctl::store
