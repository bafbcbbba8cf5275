#include "api/keystone.hpp"

#include "core/util/json.hpp"
#include "core/util/log.hpp"
#include "core/util/text.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
#include <mutex>

namespace dnsctl::api {
namespace {

using Clock = std::chrono::system_clock;

struct Reply {
  long status = 0;
  std::string body;
  std::string subject_token; // X-Subject-Token
  std::string error;
};

size_t collect(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

size_t header_line(char* data, size_t size, size_t n, void* out) {
  std::string line(data, size * n);
  auto colon = line.find(':');
  if (colon != std::string::npos && text::lower(line.substr(0, colon)) == "x-subject-token") {
    *static_cast<std::string*>(out) = text::trim(line.substr(colon + 1));
  }
  return size * n;
}

Reply call(const std::string& method,
           const std::string& url,
           const std::vector<std::string>& headers,
           const std::string& body) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  Reply r;
  CURL* c = curl_easy_init();
  if (c == nullptr) {
    r.error = "cannot make a libcurl handle";
    return r;
  }
  curl_slist* list = curl_slist_append(nullptr, "Accept: application/json");
  list = curl_slist_append(list, "Content-Type: application/json");
  for (const auto& h : headers) {
    list = curl_slist_append(list, h.c_str());
  }
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 10000L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, header_line);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &r.subject_token);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  if (method == "POST") {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    r.error = curl_easy_strerror(rc);
  } else {
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
  }
  curl_slist_free_all(list);
  curl_easy_cleanup(c);
  return r;
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
      Reply v = call("GET",
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
    Reply r = call("POST", m_base + "/auth/tokens?nocatalog", {}, body.dump());
    if (r.status != 201 || r.subject_token.empty()) {
      return make_error(Errc::peer,
                        "the service user " + m_settings.username + " cannot log in at " + m_base
                            + " (HTTP " + std::to_string(r.status) + (r.error.empty() ? "" : ", ")
                            + r.error + ")");
    }
    auto doc = json::parse(r.body);
    m_service = r.subject_token;
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
