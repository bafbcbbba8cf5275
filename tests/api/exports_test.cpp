// Zone exports as Designate's tasks: made at once, listed and shown to their project,
// the file the zone's master file as `domain export` writes it, and the project's
// api_export_size quota turning a too large zone's export into an ERROR task.

#include "tests/api/harness.hpp"

using namespace dnsctl::test;
using Json = nlohmann::json;

class ApiExports : public ApiTest {};

TEST_F(ApiExports, AnExportIsATaskWhoseFileIsTheZone) {
  start_api();
  std::string zone = make_zone("exp.example.");
  ASSERT_EQ(http("POST",
                 "/v2/zones/" + zone + "/recordsets",
                 R"({"name": "www.exp.example.", "type": "A", "records": ["192.0.2.1"]})")
                .status,
            202);
  Reply made = http("POST", "/v2/zones/" + zone + "/tasks/export");
  ASSERT_EQ(made.status, 202) << made.body;
  Json e = made.json();
  std::string id = e["id"];
  EXPECT_EQ(e["status"], "COMPLETE");
  EXPECT_EQ(e["zone_id"], zone);
  EXPECT_EQ(e["project_id"], "project-a");
  EXPECT_EQ(e["location"], "designate://v2/zones/tasks/exports/" + id + "/export");
  EXPECT_EQ(made.headers["location"], m_base + "/v2/zones/tasks/exports/" + id);
  EXPECT_EQ(http("GET", "/v2/zones/tasks/exports/" + id).json(), e);
  Reply list = http("GET", "/v2/zones/tasks/exports?zone_id=" + zone);
  ASSERT_EQ(list.json()["exports"].size(), 1u) << list.body;
  EXPECT_EQ(list.json()["exports"][0]["id"], id);
  EXPECT_EQ(http("GET", "/v2/zones/tasks/exports?status=ERROR").json()["exports"], Json::array());
  EXPECT_EQ(http("GET", "/v2/zones/tasks/exports?message=*quota*").json()["exports"],
            Json::array());

  // The file: the zone as the CLI exports it, for a client that takes text/dns.
  Reply file =
      http("GET", "/v2/zones/tasks/exports/" + id + "/export", "", k_token_a, {"Accept: text/dns"});
  ASSERT_EQ(file.status, 200) << file.body;
  EXPECT_EQ(file.headers["content-type"], "text/dns");
  EXPECT_EQ(file.body, ok({"domain", "export", "exp.example."}).out);
  EXPECT_NE(file.body.find("192.0.2.1"), std::string::npos);
  EXPECT_EQ(
      http(
          "GET", "/v2/zones/tasks/exports/" + id + "/export", "", k_token_a, {"Accept: image/jpeg"})
          .status,
      406);

  // Another project sees none of it; an admin with all projects does.
  EXPECT_EQ(http("GET", "/v2/zones/tasks/exports/" + id, "", k_token_b).status, 404);
  EXPECT_EQ(http("GET", "/v2/zones/tasks/exports/" + id + "/export", "", k_token_b).status, 404);
  EXPECT_EQ(http("GET", "/v2/zones/tasks/exports", "", k_token_b).json()["exports"], Json::array());
  EXPECT_EQ(http("POST", "/v2/zones/" + zone + "/tasks/export", "", k_token_b).status, 404);
  EXPECT_EQ(http("GET", "/v2/zones/tasks/exports", "", k_token_admin, {"X-Auth-All-Projects: true"})
                .json()["metadata"]["total_count"],
            1);
  EXPECT_EQ(http("POST", "/v2/zones/" + zone + "/tasks/export", "", k_token_a_reader).status, 403);
  EXPECT_EQ(http("GET", "/v2/zones/tasks/exports/foo").json()["type"], "invalid_uuid");

  Reply gone = http("DELETE", "/v2/zones/tasks/exports/" + id);
  EXPECT_EQ(gone.status, 204);
  Reply missing = http("GET", "/v2/zones/tasks/exports/" + id);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.json()["type"], "zone_export_not_found");
}

TEST_F(ApiExports, AZoneLargerThanTheExportQuotaIsAnErrorTask) {
  start_api();
  std::string zone = make_zone("big.example.");
  // SOA, two NS (the pool's) and one A: four records.
  ASSERT_EQ(http("POST",
                 "/v2/zones/" + zone + "/recordsets",
                 R"({"name": "a.big.example.", "type": "A", "records": ["192.0.2.1"]})")
                .status,
            202);
  ASSERT_EQ(http("PATCH",
                 "/v2/quotas/project-a",
                 R"({"api_export_size": 3})",
                 k_token_admin,
                 {"X-Auth-All-Projects: true"})
                .status,
            200);
  Json e = http("POST", "/v2/zones/" + zone + "/tasks/export").json();
  EXPECT_EQ(e["status"], "ERROR");
  EXPECT_NE(e["message"].get<std::string>().find("holds 4 records, the quota is 3"),
            std::string::npos)
      << e;
  std::string id = e["id"];
  EXPECT_EQ(http("GET", "/v2/zones/tasks/exports?message=*api_export_size*&status=ERROR")
                .json()["metadata"]["total_count"],
            1);
  Reply file = http("GET", "/v2/zones/tasks/exports/" + id + "/export");
  EXPECT_EQ(file.status, 400) << file.body;
  ASSERT_EQ(http("PATCH",
                 "/v2/quotas/project-a",
                 R"({"api_export_size": 4})",
                 k_token_admin,
                 {"X-Auth-All-Projects: true"})
                .status,
            200);
  EXPECT_EQ(http("POST", "/v2/zones/" + zone + "/tasks/export").json()["status"], "COMPLETE");
}
