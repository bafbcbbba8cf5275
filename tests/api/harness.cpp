#include "tests/api/harness.hpp"

#include "core/util/http.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <regex>
#include <thread>

namespace dnsctl::test {

nlohmann::json Reply::json() const {
  return nlohmann::json::parse(body, nullptr, false);
}

void ApiTest::TearDown() {
  stop_api();
  CliTest::TearDown();
}

void ApiTest::start_api(const std::string& extra, const std::string& listen) {
  // A pool without targets: nothing is sent anywhere, and a deleted zone goes at once.
  ok({"pool",
      "update",
      write_temp("pools.yaml",
                 "- name: default\n  id: 794ccc2c-d751-44fe-b57f-8894c9f5c842\n"
                 "  ns_records: [{hostname: ns1.example.org., priority: 1},\n"
                 "               {hostname: ns2.example.org., priority: 2}]\n")});
  std::string tokens =
      write_temp("tokens",
                 std::string("# token project roles\n") + k_token_a + " project-a member,reader\n"
                     + k_token_a_reader + " project-a reader\n" + k_token_b + " project-b member\n"
                     + k_token_admin + " admin-project admin,member,reader\n");
  std::string conf = "[api]\n";
  if (extra.find("auth_strategy") == std::string::npos) {
    conf += "auth_strategy = token_file\ntoken_file = " + tokens + "\n";
  }
  conf += extra;
  std::ofstream(m_config) << conf;
  auto log = (m_dir / "api.log").string();
  auto child = process::Child::spawn(
      {DNSCTL_BIN, "--db", m_db, "--config", m_config, "api", "--listen", listen}, log);
  ASSERT_TRUE(child) << child.error().message;
  m_api = std::move(*child);
  std::regex port(R"(\(port (\d+),)");
  for (int i = 0; i < 500; ++i) {
    std::smatch m;
    std::string text = read_file(log);
    if (std::regex_search(text, m, port)) {
      m_port = static_cast<uint16_t>(std::stoi(m[1]));
      m_base = "http://127.0.0.1:" + std::to_string(m_port);
      return;
    }
    ASSERT_TRUE(m_api.running()) << text;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  FAIL() << "dnsctl api did not start: " << read_file(log);
}

void ApiTest::stop_api() {
  if (m_api.pid() > 0) {
    m_api.stop();
  }
}

std::string ApiTest::api_log() const {
  return read_file((m_dir / "api.log").string());
}

Reply ApiTest::http(const std::string& method,
                    const std::string& path,
                    const std::string& body,
                    const std::string& token,
                    const std::vector<std::string>& headers) const {
  std::vector<std::string> all = headers;
  bool has_type = std::any_of(headers.begin(), headers.end(), [](const std::string& h) {
    return h.rfind("Content-Type:", 0) == 0;
  });
  if (!body.empty() && !has_type) {
    all.emplace_back("Content-Type: application/json");
  }
  if (!token.empty()) {
    all.push_back("X-Auth-Token: " + token);
  }
  ::dnsctl::http::Client client;
  auto got = client.request(method, m_base + path, body, std::chrono::seconds(30), all);
  return Reply{got.status, std::move(got.body), std::move(got.headers)};
}

std::string ApiTest::make_zone(const std::string& name, const std::string& token) {
  Reply r = http("POST",
                 "/v2/zones",
                 nlohmann::json{{"name", name}, {"email", "hostmaster@" + name}}.dump(),
                 token);
  EXPECT_EQ(r.status, 202) << r.body;
  auto j = r.json();
  return j.is_object() ? j.value("id", "") : "";
}

} // namespace dnsctl::test
