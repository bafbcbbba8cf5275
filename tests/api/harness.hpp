#pragma once
// `dnsctl api` on a temporary store (the CLI tests' harness underneath), and a small
// HTTP client (libcurl) to call it the way any client would.

#include "core/util/process.hpp"
#include "tests/cli/harness.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace dnsctl::test {

struct Reply {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers; // lower-case names
  nlohmann::json json() const;                // null when the body is not JSON
};

// Tokens of the token_file every ApiTest server reads.
inline constexpr const char* k_token_a = "token-a-member";
inline constexpr const char* k_token_a_reader = "token-a-reader";
inline constexpr const char* k_token_b = "token-b-member";
inline constexpr const char* k_token_admin = "token-admin";

class ApiTest : public CliTest {
protected:
  void TearDown() override;

  // The example pool, then `dnsctl api` with [api] `extra` lines added (auth_strategy
  // token_file unless `extra` says otherwise). Fails the test when it does not start.
  // `listen` is where it serves (a free port by default; the log says which).
  void start_api(const std::string& extra = "", const std::string& listen = "127.0.0.1:0");
  void stop_api();
  std::string api_log() const;

  // A request; `token` goes as X-Auth-Token when not empty.
  Reply http(const std::string& method,
             const std::string& path,
             const std::string& body = "",
             const std::string& token = k_token_a,
             const std::vector<std::string>& headers = {}) const;
  // A zone made by `token`'s project through the API; returns its id.
  std::string make_zone(const std::string& name, const std::string& token = k_token_a);

  uint16_t m_port = 0;
  std::string m_base; // http://127.0.0.1:PORT

private:
  process::Child m_api;
};

} // namespace dnsctl::test
