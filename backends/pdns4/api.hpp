#pragma once
// The PowerDNS Authoritative HTTP API as the pdns4 backend speaks it: one kept-alive
// connection (libcurl easy handle) per target, and the reading of its replies as
// plain functions, so every reply -> outcome rule is a row in a unit test.

#include "backends/backend.hpp"
#include "core/util/http.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace dnsctl::backends::pdns4 {

// The body is JSON, since we always send Accept: application/json.
using HttpReply = http::Reply;

struct ClientOptions {
  std::string base;    // scheme://netloc/api/v1/servers/localhost
  std::string token;   // X-API-Key; never printed
  std::string ca_cert; // CA file for https, or ""
};

class Client {
public:
  explicit Client(const ClientOptions& options);
  ~Client() = default;
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;
  Client(Client&&) = delete;
  Client& operator=(Client&&) = delete;

  // One request on the kept-alive connection; `path` is below the server's base.
  HttpReply request(const std::string& method,
                    const std::string& path,
                    const std::string& body,
                    std::chrono::milliseconds timeout);

private:
  std::string m_base;
  http::Client m_http;
};

// scheme://netloc of api_endpoint + /api/v1/servers/localhost (Designate ignores the
// path too); "" when the URL has no host.
std::string api_base(const std::string& api_endpoint);
// The host of a URL ("127.0.0.1", "::1"), "" when it has none.
std::string url_host(const std::string& url);
// PowerDNS's zone id for a name: every octet outside [A-Za-z0-9.-_] as =XX.
std::string zone_id(const std::string& name);
// "host:port" as PowerDNS lists masters ("[v6]:port").
std::string master_text(const model::HostPort& m);

// The server's own words for a failed reply: `{"error": "..."}`, else the body.
std::string error_text(const HttpReply& r);

// Reply -> outcome, one function per request kind.
enum class Verdict { done, exists, missing, failed };
Verdict on_create(const HttpReply& r); // POST /zones
Verdict on_delete(const HttpReply& r); // DELETE /zones/Z
Verdict on_update(const HttpReply& r); // PUT /zones/Z
Verdict on_get(const HttpReply& r);    // GET /zones/Z
// Whether a GET /zones/Z body lists exactly `masters` (order aside).
bool same_masters(const std::string& zone_json, const std::vector<std::string>& masters);

} // namespace dnsctl::backends::pdns4
