#include "backends/pdns4/api.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace dnsctl::backends::pdns4 {

namespace {

http::Options http_options(const ClientOptions& o) {
  // PowerDNS answers errors as JSON only when asked for JSON.
  http::Options h{{"Accept: application/json", "Content-Type: application/json"}, o.ca_cert};
  if (!o.token.empty()) {
    h.headers.push_back("X-API-Key: " + o.token);
  }
  return h;
}

} // namespace

// Designate passed the CA only on POST; every request here uses it.
Client::Client(const ClientOptions& options)
    : m_base(options.base)
    , m_http(http_options(options)) {}

HttpReply Client::request(const std::string& method,
                          const std::string& path,
                          const std::string& body,
                          std::chrono::milliseconds timeout) {
  return m_http.request(method, m_base + path, body, timeout);
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
