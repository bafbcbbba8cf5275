// The v2 API against Designate's shapes, codes and error types (../shared/reference/
// designate-api.md), with projects kept apart, and bad requests of every kind answered
// without a change to the store.

#include "tests/api/harness.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <thread>

using namespace dnsctl::test;
using Json = nlohmann::json;

class ApiV2 : public ApiTest {};

TEST_F(ApiV2, VersionsAndAZonesWholeLife) {
  start_api();
  Reply v = http("GET", "/", "", "");
  ASSERT_EQ(v.status, 200) << v.body;
  EXPECT_EQ(v.json()["versions"][0]["id"], "v2");
  EXPECT_EQ(v.json()["versions"][0]["links"][0]["href"], m_base + "/v2/");

  Reply made = http("POST",
                    "/v2/zones",
                    R"({"name": "example.org.", "email": "hostmaster@example.org", "ttl": 600,
                        "description": "tenant zone", "attributes": {"service_tier": "gold"}})");
  ASSERT_EQ(made.status, 202) << made.body;
  Json z = made.json();
  for (const char* field : {"id",
                            "pool_id",
                            "project_id",
                            "name",
                            "email",
                            "ttl",
                            "serial",
                            "status",
                            "action",
                            "description",
                            "masters",
                            "type",
                            "transferred_at",
                            "version",
                            "created_at",
                            "updated_at",
                            "attributes",
                            "links"}) {
    EXPECT_TRUE(z.contains(field)) << field;
  }
  EXPECT_EQ(z["status"], "PENDING");
  EXPECT_EQ(z["action"], "CREATE");
  EXPECT_EQ(z["project_id"], "project-a");
  EXPECT_EQ(z["type"], "PRIMARY");
  EXPECT_EQ(z["masters"], Json::array());
  EXPECT_EQ(z["attributes"], Json({{"service_tier", "gold"}}));
  EXPECT_TRUE(z["updated_at"].is_null());
  // No zone in the timestamps: gophercloud parses "2006-01-02T15:04:05.999999" only.
  EXPECT_TRUE(std::regex_match(z["created_at"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6})")))
      << z["created_at"];
  std::string id = z["id"];
  EXPECT_EQ(made.headers["location"], m_base + "/v2/zones/" + id);
  EXPECT_EQ(z["links"]["self"], m_base + "/v2/zones/" + id);
  // The CLI sees the same zone under the same id, in the project it was made in.
  auto cli = json({"zone", "show", "example.org."});
  EXPECT_EQ(cli["id"], id);

  Reply shown = http("GET", "/v2/zones/" + id);
  ASSERT_EQ(shown.status, 200);
  EXPECT_EQ(shown.json()["name"], "example.org.");

  Reply patched = http("PATCH", "/v2/zones/" + id, R"({"ttl": 900, "description": null})");
  ASSERT_EQ(patched.status, 202) << patched.body;
  EXPECT_EQ(patched.json()["ttl"], 900);
  EXPECT_TRUE(patched.json()["description"].is_null());
  EXPECT_GT(patched.json()["version"].get<int64_t>(), z["version"].get<int64_t>());

  Reply ns = http("GET", "/v2/zones/" + id + "/nameservers");
  ASSERT_EQ(ns.status, 200);
  EXPECT_EQ(ns.json()["nameservers"],
            Json::parse(R"([{"hostname": "ns1.example.org.", "priority": 1},
                            {"hostname": "ns2.example.org.", "priority": 2}])"));

  Reply gone = http("DELETE", "/v2/zones/" + id);
  ASSERT_EQ(gone.status, 202) << gone.body;
  EXPECT_EQ(gone.json()["action"], "DELETE");
  // The pool has no targets: nothing to wait for, and the zone is gone.
  Reply after = http("GET", "/v2/zones/" + id);
  EXPECT_EQ(after.status, 404);
  EXPECT_EQ(after.json()["type"], "zone_not_found");
}

