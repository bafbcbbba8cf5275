#include "backends/pdns4/api.hpp"

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <mutex>

namespace dnsctl::backends::pdns4 {

struct Client::Impl {
  ClientOptions options;
  CURL* curl = nullptr;
  curl_slist* headers = nullptr;
};

namespace {

size_t collect(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

} // namespace

Client::Client(ClientOptions options)
    : m_impl(std::make_unique<Impl>()) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  m_impl->options = std::move(options);
  m_impl->curl = curl_easy_init();
  // PowerDNS answers errors as JSON only when asked for JSON.
  m_impl->headers = curl_slist_append(m_impl->headers, "Accept: application/json");
  m_impl->headers = curl_slist_append(m_impl->headers, "Content-Type: application/json");
  if (!m_impl->options.token.empty()) {
    std::string h = "X-API-Key: " + m_impl->options.token;
    m_impl->headers = curl_slist_append(m_impl->headers, h.c_str());
  }
}

Client::~Client() {
  curl_slist_free_all(m_impl->headers);
  if (m_impl->curl != nullptr) {
    curl_easy_cleanup(m_impl->curl);
  }
}

HttpReply Client::request(const std::string& method,
                          const std::string& path,
                          const std::string& body,
                          std::chrono::milliseconds timeout) {
  HttpReply r;
  CURL* c = m_impl->curl;
  if (c == nullptr) {
    r.error = "libcurl could not start";
    return r;
  }
  std::string url = m_impl->options.base + path;
  // The same handle for every request: libcurl keeps the connection alive.
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, m_impl->headers);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  // Designate passed the CA only on POST; every request here uses it.
  if (!m_impl->options.ca_cert.empty()) {
    curl_easy_setopt(c, CURLOPT_CAINFO, m_impl->options.ca_cert.c_str());
  }
  if (method == "GET" || method == "DELETE") {
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L); // no body left from an earlier POST
  } else {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
  CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    r.error = curl_easy_strerror(rc);
    return r;
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
  return r;
}

std::string url_host(const std::string& url) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos) {
    return "";
  }
  std::string rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find('/'));
  if (auto at = rest.rfind('@'); at != std::string::npos) {
    rest = rest.substr(at + 1);
  }
  if (!rest.empty() && rest.front() == '[') {
    auto close = rest.find(']');
    return close == std::string::npos ? "" : rest.substr(1, close - 1);
  }
  return rest.substr(0, rest.find(':'));
}

std::string api_base(const std::string& api_endpoint) {
  auto scheme = api_endpoint.find("://");
  if (scheme == std::string::npos || url_host(api_endpoint).empty()) {
    return "";
  }
  auto path = api_endpoint.find('/', scheme + 3);
  return api_endpoint.substr(0, path) + "/api/v1/servers/localhost";
}

std::string zone_id(const std::string& name) {
  std::string out;
  for (unsigned char c : name) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                 || c == '.' || c == '-' || c == '_';
    if (plain) {
      out += static_cast<char>(c);
    } else {
      static constexpr char k_hex[] = "0123456789ABCDEF";
      out += '=';
      out += k_hex[c >> 4];
      out += k_hex[c & 0x0f];
    }
  }
  return out;
}

std::string master_text(const model::HostPort& m) {
  bool v6 = m.host.find(':') != std::string::npos;
  return (v6 ? "[" + m.host + "]" : m.host) + ":" + std::to_string(m.port);
}

std::string error_text(const HttpReply& r) {
  if (r.status == 0) {
    return r.error;
  }
  std::string what;
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (j.is_object() && j.contains("error") && j["error"].is_string()) {
    what = j["error"].get<std::string>();
  } else {
    what = r.body.substr(0, 200);
  }
  return "HTTP " + std::to_string(r.status) + (what.empty() ? "" : ": " + what);
}

Verdict on_create(const HttpReply& r) {
  if (r.status == 201 || r.status == 200 || r.status == 204) {
    return Verdict::done;
  }
  if (r.status == 409) {
    return Verdict::exists;
  }
  return Verdict::failed; // 401/403 bad key, 422 bad data, 5xx, no answer
}

Verdict on_delete(const HttpReply& r) {
  if (r.status == 204 || r.status == 200) {
    return Verdict::done;
  }
  // Only "not there" is success: a 401 or 5xx is not evidence the zone is gone
  // (Designate read every non-200 GET as absent and lost track of zones).
  if (r.status == 404) {
    return Verdict::missing;
  }
  return Verdict::failed;
}

Verdict on_update(const HttpReply& r) {
  if (r.status == 204 || r.status == 200) {
    return Verdict::done;
  }
  if (r.status == 404) {
    return Verdict::missing;
  }
  return Verdict::failed;
}

Verdict on_get(const HttpReply& r) {
  if (r.status == 200) {
    return Verdict::exists;
  }
  if (r.status == 404) {
    return Verdict::missing;
  }
  return Verdict::failed;
}

bool same_masters(const std::string& zone_json, const std::vector<std::string>& masters) {
  auto j = nlohmann::json::parse(zone_json, nullptr, false);
  if (!j.is_object() || !j.contains("masters") || !j["masters"].is_array()) {
    return false;
  }
  std::vector<std::string> have;
  for (const auto& m : j["masters"]) {
    if (m.is_string()) {
      have.push_back(m.get<std::string>());
    }
  }
  std::vector<std::string> want = masters;
  std::sort(have.begin(), have.end());
  std::sort(want.begin(), want.end());
  return have == want;
}

} // namespace dnsctl::backends::pdns4

namespace dnsctl::backends::pdns4 {

std::string curl_version_text() {
  const curl_version_info_data* v = curl_version_info(CURLVERSION_NOW);
  return v != nullptr && v->version != nullptr ? v->version : "?";
}

} // namespace dnsctl::backends::pdns4
