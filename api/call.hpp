#pragma once
// One authenticated request on its way through a route: the caller, the store of this
// thread, the settings, and the route's parameters ({id} in the path).

#include "core/model/settings.hpp"
#include "core/ops/scope.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "api/auth.hpp"
#include "api/errors.hpp"
#include "api/http.hpp"
#include "api/render.hpp"

namespace dnsctl::store {
class Store;
}

namespace dnsctl::api {

struct Call {
  const Request& request;
  const Caller& caller;
  store::Store& store;
  const model::Settings& settings;
  RenderContext render;
  std::vector<std::string> params;
  Authenticator& auth;

  // The project the caller's zones are stored under ("" for [api] default_project).
  std::string stored_project() const;
  // Any project as the store keeps it ("" for [api] default_project).
  std::string stored(const std::string& project) const;
  // The zones the caller sees: its project's, or every project's (admin, all-projects);
  // its writes held to the quotas.
  ops::Scope scope() const;

  // 403 in Designate's words unless the caller is an admin (its admin-only policies).
  std::optional<ApiError> admin_only() const;

  static Response json(int status, const nlohmann::json& body);
  // A list as Designate answers it: the collection first, then links and metadata.
  // Clients take the first member of the answer as the list (tempest's RBAC checks do).
  static Response list(const std::string& collection,
                       const nlohmann::json& items,
                       const nlohmann::json& links,
                       size_t total_count);
  Response error(const ApiError& e) const { return error_response(request, e); }
  Response error(const Error& e, std::string_view resource) const {
    return error_response(request, from_core(e, resource));
  }
};

using RouteHandler = std::function<Response(Call&)>;

struct Route {
  std::string method;
  std::string pattern; // /v2/zones/{id}/recordsets: "{id}" matches one segment
  RouteHandler handler;
  bool writes = false; // needs the member or admin role
  // Each {id} is a UUID, named after the segment before it ("zone_id" after "zones"):
  // 400 invalid_uuid otherwise, as Designate's validate_uuid. Not a project's id.
  bool uuid_ids = true;
};

// The routes of the v2 API (api/v2_*.cpp).
void add_zone_routes(std::vector<Route>& routes);
void add_recordset_routes(std::vector<Route>& routes);
void add_quota_routes(std::vector<Route>& routes);
void add_name_rule_routes(std::vector<Route>& routes);
void add_pool_routes(std::vector<Route>& routes);
void add_export_routes(std::vector<Route>& routes);

} // namespace dnsctl::api