TEST_F(ApiV2, ListsPageByAbsoluteNextLinks) {
  start_api();
  for (int i = 0; i < 5; ++i) {
    make_zone("z" + std::to_string(i) + ".example.");
  }
  std::vector<std::string> names;
  std::string next = "/v2/zones?limit=2";
  int pages = 0;
  while (!next.empty()) {
    Reply r = http("GET", next);
    ASSERT_EQ(r.status, 200) << r.body;
    auto j = r.json();
    EXPECT_EQ(j["metadata"]["total_count"], 5);
    for (const auto& z : j["zones"]) {
      names.push_back(z["name"]);
    }
    ++pages;
    next.clear();
    if (j["links"].contains("next")) {
      std::string url = j["links"]["next"];
      ASSERT_EQ(url.rfind(m_base, 0), 0u) << "an absolute URL: " << url;
      next = url.substr(m_base.size());
    }
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(names.size(), 5u);
  // Filters, with Designate's wildcard.
  Reply some = http("GET", "/v2/zones?name=z1*");
  ASSERT_EQ(some.status, 200);
  ASSERT_EQ(some.json()["zones"].size(), 1u);
  EXPECT_EQ(some.json()["zones"][0]["name"], "z1.example.");
  Reply by_type = http("GET", "/v2/zones?type=PRIMARY&sort_key=name&sort_dir=desc&limit=1");
  ASSERT_EQ(by_type.status, 200) << by_type.body;
  EXPECT_EQ(by_type.json()["zones"][0]["name"], "z4.example.");
}

TEST_F(ApiV2, RecordsetsWholeLife) {
  start_api();
  std::string zone = make_zone("example.org.");
  std::string base = "/v2/zones/" + zone + "/recordsets";
  Reply made = http("POST",
                    base,
                    R"({"name": "www.example.org.", "type": "A", "ttl": 300,
                        "records": ["192.0.2.1", "192.0.2.2"], "description": "web"})");
  ASSERT_EQ(made.status, 202) << made.body;
  Json rs = made.json();
  for (const char* field : {"id",
                            "zone_id",
                            "zone_name",
                            "project_id",
                            "name",
                            "type",
                            "records",
                            "ttl",
                            "description",
                            "status",
                            "action",
                            "version",
                            "created_at",
                            "updated_at",
                            "links"}) {
    EXPECT_TRUE(rs.contains(field)) << field;
  }
  EXPECT_EQ(rs["action"], "CREATE");
  EXPECT_EQ(rs["status"], "PENDING");
  EXPECT_EQ(rs["zone_id"], zone);
  EXPECT_EQ(rs["records"], Json({"192.0.2.1", "192.0.2.2"}));
  std::string id = rs["id"];
  EXPECT_EQ(made.headers["location"], m_base + base + "/" + id);
  // The CLI prints the same id.
  EXPECT_EQ(json({"record", "show", "example.org.", "www", "--type", "A"})["id"], id);

  Reply listed = http("GET", base + "?type=A");
  ASSERT_EQ(listed.status, 200);
  ASSERT_EQ(listed.json()["recordsets"].size(), 1u);
  Reply all = http("GET", "/v2/recordsets?name=www.example.org.");
  ASSERT_EQ(all.status, 200) << all.body;
  ASSERT_EQ(all.json()["recordsets"].size(), 1u);
  EXPECT_EQ(all.json()["recordsets"][0]["id"], id);

  Reply put = http("PUT", base + "/" + id, R"({"records": ["192.0.2.9"], "ttl": null})");
  ASSERT_EQ(put.status, 202) << put.body;
  EXPECT_EQ(put.json()["records"], Json({"192.0.2.9"}));
  EXPECT_TRUE(put.json()["ttl"].is_null());
  EXPECT_EQ(put.json()["action"], "UPDATE");
  EXPECT_EQ(http("GET", base + "/" + id).json()["records"], Json({"192.0.2.9"}));

  Reply del = http("DELETE", base + "/" + id);
  ASSERT_EQ(del.status, 202) << del.body;
  EXPECT_EQ(del.json()["action"], "DELETE");
  Reply missing = http("GET", base + "/" + id);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.json()["type"], "recordset_not_found");
}

