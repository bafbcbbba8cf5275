#pragma once
// Quotas per project (core/model/quota.hpp): reading and setting them, and the checks
// the writes held to them make inside their own transaction, so that two clients
// racing for a project's last zone get one zone and one refusal, never two zones.

#include "core/model/quota.hpp"
#include "core/model/zone.hpp"
#include "core/ops/scope.hpp"
#include "core/store/quotas.hpp"
#include "core/util/result.hpp"

#include <array>
#include <string>

namespace dnsctl::store {
class Store;
}

namespace dnsctl::ops {

struct ProjectQuotas {
  model::Quotas quotas;
  // Per resource: set for the project (true) or the site's default (false).
  std::array<bool, model::k_quota_resources> own{};
};

Result<ProjectQuotas>
project_quotas(store::Store& store, const model::Quotas& defaults, const std::string& project);
// Every value or none, in one transaction; a value outside -1..2147483647 is refused.
Result<ProjectQuotas> set_quotas(store::Store& store,
                                 const model::Quotas& defaults,
                                 const std::string& project,
                                 const store::QuotaValues& values);
// The project's values removed: the defaults apply again.
Status reset_quotas(store::Store& store, const std::string& project);

// The checks, inside a write transaction; an error has kind "over_quota".
// `adding` zones about to be created in `project`.
Status check_zone_quota(store::Store& store,
                        const QuotaCheck& check,
                        const std::string& project,
                        int64_t adding);
// After a recordset of `zone` was created (`created`) or changed from `records_before`
// records to `recordset` as it is now: the zone's recordsets (on create), its records
// (when they grew) and the recordset's own.
Status check_recordset_quota(store::Store& store,
                             const QuotaCheck& check,
                             const model::Zone& zone,
                             const model::RecordSet& recordset,
                             bool created,
                             size_t records_before);

} // namespace dnsctl::ops
