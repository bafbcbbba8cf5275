#include "core/ops/quotas.hpp"

#include "core/dns/rrtype.hpp"
#include "core/store/rows.hpp"
#include "core/store/store.hpp"
#include "core/util/text.hpp"

namespace dnsctl::ops {
namespace {

Error over_quota(model::QuotaResource r, int64_t count, int64_t limit, const std::string& what) {
  // Designate's words first ("Quota exceeded for zones."): clients match on them.
  Error e = make_error(Errc::forbidden,
                       "Quota exceeded for " + std::string(model::to_string(r)) + ": " + what
                           + " would hold " + std::to_string(count) + ", the quota is "
                           + std::to_string(limit));
  e.kind = "over_quota";
  return e;
}

std::string project_text(const std::string& project) {
  return project.empty() ? "the default project" : "project " + text::quote(project);
}

} // namespace

Result<ProjectQuotas>
project_quotas(store::Store& store, const model::Quotas& defaults, const std::string& project) {
  DNSCTL_TRY_ASSIGN(auto values, store::read_project_quotas(store, project));
  ProjectQuotas q{defaults, {}};
  for (const auto& [resource, limit] : values) {
    q.quotas[resource] = limit;
    q.own[static_cast<size_t>(resource)] = true;
  }
  return q;
}

Result<ProjectQuotas> set_quotas(store::Store& store,
                                 const model::Quotas& defaults,
                                 const std::string& project,
                                 const store::QuotaValues& values) {
  for (const auto& [resource, limit] : values) {
    if (limit < model::k_quota_unlimited || limit > model::k_quota_max) {
      return make_error(Errc::invalid_input,
                        "quota " + std::string(model::to_string(resource)) + " "
                            + std::to_string(limit) + " (expected -1 for no limit, or 0.."
                            + std::to_string(model::k_quota_max) + ")");
    }
  }
  return store.write("quota set", [&]() -> Result<ProjectQuotas> {
    for (const auto& [resource, limit] : values) {
      DNSCTL_TRY(store::set_project_quota(store, project, resource, limit));
    }
    return project_quotas(store, defaults, project);
  });
}

Status reset_quotas(store::Store& store, const std::string& project) {
  return store.write("quota reset", [&]() -> Status {
    DNSCTL_TRY(store::reset_project_quotas(store, project));
    return {};
  });
}

Status check_zone_quota(store::Store& store,
                        const QuotaCheck& check,
                        const std::string& project,
                        int64_t adding) {
  if (check.defaults == nullptr) {
    return {};
  }
  DNSCTL_TRY_ASSIGN(auto q, project_quotas(store, *check.defaults, project));
  if (q.quotas[model::QuotaResource::zones] == model::k_quota_unlimited) {
    return {};
  }
  DNSCTL_TRY_ASSIGN(auto zones, store::count_project_zones(store, project));
  if (q.quotas.exceeded(model::QuotaResource::zones, zones + adding)) {
    return over_quota(model::QuotaResource::zones,
                      zones + adding,
                      q.quotas[model::QuotaResource::zones],
                      project_text(project));
  }
  return {};
}

Status check_recordset_quota(store::Store& store,
                             const QuotaCheck& check,
                             const model::Zone& zone,
                             const model::RecordSet& recordset,
                             bool created,
                             size_t records_before) {
  if (check.defaults == nullptr) {
    return {};
  }
  using R = model::QuotaResource;
  DNSCTL_TRY_ASSIGN(auto q, project_quotas(store, *check.defaults, zone.project_id));
  std::string where = "zone " + zone.name;
  auto records = static_cast<int64_t>(recordset.data.size());
  if (!recordset.managed && q.quotas.exceeded(R::recordset_records, records)) {
    return over_quota(R::recordset_records,
                      records,
                      q.quotas[R::recordset_records],
                      "recordset " + recordset.name + " " + dns::type_to_text(recordset.type));
  }
  if (created && q.quotas[R::zone_recordsets] != model::k_quota_unlimited) {
    // As the list shows them: the rows, and the SOA made from the zone.
    DNSCTL_TRY_ASSIGN(auto rows, store::count_recordsets(store, zone.id, {}));
    auto sets = static_cast<int64_t>(rows) + 1;
    if (q.quotas.exceeded(R::zone_recordsets, sets)) {
      return over_quota(R::zone_recordsets, sets, q.quotas[R::zone_recordsets], where);
    }
  }
  if (!recordset.managed && recordset.data.size() > records_before
      && q.quotas[R::zone_records] != model::k_quota_unlimited) {
    DNSCTL_TRY_ASSIGN(auto in_zone, store::count_zone_records(store, zone.id));
    if (q.quotas.exceeded(R::zone_records, in_zone)) {
      return over_quota(R::zone_records, in_zone, q.quotas[R::zone_records], where);
    }
  }
  return {};
}

} // namespace dnsctl::ops