// TXT comes back exactly as sent (lego sends it unquoted and matches the text), and each
// recordset has its own version and times: a change to one leaves the others as they
// were, a new spelling of the same TXT is a new version but no new serial.
TEST_F(ApiV2, TxtComesBackAsSentAndRecordsetsVersionOnTheirOwn) {
  start_api();
  std::string zone = make_zone("example.org.");
  std::string base = "/v2/zones/" + zone + "/recordsets";
  Reply a =
      http("POST", base, R"({"name": "a.example.org.", "type": "A", "records": ["192.0.2.1"]})");
  ASSERT_EQ(a.status, 202) << a.body;
  EXPECT_EQ(a.json()["version"], 1);
  EXPECT_TRUE(a.json()["updated_at"].is_null());
  Json sent = Json::array({"token-unquoted", "\"quoted  text\"", "two words", "\"a\" \"b\""});
  Reply txt = http(
      "POST",
      base,
      Json({{"name", "_acme-challenge.example.org."}, {"type", "TXT"}, {"records", sent}}).dump());
  ASSERT_EQ(txt.status, 202) << txt.body;
  EXPECT_EQ(txt.json()["records"], sent);
  std::string id = txt.json()["id"];
  std::string created = txt.json()["created_at"];
  EXPECT_EQ(http("GET", base + "/" + id).json()["records"], sent);
  EXPECT_EQ(http("GET", base + "?type=TXT").json()["recordsets"][0]["records"], sent);
  EXPECT_EQ(json({"record", "show", "example.org.", "_acme-challenge", "--type", "TXT"})["data"],
            sent);
  // The export is the text as sent: it reads back to the same records.
  EXPECT_NE(ok({"zone", "export", "example.org."}).out.find("TXT\ttoken-unquoted"),
            std::string::npos);

  uint32_t serial = http("GET", "/v2/zones/" + zone).json()["serial"];
  Reply ttl = http("PUT", base + "/" + id, Json({{"records", sent}, {"ttl", 60}}).dump());
  ASSERT_EQ(ttl.status, 202) << ttl.body;
  EXPECT_EQ(ttl.json()["records"], sent);
  EXPECT_EQ(ttl.json()["version"], 2);
  EXPECT_EQ(ttl.json()["created_at"], created);
  EXPECT_TRUE(ttl.json()["updated_at"].is_string());
  uint32_t after_ttl = http("GET", "/v2/zones/" + zone).json()["serial"];
  EXPECT_NE(after_ttl, serial);

  // The same records spelled otherwise: stored as sent, served as before.
  Json respelled = Json::array({"\"token-unquoted\"", "\"quoted  text\"", "two words", "a b"});
  Reply again = http("PUT", base + "/" + id, Json({{"records", respelled}}).dump());
  ASSERT_EQ(again.status, 202) << again.body;
  EXPECT_EQ(again.json()["records"], respelled);
  EXPECT_EQ(again.json()["version"], 3);
  EXPECT_EQ(http("GET", "/v2/zones/" + zone).json()["serial"], after_ttl);

  // Two spellings of one record in one request are one record.
  Reply dup =
      http("POST", base, R"({"name": "d.example.org.", "type": "TXT", "records": ["x", "\"x\""]})");
  ASSERT_EQ(dup.status, 202) << dup.body;
  EXPECT_EQ(dup.json()["records"], Json({"x"}));

  // The A recordset was not touched by any of it.
  Json a_now = http("GET", base + "/" + std::string(a.json()["id"])).json();
  EXPECT_EQ(a_now["version"], 1);
  EXPECT_TRUE(a_now["updated_at"].is_null());
  EXPECT_EQ(a_now["records"], Json({"192.0.2.1"}));
}

