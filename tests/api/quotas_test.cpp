// Quotas as Designate has them: shown to a project's members, set and reset by admins
// (/v2/quotas, `dnsctl quota`), the limits a caller meets (/v2/limits), and every API
// write held to them inside its transaction: clients racing for the last zone or
// recordset of a quota get one of it, never two.

#include "tests/api/harness.hpp"

#include <atomic>
#include <thread>

using namespace dnsctl::test;
using Json = nlohmann::json;

namespace {

class ApiQuotas : public ApiTest {
protected:
  const std::vector<std::string> m_all{"X-Auth-All-Projects: true"};

  Reply set(const std::string& project, const Json& values) {
    return http("PATCH", "/v2/quotas/" + project, values.dump(), k_token_admin, m_all);
  }
  Json quotas(const std::string& project) {
    return http("GET", "/v2/quotas/" + project, "", k_token_admin, m_all).json();
  }
  // `n` clients send `body` (its "%" replaced by the client's number) to `path` at
  // once; the statuses they get.
  std::vector<long> race(int n, const std::string& path, const std::string& body) {
    std::vector<long> got(static_cast<size_t>(n));
    std::vector<std::thread> clients;
    std::atomic<int> ready{0};
    for (int i = 0; i < n; ++i) {
      clients.emplace_back([&, i] {
        std::string b = body;
        b.replace(b.find('%'), 1, std::to_string(i));
        ++ready;
        while (ready.load() < n) {
          std::this_thread::yield();
        }
        got[static_cast<size_t>(i)] = http("POST", path, b).status;
      });
    }
    for (auto& c : clients) {
      c.join();
    }
    return got;
  }
};

int count_of(const std::vector<long>& statuses, long status) {
  return static_cast<int>(std::count(statuses.begin(), statuses.end(), status));
}

} // namespace

