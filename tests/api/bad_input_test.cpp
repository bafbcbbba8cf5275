// Bad requests of every kind: each gets Designate's code and error type, the server
// stays up, and the store is exactly as it was.

#include "tests/api/harness.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

using namespace dnsctl::test;
using Json = nlohmann::json;

namespace {

int connect_to(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) { // NOLINT
    ::close(fd);
    return -1;
  }
  return fd;
}

} // namespace

class ApiBadInput : public ApiTest {};

TEST_F(ApiBadInput, EveryBadRequestGetsDesignatesCodeAndChangesNothing) {
  start_api();
  std::string a = make_zone("a.example.");
  std::string b = make_zone("b.example.", k_token_b);
  std::string rs_a = http("POST",
                          "/v2/zones/" + a + "/recordsets",
                          R"({"name": "www.a.example.", "type": "A", "records": ["192.0.2.1"]})")
                         .json()["id"];
  std::string zones = "/v2/zones";
  std::string sets = "/v2/zones/" + a + "/recordsets";
  std::string big(10 << 20, 'x');
  std::string deep;
  for (int i = 0; i < 1000; ++i) {
    deep += "[";
  }
  struct Case {
    std::string what, method, path, body;
    long code;
    std::string type;
    std::vector<std::string> headers;
  };
  std::vector<Case> cases = {
      {"malformed JSON", "POST", zones, R"({"name": )", 400, "invalid_json", {}},
      {"JSON with a trailing comma",
       "POST",
       zones,
       R"({"name": "x.example.",})",
       400,
       "invalid_json",
       {}},
      {"not an object", "POST", zones, R"(["x.example."])", 400, "invalid_object", {}},
      {"empty body", "POST", zones, " ", 400, "empty_request_body", {}},
      {"nested 1000 deep", "POST", zones, deep, 400, "invalid_json", {}},
      {"wrong content type",
       "POST",
       zones,
       R"({"name": "x.example."})",
       415,
       "unsupported_content_type",
       {"Content-Type: text/plain"}},
      {"name not a string",
       "POST",
       zones,
       R"({"name": 7, "email": "h@x.example"})",
       400,
       "invalid_object",
       {}},
      {"no name", "POST", zones, R"({"email": "h@x.example"})", 400, "invalid_object", {}},
      {"no email", "POST", zones, R"({"name": "x.example."})", 400, "invalid_object", {}},
      {"unknown field",
       "POST",
       zones,
       R"({"name": "x.example.", "email": "h@x.example", "x": 1})",
       400,
       "invalid_object",
       {}},
      {"ttl a string",
       "POST",
       zones,
       R"({"name": "x.example.", "email": "h@x.example", "ttl": "1"})",
       400,
       "invalid_object",
       {}},
      {"ttl negative",
       "POST",
       zones,
       R"({"name": "x.example.", "email": "h@x.example", "ttl": -5})",
       400,
       "invalid_object",
       {}},
      {"ttl past 2^31",
       "POST",
       zones,
       R"({"name": "x.example.", "email": "h@x.example", "ttl": 4294967296})",
       400,
       "invalid_object",
       {}},
      {"bad zone name",
       "POST",
       zones,
       R"({"name": "bad..example.", "email": "h@x.example"})",
       400,
       "invalid_object",
       {}},
      {"name too long",
       "POST",
       zones,
       R"({"name": ")" + std::string(300, 'a') + R"(.", "email": "h@x.example"})",
       400,
       "invalid_object",
       {}},
      {"label too long",
       "POST",
       zones,
       R"({"name": ")" + std::string(64, 'a') + R"(.example.", "email": "h@x.example"})",
       400,
       "invalid_object",
       {}},
      {"bad email",
       "POST",
       zones,
       R"({"name": "x.example.", "email": "no-at-sign"})",
       400,
       "invalid_object",
       {}},
      {"unknown type",
       "POST",
       zones,
       R"({"name": "x.example.", "email": "h@x.example", "type": "TERTIARY"})",
       400,
       "invalid_object",
       {}},
      {"masters on a primary",
       "POST",
       zones,
       R"({"name": "x.example.", "email": "h@x.example", "masters": ["192.0.2.1"]})",
       400,
       "invalid_object",
       {}},
      {"attributes not strings",
       "POST",
       zones,
       R"({"name": "x.example.", "email": "h@x.example", "attributes": {"a": 1}})",
       400,
       "invalid_object",
       {}},
      {"description too long",
       "POST",
       zones,
       R"({"name": "x.example.", "email": "h@x.example", "description": ")" + std::string(161, 'd')
           + R"("})",
       400,
       "invalid_object",
       {}},
      {"duplicate zone",
       "POST",
       zones,
       R"({"name": "a.example.", "email": "h@x.example"})",
       409,
       "duplicate_zone",
       {}},
      {"a 10 MB body", "POST", zones, big, 413, "request_body_too_large", {}},
      {"unknown zone id",
       "GET",
       "/v2/zones/00000000-0000-0000-0000-000000000000",
       "",
       404,
       "zone_not_found",
       {}},
      {"another project's zone", "GET", "/v2/zones/" + b, "", 404, "zone_not_found", {}},
      {"a marker from another project",
       "GET",
       zones + "?marker=" + b,
       "",
       400,
       "marker_not_found",
       {}},
      {"limit zero", "GET", zones + "?limit=0", "", 400, "invalid_limit", {}},
      {"limit text", "GET", zones + "?limit=many", "", 400, "invalid_limit", {}},
      {"bad sort key", "GET", zones + "?sort_key=secret", "", 400, "invalid_sort_key", {}},
      {"bad sort dir", "GET", zones + "?sort_dir=up", "", 400, "invalid_sort_dir", {}},
      {"unknown filter", "GET", zones + "?colour=blue", "", 400, "bad_request", {}},
      {"PATCH of the name",
       "PATCH",
       "/v2/zones/" + a,
       R"({"name": "c.example."})",
       400,
       "invalid_object",
       {}},
      {"PATCH with a bad ttl",
       "PATCH",
       "/v2/zones/" + a,
       R"({"ttl": -1})",
       400,
       "invalid_object",
       {}},
      {"wrong method", "PUT", zones, R"({})", 405, "method_not_allowed", {}},
      {"unknown path", "GET", "/v2/colours", "", 404, "not_found", {}},
      {"recordset name relative",
       "POST",
       sets,
       R"({"name": "www", "type": "A", "records": []})",
       400,
       "invalid_object",
       {}},
      {"recordset outside the zone",
       "POST",
       sets,
       R"({"name": "www.b.example.", "type": "A", "records": ["192.0.2.1"]})",
       400,
       "invalid_object",
       {}},
      {"recordset type unknown",
       "POST",
       sets,
       R"({"name": "x.a.example.", "type": "FOO", "records": ["1"]})",
       400,
       "invalid_object",
       {}},
      {"recordset bad A data",
       "POST",
       sets,
       R"({"name": "x.a.example.", "type": "A", "records": ["300.1.1.1"]})",
       400,
       "invalid_object",
       {}},
      {"recordset records not a list",
       "POST",
       sets,
       R"({"name": "x.a.example.", "type": "A", "records": "192.0.2.1"})",
       400,
       "invalid_object",
       {}},
      {"recordset without records",
       "POST",
       sets,
       R"({"name": "x.a.example.", "type": "A"})",
       400,
       "invalid_object",
       {}},
      {"CNAME beside other data",
       "POST",
       sets,
       R"({"name": "www.a.example.", "type": "CNAME", "records": ["a.example."]})",
       400,
       "invalid_operation",
       {}},
      {"duplicate recordset",
       "POST",
       sets,
       R"({"name": "www.a.example.", "type": "A", "records": ["192.0.2.5"]})",
       409,
       "duplicate_recordset",
       {}},
      {"apex NS", "PUT", sets + "/" + rs_a, R"({"records": ["x"]})", 400, "invalid_object", {}},
      {"unknown recordset",
       "GET",
       sets + "/00000000-0000-0000-0000-000000000000",
       "",
       404,
       "recordset_not_found",
       {}},
      {"no token", "GET", zones, "", 401, "unauthorized", {}},
      {"all projects, not admin",
       "GET",
       zones,
       "",
       403,
       "forbidden",
       {"X-Auth-All-Projects: true"}},
  };
  std::string before = store_dump();
  for (const auto& c : cases) {
    std::string token = c.what == "no token" ? "" : k_token_a;
    Reply r = http(c.method, c.path, c.body, token, c.headers);
    EXPECT_EQ(r.status, c.code) << c.what << ": " << r.body.substr(0, 300);
    auto j = r.json();
    EXPECT_EQ(j.value("type", ""), c.type) << c.what << ": " << r.body.substr(0, 300);
    EXPECT_EQ(j.value("code", 0), c.code) << c.what;
    EXPECT_FALSE(j.value("request_id", "").empty()) << c.what;
    EXPECT_EQ(store_dump(), before) << c.what << " changed the store";
  }
  EXPECT_GE(cases.size(), 40u);
  // Still up, and still right.
  EXPECT_EQ(http("GET", "/v2/zones/" + a).status, 200);
  // One log line per request, and never a token in the log.
  std::string log = api_log();
  EXPECT_EQ(log.find(k_token_a), std::string::npos);
  EXPECT_NE(log.find("GET /v2/colours 404"), std::string::npos);
}

