#include "api/app.hpp"

#include "core/store/store.hpp"
#include "core/util/log.hpp"
#include "core/util/text.hpp"

#include <chrono>
#include <map>
#include <optional>

#include "api/input.hpp"

namespace dnsctl::api {

std::string Call::stored(const std::string& project) const {
  return settings.api.stored_project(project);
}

std::string Call::stored_project() const {
  return stored(caller.project);
}

ops::Scope Call::scope() const {
  auto s = caller.all_projects ? ops::Scope::everyone() : ops::Scope::of(stored_project());
  return s.held_to(settings.quotas);
}

Response Call::list(const std::string& collection,
                    const nlohmann::json& items,
                    const nlohmann::json& links,
                    size_t total_count) {
  Response r;
  r.status = 200;
  r.body = "{" + nlohmann::json(collection).dump() + ":" + items.dump() + R"(,"links":)"
           + links.dump() + R"(,"metadata":{"total_count":)" + std::to_string(total_count) + "}}";
  return r;
}

std::optional<ApiError> Call::admin_only() const {
  if (!caller.admin()) {
    return ApiError{403, "forbidden", "Policy doesn't allow this to be performed.", nullptr};
  }
  return std::nullopt;
}

Response Call::json(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.body = body.dump();
  return r;
}

namespace {

// One store connection per server thread, opened on first use and again after the
// server dropped it (PostgreSQL restarted).
Result<store::Store*> thread_store(const std::string& address) {
  thread_local std::optional<store::Store> store;
  if (store && !store->usable()) {
    store.reset();
  }
  if (!store) {
    store::OpenOptions o;
    o.create = false;
    DNSCTL_TRY_ASSIGN(auto s, store::Store::open(address, o));
    store.emplace(std::move(s));
  }
  return &*store;
}

// "/v2/zones/{id}" against "/v2/zones/abc": the parameters, or nullopt.
std::optional<std::vector<std::string>> match(const std::string& pattern, const std::string& path) {
  auto want = text::split(pattern, '/');
  std::string p = path;
  while (p.size() > 1 && p.back() == '/') {
    p.pop_back(); // Designate's normalizeuri: a trailing slash is the same resource
  }
  auto got = text::split(p, '/');
  if (want.size() != got.size()) {
    return std::nullopt;
  }
  std::vector<std::string> params;
  for (size_t i = 0; i < want.size(); ++i) {
    if (want[i] == "{id}") {
      if (got[i].empty()) {
        return std::nullopt;
      }
      params.push_back(got[i]);
    } else if (want[i] != got[i]) {
      return std::nullopt;
    }
  }
  return params;
}

// The first {id} of `route` that is not a UUID, as Designate names it ("zone_id").
std::optional<ApiError> bad_uuid(const Route& route, const std::vector<std::string>& params) {
  if (!route.uuid_ids) {
    return std::nullopt;
  }
  auto segments = text::split(route.pattern, '/');
  size_t param = 0;
  for (size_t i = 1; i < segments.size() && param < params.size(); ++i) {
    if (segments[i] != "{id}") {
      continue;
    }
    std::string name = segments[i - 1];
    if (name.ends_with('s')) {
      name.pop_back();
    }
    if (auto e = check_uuid(params[param++], (name + "_id").c_str())) {
      return e;
    }
  }
  return std::nullopt;
}

Response versions(const std::string& base) {
  nlohmann::json v = {
      {"id", "v2"}, {"status", "CURRENT"}, {"links", {{{"href", base + "/v2/"}, {"rel", "self"}}}}};
  nlohmann::json v20 = {{"id", "v2.0"},
                        {"status", "SUPPORTED"},
                        {"links", {{{"href", base + "/v2/"}, {"rel", "self"}}}}};
  Response r;
  r.body = nlohmann::json{{"versions", {v, v20}}}.dump();
  return r;
}

} // namespace

App::App(std::string store_address, model::Settings settings, std::unique_ptr<Authenticator> auth)
    : m_store_address(std::move(store_address))
    , m_settings(std::move(settings))
    , m_auth(std::move(auth)) {
  add_zone_routes(m_routes);
  add_recordset_routes(m_routes);
  add_quota_routes(m_routes);
  add_name_rule_routes(m_routes);
  add_pool_routes(m_routes);
  add_export_routes(m_routes);
}

std::string App::base_of(const Request& request) const {
  std::string base = m_settings.api.api_base_uri;
  if (base.empty()) {
    auto host = request.header("host");
    base = "http://" + (host.empty() ? m_settings.api.listen : host);
  }
  while (!base.empty() && base.back() == '/') {
    base.pop_back();
  }
  return base;
}

Response App::handle(const Request& request) {
  auto started = std::chrono::steady_clock::now();
  Response r;
  std::string project = "-";
  if (request.method == "GET" && (request.path == "/" || request.path.empty())) {
    r = versions(base_of(request));
  } else {
    auto who = m_auth->authenticate(request);
    if (std::holds_alternative<ApiError>(who)) {
      r = error_response(request, std::get<ApiError>(who));
      if (r.status == 401 && !m_auth->challenge().empty()) {
        r.headers.emplace_back("WWW-Authenticate", m_auth->challenge());
      }
    } else {
      const Caller& caller = std::get<Caller>(who);
      project = caller.project;
      r = route(request, caller);
    }
  }
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now()
                                                                  - started);
  // Never the token: the method, the path, the outcome and whose call it was.
  log::info("api: " + request.peer + " " + request.method + " " + request.path + " "
            + std::to_string(r.status) + " " + std::to_string(ms.count()) + " ms project " + project
            + " " + request.request_id);
  return r;
}

Response App::route(const Request& request, const Caller& caller) {
  bool path_known = false;
  for (const auto& route : m_routes) {
    auto params = match(route.pattern, request.path);
    if (!params) {
      continue;
    }
    path_known = true;
    if (route.method != request.method) {
      continue;
    }
    if (route.writes && !caller.may_write()) {
      return error_response(request,
                            {403, "forbidden", "the reader role may not change anything", nullptr});
    }
    if (auto bad = bad_uuid(route, *params)) {
      return error_response(request, *bad);
    }
    auto store = thread_store(m_store_address);
    if (!store) {
      log::error("api: store: " + store.error().text());
      return error_response(request,
                            {503, "service_unavailable", "the store cannot be reached", nullptr});
    }
    Call call{request,
              caller,
              **store,
              m_settings,
              RenderContext{base_of(request), m_settings.api.default_project},
              *params,
              *m_auth};
    return route.handler(call);
  }
  if (path_known) {
    return error_response(request,
                          {405,
                           "method_not_allowed",
                           "The method is not allowed for the "
                           "requested URL.",
                           nullptr});
  }
  return error_response(request, {404, "not_found", "The resource could not be found.", nullptr});
}

} // namespace dnsctl::api