TEST_F(ApiQuotas, ShownToTheProjectSetAndResetByAdminsOnly) {
  // The site's defaults from [quota]; Designate's where unset.
  start_api("[quota]\nzones = 7\napi_export_size = -1\n");
  Json defaults = {{"zones", 7},
                   {"zone_recordsets", 500},
                   {"zone_records", 500},
                   {"recordset_records", 20},
                   {"api_export_size", -1}};
  Reply own = http("GET", "/v2/quotas");
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(own.json(), defaults);
  EXPECT_EQ(http("GET", "/v2/quotas/project-a").json(), defaults);
  EXPECT_EQ(http("GET", "/v2/quotas/project-a", "", k_token_a_reader).status, 200);
  // Another project's: 403, for a member, and for an admin without all-projects.
  EXPECT_EQ(http("GET", "/v2/quotas/project-b").status, 403);
  EXPECT_EQ(http("GET", "/v2/quotas/project-a", "", k_token_admin).status, 403);
  EXPECT_EQ(quotas("project-a"), defaults);

  // Only admins set and reset, with any header.
  for (const auto* token : {k_token_a, k_token_a_reader, k_token_b}) {
    EXPECT_EQ(http("PATCH", "/v2/quotas/project-a", R"({"zones": 99})", token, m_all).status, 403)
        << token;
    EXPECT_EQ(http("DELETE", "/v2/quotas/project-a", "", token).status, 403) << token;
  }
  Reply patched = set("project-a", {{"zones", 3}, {"zone_records", -1}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  Json a = defaults;
  a["zones"] = 3;
  a["zone_records"] = -1;
  EXPECT_EQ(patched.json(), a);
  EXPECT_EQ(http("GET", "/v2/quotas").json(), a);
  EXPECT_EQ(http("GET", "/v2/quotas", "", k_token_b).json(), defaults);
  // The CLI reads the same store (its own [quota] defaults: Designate's).
  Json shown = json({"quota", "show", "project-a"});
  EXPECT_EQ(shown["zones"], 3);
  EXPECT_EQ(shown["zone_records"], -1);

  // Bad values: 400 invalid_object, and nothing changes (not even the good ones).
  for (const auto* body : {R"({"zones": "many"})",
                           R"({"zones": 5, "nosuch": 1})",
                           R"({"zones": -2})",
                           R"({"zones": 2147483648})",
                           R"({"zones": 18446744073709551615})",
                           R"({"zones": 1.5})",
                           R"({"zones": true})",
                           R"(["zones", 5])"}) {
    Reply bad = http("PATCH", "/v2/quotas/project-a", body, k_token_admin, m_all);
    EXPECT_EQ(bad.status, 400) << body << ": " << bad.body;
    if (body[0] == '{') {
      EXPECT_EQ(bad.json()["type"], "invalid_object") << body << ": " << bad.body;
    }
  }
  EXPECT_EQ(quotas("project-a"), a);

  // /v2/limits: the caller's project's, also as an admin acting for it.
  Json limits = http("GET", "/v2/limits").json();
  EXPECT_EQ(limits,
            (Json{{"max_zones", 3},
                  {"max_zone_recordsets", 500},
                  {"max_zone_records", -1},
                  {"max_recordset_records", 20},
                  {"min_ttl", nullptr},
                  {"max_zone_name_length", 255},
                  {"max_recordset_name_length", 255},
                  {"max_page_limit", 1000}}));
  EXPECT_EQ(
      http("GET", "/v2/limits", "", k_token_admin, {"X-Auth-Sudo-Project-ID: project-a"}).json(),
      limits);
  EXPECT_EQ(http("GET", "/v2/limits", "", k_token_b, {"X-Auth-Sudo-Project-ID: project-a"}).status,
            403);

  // Reset: 204 with no body, the defaults again.
  Reply reset = http("DELETE", "/v2/quotas/project-a", "", k_token_admin, m_all);
  EXPECT_EQ(reset.status, 204);
  EXPECT_EQ(reset.body, "");
  EXPECT_EQ(quotas("project-a"), defaults);
  EXPECT_EQ(http("GET", "/v2/limits").json()["max_zones"], 7);
}

TEST_F(ApiQuotas, EveryWriteIsHeldToItsProjectsQuotas) {
  start_api();
  ASSERT_EQ(set("project-a", {{"zones", 2}}).status, 200);
  std::string z = make_zone("q1.example.");
  make_zone("q2.example.");
  Reply third = http("POST", "/v2/zones", R"({"name": "q3.example.", "email": "h@q3.example"})");
  EXPECT_EQ(third.status, 413) << third.body;
  EXPECT_EQ(third.json()["type"], "over_quota");
  EXPECT_NE(third.json()["message"].get<std::string>().find("Quota exceeded for zones"),
            std::string::npos)
      << third.body;
  // Another project has its own; the operator's CLI is not held to a tenant's quota.
  make_zone("b1.example.", k_token_b);
  ok({"domain", "create", "q3.example.", "--email", "h@q3.example", "--project", "project-a"});

  // Recordsets of a zone count what its list shows (SOA and NS among them).
  auto total = http("GET", "/v2/zones/" + z + "/recordsets").json()["metadata"]["total_count"];
  ASSERT_EQ(set("project-a", {{"zone_recordsets", total.get<int>() + 1}}).status, 200);
  std::string path = "/v2/zones/" + z + "/recordsets";
  Reply one =
      http("POST", path, R"({"name": "a.q1.example.", "type": "A", "records": ["192.0.2.1"]})");
  ASSERT_EQ(one.status, 202) << one.body;
  std::string rs = one.json()["id"];
  Reply two =
      http("POST", path, R"({"name": "b.q1.example.", "type": "A", "records": ["192.0.2.1"]})");
  EXPECT_EQ(two.status, 413) << two.body;
  EXPECT_EQ(two.json()["type"], "over_quota");

  // Records of a recordset: create and update.
  ASSERT_EQ(set("project-a", {{"zone_recordsets", -1}, {"recordset_records", 2}}).status, 200);
  Reply three = http("POST",
                     path,
                     R"({"name": "c.q1.example.", "type": "A",
                         "records": ["192.0.2.1", "192.0.2.2", "192.0.2.3"]})");
  EXPECT_EQ(three.status, 413) << three.body;
  Reply grow =
      http("PUT", path + "/" + rs, R"({"records": ["192.0.2.1", "192.0.2.2", "192.0.2.3"]})");
  EXPECT_EQ(grow.status, 413) << grow.body;
  EXPECT_EQ(http("GET", path + "/" + rs).json()["records"], Json::array({"192.0.2.1"}));
  EXPECT_EQ(http("PUT", path + "/" + rs, R"({"records": ["192.0.2.1", "192.0.2.2"]})").status, 202);

  // Records of a zone (not the managed ones): 2 now; 3 allowed.
  ASSERT_EQ(set("project-a", {{"zone_records", 3}}).status, 200);
  EXPECT_EQ(
      http("POST", path, R"({"name": "d.q1.example.", "type": "A", "records": ["192.0.2.4"]})")
          .status,
      202);
  Reply over =
      http("POST", path, R"({"name": "e.q1.example.", "type": "A", "records": ["192.0.2.5"]})");
  EXPECT_EQ(over.status, 413) << over.body;
  EXPECT_NE(over.json()["message"].get<std::string>().find("zone_records"), std::string::npos);
  // A change that does not add records passes over a lowered quota.
  ASSERT_EQ(set("project-a", {{"zone_records", 1}}).status, 200);
  EXPECT_EQ(http("PUT", path + "/" + rs, R"({"ttl": 300})").status, 202);
  EXPECT_EQ(http("PUT", path + "/" + rs, R"({"records": ["192.0.2.9"]})").status, 202);
  // Refused writes left nothing behind.
  auto names = http("GET", path + "?type=A").json()["recordsets"];
  std::vector<std::string> seen;
  for (const auto& r : names) {
    seen.push_back(r["name"]);
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"a.q1.example.", "d.q1.example."}));
}