// 1,000 idle connections and a client that sends one byte a second: the server keeps
// serving, closes what stays idle, and then answers as before.
TEST_F(ApiBadInput, IdleAndSlowClientsDoNotStopTheServer) {
  start_api("timeout = 2\nmax_connections_per_address = 2000\nmax_connections = 2000\n");
  std::vector<int> idle;
  for (int i = 0; i < 1000; ++i) {
    int fd = connect_to(m_port);
    if (fd >= 0) {
      idle.push_back(fd);
    }
  }
  EXPECT_GE(idle.size(), 900u);
  int slow = connect_to(m_port);
  ASSERT_GE(slow, 0);
  std::string request = "GET /v2/zones HTTP/1.1\r\nHost: x\r\nX-Auth-Token: ";
  request += k_token_a;
  request += "\r\n\r\n";
  auto started = std::chrono::steady_clock::now();
  size_t sent = 0;
  bool served_meanwhile = false;
  while (sent < 8 && std::chrono::steady_clock::now() - started < std::chrono::seconds(6)) {
    if (::send(slow, request.data() + sent, 1, MSG_NOSIGNAL) != 1) {
      break;
    }
    ++sent;
    served_meanwhile = served_meanwhile || http("GET", "/v2/zones").status == 200;
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
  }
  EXPECT_TRUE(served_meanwhile);
  for (int fd : idle) {
    ::close(fd);
  }
  ::close(slow);
  EXPECT_EQ(http("GET", "/v2/zones").status, 200);
  EXPECT_EQ(
      http("POST", "/v2/zones", R"({"name": "after.example.", "email": "h@x.example"})").status,
      202);
}

// noauth believes any header: it is refused on anything but a loopback address.
TEST_F(ApiBadInput, NoauthRefusesANonLoopbackAddress) {
  ok({"db", "sync"});
  std::ofstream(m_config) << "[api]\nauth_strategy = noauth\n";
  Ran r = dnsctl({"api", "--listen", "0.0.0.0:0"});
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find("loopback"), std::string::npos) << r.err;
  std::ofstream(m_config) << "[api]\nauth_strategy = keystone\n";
  Ran ks = dnsctl({"api", "--listen", "127.0.0.1:0"});
  EXPECT_EQ(ks.code, 2);
  EXPECT_NE(ks.err.find("[keystone_authtoken] auth_url"), std::string::npos) << ks.err;
}