// A recordset is as far as its zone, so status and zone_id are zone filters: core
// applies them before the page is cut (they were applied to the cut page: short pages
// and a total_count of everything).
TEST_F(ApiV2, RecordsetStatusAndZoneFiltersCutFullPages) {
  start_api();
  // A second pool whose target is never reached: its zones stay PENDING.
  ok({"pool",
      "update",
      write_temp("pools2.yaml",
                 "- name: default\n  id: 794ccc2c-d751-44fe-b57f-8894c9f5c842\n"
                 "  ns_records: [{hostname: ns1.example.org., priority: 1},\n"
                 "               {hostname: ns2.example.org., priority: 2}]\n"
                 "- name: busy\n  ns_records: [{hostname: ns1.example.org., priority: 1}]\n"
                 "  targets: [{type: fake, options: {host: 127.0.0.1, port: 9}}]\n")});
  std::string active = make_zone("a.example.");
  ok({"domain",
      "create",
      "b.example.",
      "--email",
      "h@b.example",
      "--pool",
      "busy",
      "--project",
      "project-a"});
  ok({"sync", "--pool", "default"}); // settles the zones of the pool without targets
  Json b = http("GET", "/v2/zones?name=b.example.").json()["zones"][0];
  std::string pending = b["id"];
  for (const auto& [zone, name] : {std::pair{active, std::string("a.example.")},
                                   std::pair{pending, std::string("b.example.")}}) {
    for (int i = 0; i < 4; ++i) {
      Reply r = http("POST",
                     "/v2/zones/" + zone + "/recordsets",
                     R"({"name": "h)" + std::to_string(i) + "." + name
                         + R"(", "type": "A", "records": ["192.0.2.1"]})");
      ASSERT_EQ(r.status, 202) << r.body;
    }
  }
  ok({"sync", "--pool", "default"});
  ASSERT_EQ(http("GET", "/v2/zones/" + active).json()["status"], "ACTIVE");
  ASSERT_EQ(http("GET", "/v2/zones/" + pending).json()["status"], "PENDING");
  // Each zone holds SOA, NS and the 4 A sets: 6.
  auto check = [&](const std::string& path, size_t page, int total, const std::string& zone) {
    Reply r = http("GET", path);
    ASSERT_EQ(r.status, 200) << path << ": " << r.body;
    Json j = r.json();
    EXPECT_EQ(j["recordsets"].size(), page) << path;
    EXPECT_EQ(j["metadata"]["total_count"], total) << path;
    for (const auto& rs : j["recordsets"]) {
      EXPECT_EQ(rs["zone_id"], zone) << path;
    }
  };
  check("/v2/recordsets?status=ACTIVE&limit=3&sort_key=zone_id", 3, 6, active);
  check("/v2/recordsets?status=pending&limit=5", 5, 6, pending);
  check("/v2/recordsets?zone_id=" + pending + "&limit=4", 4, 6, pending);
  check("/v2/recordsets?zone_id=" + active + "&status=PENDING", 0, 0, active);
  check("/v2/zones/" + pending + "/recordsets?status=ACTIVE", 0, 0, pending);
  check("/v2/zones/" + pending + "/recordsets?status=PENDING&limit=2", 2, 6, pending);
  Reply bad = http("GET", "/v2/zones/" + pending + "/recordsets?status=DONE");
  EXPECT_EQ(bad.status, 400) << bad.body;

  // One zone's recordsets by zone_id, followed page by page through links.next, are
  // the zone's own list (the store cuts both), forwards and backwards.
  for (const char* dir : {"asc", "desc"}) {
    std::vector<std::string> whole;
    Reply listed = http("GET", "/v2/zones/" + pending + "/recordsets?sort_dir=" + dir);
    ASSERT_EQ(listed.status, 200) << listed.body;
    Json sets = listed.json()["recordsets"];
    for (const auto& rs : sets) {
      whole.push_back(rs["id"]);
    }
    ASSERT_EQ(whole.size(), 6u);
    std::vector<std::string> paged;
    std::string next = "/v2/recordsets?zone_id=" + pending + "&limit=4&sort_dir=" + dir;
    for (int n = 0; n < 5 && !next.empty(); ++n) {
      Reply r = http("GET", next);
      ASSERT_EQ(r.status, 200) << next << ": " << r.body;
      Json j = r.json();
      for (const auto& rs : j["recordsets"]) {
        paged.push_back(rs["id"]);
      }
      next = j["links"].contains("next")
                 ? j["links"]["next"].get<std::string>().substr(m_base.size())
                 : "";
    }
    EXPECT_EQ(paged, whole) << dir;
  }
}

