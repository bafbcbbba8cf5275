#include "api/keystone.hpp"

#include "core/util/http.hpp"
#include "core/util/json.hpp"
#include "core/util/log.hpp"
#include "core/util/text.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
#include <mutex>

namespace dnsctl::api {
namespace {

using Clock = std::chrono::system_clock;

// One call to Keystone. A client per call: the API's threads check tokens at once.
http::Reply call(const std::string& method,
                 const std::string& url,
                 const std::vector<std::string>& headers,
                 const std::string& body) {
  http::Client client(
      {{"Accept: application/json", "Content-Type: application/json"}, std::string()});
  return client.request(method, url, body, std::chrono::seconds(10), headers);
}

// "2026-12-07T13:52:59.000000Z" -> the time; now + 5 minutes when unreadable.
Clock::time_point expiry(const std::string& iso) {
  std::tm tm{};
  if (strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%S", &tm) == nullptr) {
    return Clock::now() + std::chrono::minutes(5);
  }
  return Clock::from_time_t(timegm(&tm));
}

class Keystone final : public Authenticator {
public:
  explicit Keystone(model::KeystoneSettings s)
      : m_settings(std::move(s)) {
    m_base = m_settings.auth_url;
    while (!m_base.empty() && m_base.back() == '/') {
      m_base.pop_back();
    }
    if (!m_base.ends_with("/v3")) {
      m_base += "/v3";
    }
  }

  std::string challenge() const override {
    const auto& uri = m_settings.www_authenticate_uri.empty() ? m_settings.auth_url
                                                              : m_settings.www_authenticate_uri;
    return "Keystone uri=\"" + uri + "\"";
  }

protected:
  std::variant<Caller, ApiError> identify(const Request& r) override {
    auto token = r.header("x-auth-token");
    if (token.empty()) {
      return unauthorized();
    }
    {
      std::lock_guard lock(m_mutex);
      auto it = m_cache.find(token);
      if (it != m_cache.end() && it->second.second > Clock::now()) {
        return it->second.first;
      }
    }
    for (int attempt = 0; attempt < 2; ++attempt) {
      auto service = service_token(attempt > 0);
      if (!service) {
        log::error("api: keystone: " + service.error().message);
        return ApiError{
            503, "keystone_communication_failure", "cannot reach the identity service", nullptr};
      }
      http::Reply v = call("GET",
                           m_base + "/auth/tokens?nocatalog",
                           {"X-Auth-Token: " + *service, "X-Subject-Token: " + token},
                           "");
      if (v.status == 401 && attempt == 0) {
        continue; // our own token expired: a new one, once
      }
      if (v.status == 404 || v.status == 401) {
        return unauthorized();
      }
      if (v.status != 200) {
        log::error("api: keystone token check: HTTP " + std::to_string(v.status) + " " + v.error);
        return ApiError{
            503, "keystone_communication_failure", "cannot reach the identity service", nullptr};
      }
      return remember(token, v.body);
    }
    return unauthorized();
  }

  std::optional<bool> project_exists(const std::string& project) override {
    if (project.empty() || project.find_first_of("/?#%") != std::string::npos) {
      return project.empty() ? std::optional<bool>() : std::optional<bool>(false);
    }
    for (int attempt = 0; attempt < 2; ++attempt) {
      auto service = service_token(attempt > 0);
      if (!service) {
        return std::nullopt;
      }
      http::Reply r =
          call("GET", m_base + "/projects/" + project, {"X-Auth-Token: " + *service}, "");
      if (r.status == 401 && attempt == 0) {
        continue;
      }
      if (r.status == 200 || r.status == 404) {
        return r.status == 200;
      }
      // 403: the service user may not look (Keystone's policy); as Designate, best effort.
      log::info("api: keystone: cannot verify project " + project + ": HTTP "
                + std::to_string(r.status));
      return std::nullopt;
    }
    return std::nullopt;
  }

private:
  static ApiError unauthorized() {
    return {401, "unauthorized", "The request you have made requires authentication.", nullptr};
  }

  std::variant<Caller, ApiError> remember(const std::string& token, const std::string& body) {
    auto doc = json::parse(body);
    if (!doc || !doc->contains("token")) {
      return unauthorized();
    }
    const auto& t = (*doc)["token"];
    Caller c;
    c.user = t.value("/user/id"_json_pointer, std::string());
    c.project = t.value("/project/id"_json_pointer, std::string());
    for (const auto& role : t.value("roles", nlohmann::json::array())) {
      c.roles.push_back(text::lower(role.value("name", "")));
    }
    if (c.project.empty()) {
      // A domain- or system-scoped token has no project to act in.
      return ApiError{403, "invalid_token_scope", "the token is not scoped to a project", nullptr};
    }
    // Until it expires, but no longer than keystonemiddleware's token_cache_time (300 s),
    // so a revoked token stops working within five minutes.
    auto until =
        std::min(expiry(t.value("expires_at", "")), Clock::now() + std::chrono::seconds(300));
    std::lock_guard lock(m_mutex);
    if (m_cache.size() >= 10000) {
      std::erase_if(m_cache, [](const auto& e) { return e.second.second <= Clock::now(); });
      if (m_cache.size() >= 10000) {
        m_cache.clear();
      }
    }
    m_cache[token] = {c, until};
    return c;
  }

  // The service user's token, kept until a minute before it expires.
  Result<std::string> service_token(bool renew) {
    std::lock_guard lock(m_mutex);
    if (!renew && !m_service.empty() && m_service_until - std::chrono::minutes(1) > Clock::now()) {
      return m_service;
    }
    nlohmann::json body = {{"auth",
                            {{"identity",
                              {{"methods", {"password"}},
                               {"password",
                                {{"user",
                                  {{"name", m_settings.username},
                                   {"domain", {{"name", m_settings.user_domain_name}}},
                                   {"password", m_settings.password}}}}}}},
                             {"scope",
                              {{"project",
                                {{"name", m_settings.project_name},
                                 {"domain", {{"name", m_settings.project_domain_name}}}}}}}}}};
    http::Reply r = call("POST", m_base + "/auth/tokens?nocatalog", {}, body.dump());
    auto subject = r.headers.find("x-subject-token");
    if (r.status != 201 || subject == r.headers.end() || subject->second.empty()) {
      return make_error(Errc::peer,
                        "the service user " + m_settings.username + " cannot log in at " + m_base
                            + " (HTTP " + std::to_string(r.status) + (r.error.empty() ? "" : ", ")
                            + r.error + ")");
    }
    auto doc = json::parse(r.body);
    m_service = subject->second;
    m_service_until = doc && doc->contains("token")
                          ? expiry((*doc)["token"].value("expires_at", ""))
                          : Clock::now() + std::chrono::minutes(5);
    return m_service;
  }

  model::KeystoneSettings m_settings;
  std::string m_base;
  std::mutex m_mutex;
  std::string m_service;
  Clock::time_point m_service_until;
  std::map<std::string, std::pair<Caller, Clock::time_point>> m_cache;
};

} // namespace

Result<std::unique_ptr<Authenticator>>
make_keystone_authenticator(const model::KeystoneSettings& settings) {
  for (auto [key, value] : {std::pair{"auth_url", &settings.auth_url},
                            {"username", &settings.username},
                            {"password", &settings.password},
                            {"project_name", &settings.project_name}}) {
    if (value->empty()) {
      return make_error(Errc::invalid_input,
                        std::string("[api] auth_strategy keystone needs [keystone_authtoken] ")
                            + key);
    }
  }
  return std::unique_ptr<Authenticator>(std::make_unique<Keystone>(settings));
}

} // namespace dnsctl::api