TEST_F(ApiQuotas, ClientsRacingForTheLastOneGetOne) {
  start_api();
  // Eight clients at once for each last zone, five rounds: one zone each round.
  for (int round = 1; round <= 5; ++round) {
    ASSERT_EQ(set("project-a", {{"zones", round}}).status, 200);
    auto got = race(8,
                    "/v2/zones",
                    R"({"name": "r)" + std::to_string(round)
                        + R"(-%.example.", "email": "h@race.example"})");
    EXPECT_EQ(count_of(got, 202), 1) << "round " << round;
    EXPECT_EQ(count_of(got, 413), 7) << "round " << round;
  }
  EXPECT_EQ(http("GET", "/v2/zones").json()["metadata"]["total_count"], 5);

  // The same for a zone's last recordset.
  Json zone = http("GET", "/v2/zones?name=r1-*").json()["zones"][0];
  std::string path = "/v2/zones/" + zone["id"].get<std::string>() + "/recordsets";
  std::string zone_name = zone["name"];
  for (int round = 1; round <= 5; ++round) {
    auto total = http("GET", path).json()["metadata"]["total_count"].get<int>();
    ASSERT_EQ(set("project-a", {{"zone_recordsets", total + 1}}).status, 200);
    auto got = race(8,
                    path,
                    R"({"name": "h%.r)" + std::to_string(round) + "." + zone_name
                        + R"(", "type": "A", "records": ["192.0.2.1"]})");
    EXPECT_EQ(count_of(got, 202), 1) << "round " << round;
    EXPECT_EQ(count_of(got, 413), 7) << "round " << round;
    EXPECT_EQ(http("GET", path).json()["metadata"]["total_count"], total + 1);
  }
}