// Project B cannot see, change or delete project A's zones and recordsets, by id, by
// name filter or by marker: 404 (never 403 with a name).
TEST_F(ApiV2, ProjectsAreKeptApart) {
  start_api();
  std::string a = make_zone("a.example.", k_token_a);
  Reply rs = http("POST",
                  "/v2/zones/" + a + "/recordsets",
                  R"({"name": "www.a.example.", "type": "A", "records": ["192.0.2.1"]})");
  ASSERT_EQ(rs.status, 202);
  std::string rs_id = rs.json()["id"];
  std::string b = make_zone("b.example.", k_token_b);

  struct Case {
    std::string method, path, body;
  };
  for (const auto& c : std::vector<Case>{
           {"GET", "/v2/zones/" + a, ""},
           {"PATCH", "/v2/zones/" + a, R"({"ttl": 60})"},
           {"DELETE", "/v2/zones/" + a, ""},
           {"GET", "/v2/zones/" + a + "/recordsets", ""},
           {"GET", "/v2/zones/" + a + "/nameservers", ""},
           {"POST",
            "/v2/zones/" + a + "/recordsets",
            R"({"name": "x.a.example.", "type": "A", "records": ["192.0.2.2"]})"},
           {"GET", "/v2/zones/" + a + "/recordsets/" + rs_id, ""},
           {"PUT", "/v2/zones/" + a + "/recordsets/" + rs_id, R"({"records": ["192.0.2.3"]})"},
           {"DELETE", "/v2/zones/" + a + "/recordsets/" + rs_id, ""},
       }) {
    Reply r = http(c.method, c.path, c.body, k_token_b);
    EXPECT_EQ(r.status, 404) << c.method << " " << c.path << ": " << r.body;
    EXPECT_EQ(r.json()["type"], "zone_not_found") << r.body;
    // Nothing of A's that B did not send itself.
    EXPECT_EQ(r.body.find(rs_id), std::string::npos) << r.body;
    EXPECT_EQ(r.body.find("project-a"), std::string::npos) << r.body;
  }
  // A zone's name is not its id (Designate's validate_uuid).
  Reply by_name_path = http("GET", "/v2/zones/a.example.");
  EXPECT_EQ(by_name_path.status, 400);
  EXPECT_EQ(by_name_path.json()["message"], "Invalid UUID zone_id: a.example.");
  EXPECT_EQ(http("GET", "/v2/zones/" + a + "/recordsets/www").json()["type"], "invalid_uuid");
  // Lists: only B's own, whatever the filter; A's id is no marker for B.
  Reply by_name = http("GET", "/v2/zones?name=a.example.", "", k_token_b);
  EXPECT_EQ(by_name.json()["zones"], Json::array());
  Reply all = http("GET", "/v2/zones", "", k_token_b);
  ASSERT_EQ(all.json()["zones"].size(), 1u);
  EXPECT_EQ(all.json()["zones"][0]["id"], b);
  Reply marker = http("GET", "/v2/zones?marker=" + a, "", k_token_b);
  EXPECT_EQ(marker.status, 400);
  EXPECT_EQ(marker.json()["type"], "marker_not_found");
  EXPECT_EQ(http("GET", "/v2/recordsets?name=www.a.example.", "", k_token_b).json()["recordsets"],
            Json::array());
  // Names are global: B cannot take A's name, nor a name inside or above A's zone.
  Reply dup =
      http("POST", "/v2/zones", R"({"name": "a.example.", "email": "h@b.example"})", k_token_b);
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.json()["type"], "duplicate_zone");
  EXPECT_EQ(dup.body.find(a), std::string::npos) << "no id of A's: " << dup.body;
  Reply child =
      http("POST", "/v2/zones", R"({"name": "sub.a.example.", "email": "h@b.example"})", k_token_b);
  EXPECT_EQ(child.status, 403);
  EXPECT_EQ(child.json()["type"], "illegal_child");
  make_zone("in.p.example.", k_token_a);
  Reply parent =
      http("POST", "/v2/zones", R"({"name": "p.example.", "email": "h@b.example"})", k_token_b);
  EXPECT_EQ(parent.status, 403);
  EXPECT_EQ(parent.json()["type"], "illegal_parent");
  // A's own sub-zone is fine.
  EXPECT_EQ(
      http("POST", "/v2/zones", R"({"name": "sub.a.example.", "email": "h@a.example"})").status,
      202);
  // A reader reads, and changes nothing; only admins see every project or act as one.
  EXPECT_EQ(http("GET", "/v2/zones/" + a, "", k_token_a_reader).status, 200);
  Reply reader = http("PATCH", "/v2/zones/" + a, R"({"ttl": 60})", k_token_a_reader);
  EXPECT_EQ(reader.status, 403);
  EXPECT_EQ(reader.json()["type"], "forbidden");
  EXPECT_EQ(http("GET", "/v2/zones", "", k_token_b, {"X-Auth-All-Projects: true"}).status, 403);
  EXPECT_EQ(http("GET", "/v2/zones", "", k_token_b, {"X-Auth-Sudo-Project-ID: project-a"}).status,
            403);
  Reply everyone = http("GET", "/v2/zones", "", k_token_admin, {"X-Auth-All-Projects: true"});
  EXPECT_EQ(everyone.json()["metadata"]["total_count"], 4);
  // Terraform's spelling of sudo.
  Reply sudo =
      http("GET", "/v2/zones/" + a, "", k_token_admin, {"X-Auth-Sudo-Tenant-ID: project-a"});
  EXPECT_EQ(sudo.status, 200) << sudo.body;
  EXPECT_EQ(http("GET", "/v2/zones/" + a, "", k_token_admin).status, 404);
  // No token, or a wrong one: 401.
  EXPECT_EQ(http("GET", "/v2/zones", "", "").status, 401);
  EXPECT_EQ(http("GET", "/v2/zones", "", "not-a-token").status, 401);
  // The CLI's `zone list --project` and its project column.
  auto of_b = json({"zone", "list", "--project", "project-b", "-c", "name", "-c", "project_id"});
  ASSERT_EQ(of_b.size(), 1u);
  EXPECT_EQ(of_b[0]["project_id"], "project-b");
}

