// /v2/quotas and /v2/limits: a project's quotas, shown to its members, set and reset
// by admins; the limits a caller's writes meet.

#include "core/ops/quotas.hpp"

#include "api/call.hpp"
#include "api/input.hpp"

namespace dnsctl::api {
namespace {

nlohmann::json quotas_json(const model::Quotas& q) {
  nlohmann::json out = nlohmann::json::object();
  for (size_t i = 0; i < model::k_quota_resources; ++i) {
    out[std::string(model::k_quota_names[i])] = q.limit[i];
  }
  return out;
}

// Designate's rule: a project's own quotas, or any project's with X-Auth-All-Projects
// (which only an admin may send).
std::optional<ApiError> may_see(const Call& call, const std::string& project) {
  if (project != call.caller.project && !call.caller.all_projects) {
    return ApiError{
        403, "forbidden", "quotas of another project need X-Auth-All-Projects", nullptr};
  }
  return std::nullopt;
}

std::optional<ApiError> admin_only(const Call& call) {
  if (!call.caller.admin()) {
    return ApiError{403, "forbidden", "only an admin sets or resets quotas", nullptr};
  }
  return std::nullopt;
}

Response show_of(Call& call, const std::string& project) {
  if (auto e = may_see(call, project)) {
    return call.error(*e);
  }
  auto q = ops::project_quotas(call.store, call.settings.quotas, call.stored(project));
  if (!q) {
    return call.error(q.error(), "quota");
  }
  return Call::json(200, quotas_json(q->quotas));
}

Response show_own(Call& call) {
  return show_of(call, call.caller.project);
}

Response show(Call& call) {
  return show_of(call, call.params[0]);
}

Response update(Call& call) {
  if (auto e = admin_only(call)) {
    return call.error(*e);
  }
  DNSCTL_API_TRY(body, json_body(call.request));
  if (auto e = only_fields(
          body,
          {"zones", "zone_recordsets", "zone_records", "recordset_records", "api_export_size"})) {
    return call.error(*e);
  }
  store::QuotaValues values;
  for (size_t i = 0; i < model::k_quota_resources; ++i) {
    std::string name(model::k_quota_names[i]);
    DNSCTL_API_TRY(
        limit, (Field{body, name.c_str()}.integer(model::k_quota_unlimited, model::k_quota_max)));
    if (limit) {
      values.emplace_back(static_cast<model::QuotaResource>(i), *limit);
    }
  }
  const std::string& project = call.params[0];
  if (call.settings.api.quotas_verify_project_id && !call.stored(project).empty()
      && call.auth.project_exists(project) == std::optional<bool>(false)) {
    return call.error(ApiError{
        400, "invalid_project", "project " + project + " is not known to Keystone", nullptr});
  }
  auto q = ops::set_quotas(call.store, call.settings.quotas, call.stored(project), values);
  if (!q) {
    return call.error(q.error(), "quota");
  }
  return Call::json(200, quotas_json(q->quotas));
}

Response reset(Call& call) {
  if (auto e = admin_only(call)) {
    return call.error(*e);
  }
  auto ok = ops::reset_quotas(call.store, call.stored(call.params[0]));
  if (!ok) {
    return call.error(ok.error(), "quota");
  }
  Response r;
  r.status = 204;
  return r;
}

// Designate's names and the limits of its other settings: names of at most 255
// octets, no minimum TTL, pages of at most [api] max_limit.
Response limits(Call& call) {
  auto q = ops::project_quotas(call.store, call.settings.quotas, call.stored_project());
  if (!q) {
    return call.error(q.error(), "quota");
  }
  using R = model::QuotaResource;
  return Call::json(200,
                    {{"max_zones", q->quotas[R::zones]},
                     {"max_zone_recordsets", q->quotas[R::zone_recordsets]},
                     {"max_zone_records", q->quotas[R::zone_records]},
                     {"max_recordset_records", q->quotas[R::recordset_records]},
                     {"min_ttl", nullptr},
                     {"max_zone_name_length", 255},
                     {"max_recordset_name_length", 255},
                     {"max_page_limit", call.settings.api.max_limit}});
}

} // namespace

void add_quota_routes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/v2/quotas", show_own, false});
  // A project's id is Keystone's (or the token file's), not necessarily a UUID.
  routes.push_back({"GET", "/v2/quotas/{id}", show, false, false});
  routes.push_back({"PATCH", "/v2/quotas/{id}", update, true, false});
  routes.push_back({"DELETE", "/v2/quotas/{id}", reset, true, false});
  routes.push_back({"GET", "/v2/limits", limits, false});
}

} // namespace dnsctl::api