// Designate's answers that its clients check: a zone's TTL may be 0; an update answers
// action UPDATE; a recordset not yet served is CREATE until it is changed.
TEST_F(ApiV2, ZoneTtlZeroAndActionsAsDesignateAnswers) {
  start_api();
  Reply z =
      http("POST", "/v2/zones", R"({"name": "t0.example.", "email": "h@t0.example", "ttl": 0})");
  ASSERT_EQ(z.status, 202) << z.body;
  EXPECT_EQ(z.json()["ttl"], 0);
  std::string id = z.json()["id"];
  Reply patched = http("PATCH", "/v2/zones/" + id, R"({"description": "x"})");
  EXPECT_EQ(patched.json()["action"], "UPDATE");
  std::string sets = "/v2/zones/" + id + "/recordsets";
  Reply rs =
      http("POST", sets, R"({"name": "a.t0.example.", "type": "A", "records": ["192.0.2.1"]})");
  ASSERT_EQ(rs.status, 202);
  std::string rs_id = rs.json()["id"];
  EXPECT_EQ(http("GET", sets + "/" + rs_id).json()["action"], "CREATE");
  http("PUT", sets + "/" + rs_id, R"({"records": ["192.0.2.2"]})");
  EXPECT_EQ(http("GET", sets + "/" + rs_id).json()["action"], "UPDATE");
  Reply wild_ns = http(
      "POST", sets, R"({"name": "*.t0.example.", "type": "NS", "records": ["ns1.example.org."]})");
  EXPECT_EQ(wild_ns.status, 400) << wild_ns.body;
}

// A list's answer starts with its collection, as Designate's does: clients take the
// first member as the list (tempest's RBAC checks do exactly that).
TEST_F(ApiV2, AListAnswerStartsWithItsCollection) {
  start_api();
  std::string z = make_zone("first.example.");
  for (const std::string& path : {std::string("/v2/zones"),
                                  "/v2/zones/" + z + "/recordsets",
                                  std::string("/v2/recordsets")}) {
    Reply r = http("GET", path);
    ASSERT_EQ(r.status, 200) << path;
    auto doc = nlohmann::ordered_json::parse(r.body);
    ASSERT_FALSE(doc.empty()) << path;
    EXPECT_TRUE(doc.begin().value().is_array()) << path << ": " << r.body.substr(0, 200);
  }
  Reply tlds = http("GET", "/v2/tlds", "", k_token_admin);
  EXPECT_EQ(tlds.body.rfind("{\"tlds\":[", 0), 0u) << tlds.body;
}
