// /v2/tlds and /v2/blacklists: admins' only, Designate's shapes, codes and words, over
// the same TLDs and blacklists as `dnsctl tld` and `dnsctl blacklist`.

#include "tests/api/harness.hpp"

using namespace dnsctl::test;
using Json = nlohmann::json;

class ApiNameRules : public ApiTest {};

TEST_F(ApiNameRules, TldsWholeLifeForAdminsOnly) {
  start_api();
  Reply made =
      http("POST", "/v2/tlds", R"({"name": "example", "description": "ours"})", k_token_admin);
  ASSERT_EQ(made.status, 201) << made.body;
  Json t = made.json();
  std::string id = t["id"];
  EXPECT_EQ(t["name"], "example");
  EXPECT_EQ(t["description"], "ours");
  EXPECT_TRUE(t["updated_at"].is_null());
  EXPECT_EQ(made.headers["location"], m_base + "/v2/tlds/" + id);
  EXPECT_EQ(t["links"]["self"], m_base + "/v2/tlds/" + id);
  EXPECT_EQ(http("GET", "/v2/tlds/" + id, "", k_token_admin).json(), t);
  // The CLI sees the API's TLD, and the API the CLI's.
  EXPECT_EQ(ok({"tld", "list", "-f", "value", "-c", "name"}).out, "example\n");
  ok({"tld", "create", "org"});
  Reply list = http("GET", "/v2/tlds?limit=1", "", k_token_admin);
  EXPECT_EQ(list.json()["metadata"]["total_count"], 2);
  EXPECT_EQ(list.json()["tlds"].size(), 1u);
  EXPECT_TRUE(list.json()["links"].contains("next"));
  EXPECT_EQ(http("GET", "/v2/tlds?name=or*", "", k_token_admin).json()["tlds"][0]["name"], "org");

  // Zones must sit under one now; a TLD's zone goes through.
  EXPECT_EQ(http("POST", "/v2/zones", R"({"name": "a.example.", "email": "h@a.example"})").status,
            202);
  Reply outside = http("POST", "/v2/zones", R"({"name": "a.test.", "email": "h@a.test"})");
  EXPECT_EQ(outside.status, 400) << outside.body;

  Reply renamed = http(
      "PATCH", "/v2/tlds/" + id, R"({"name": "example2", "description": null})", k_token_admin);
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.json()["name"], "example2");
  EXPECT_TRUE(renamed.json()["description"].is_null());

  // Not an admin's call: 403, for readers and members alike, and nothing changes.
  for (const auto* token : {k_token_a, k_token_a_reader}) {
    EXPECT_EQ(http("GET", "/v2/tlds", "", token).status, 403);
    EXPECT_EQ(http("GET", "/v2/tlds/" + id, "", token).status, 403);
    EXPECT_EQ(http("POST", "/v2/tlds", R"({"name": "net"})", token).status, 403);
    EXPECT_EQ(http("PATCH", "/v2/tlds/" + id, R"({"name": "x"})", token).status, 403);
    EXPECT_EQ(http("DELETE", "/v2/tlds/" + id, "", token).status, 403);
  }
  // Bad input: a duplicate, a bad name, a long description, an unknown field, no name.
  Reply dup = http("POST", "/v2/tlds", R"({"name": "org"})", k_token_admin);
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.json()["type"], "duplicate_tld");
  for (const auto* body : {R"({"name": "bad name"})",
                           R"({"name": "net."})",
                           R"({"name": "org", "description": ")"
                           "01234567890123456789"
                           "01234567890123456789012345678901234567890123456789012345678901234567"
                           "890123456789012345678901234567890123456789012345678901234567890123456"
                           "789012345678901234567890"
                           R"("})",
                           R"({"name": "net", "colour": "red"})",
                           R"({"description": "no name"})"}) {
    Reply bad = http("POST", "/v2/tlds", body, k_token_admin);
    EXPECT_EQ(bad.status, 400) << body << ": " << bad.body;
  }
  // Ids: Designate's invalid_uuid and its words for one that is not there.
  Reply foo = http("GET", "/v2/tlds/foo", "", k_token_admin);
  EXPECT_EQ(foo.status, 400);
  EXPECT_EQ(foo.json()["type"], "invalid_uuid");
  EXPECT_EQ(foo.json()["message"], "Invalid UUID tld_id: foo");
  const std::string nobody = "/v2/tlds/7a4bc0d4-1b3e-4a2b-9f7e-0123456789ab";
  for (const auto* method : {"GET", "DELETE"}) {
    Reply missing = http(method, nobody, "", k_token_admin);
    EXPECT_EQ(missing.status, 404) << method;
    EXPECT_EQ(missing.json()["type"], "tld_not_found");
    EXPECT_EQ(missing.json()["message"], "Could not find Tld");
  }
  EXPECT_EQ(http("PATCH", nobody, R"({"name": "x"})", k_token_admin).status, 404);
  EXPECT_EQ(ok({"tld", "list", "-f", "value", "-c", "name"}).out, "example2\norg\n");

  Reply gone = http("DELETE", "/v2/tlds/" + id, "", k_token_admin);
  EXPECT_EQ(gone.status, 204);
  EXPECT_EQ(gone.body, "");
  EXPECT_EQ(http("GET", "/v2/tlds/" + id, "", k_token_admin).status, 404);
}

TEST_F(ApiNameRules, BlacklistsWholeLifeForAdminsOnly) {
  start_api();
  Reply made = http("POST",
                    "/v2/blacklists",
                    R"({"pattern": "^bad\\.example\\.$", "description": "no"})",
                    k_token_admin);
  ASSERT_EQ(made.status, 201) << made.body;
  std::string id = made.json()["id"];
  EXPECT_EQ(made.json()["pattern"], "^bad\\.example\\.$");
  EXPECT_EQ(made.headers["location"], m_base + "/v2/blacklists/" + id);
  // A tenant's zone it matches is refused; others pass.
  Reply refused = http("POST", "/v2/zones", R"({"name": "bad.example.", "email": "h@x.example"})");
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(
      http("POST", "/v2/zones", R"({"name": "good.example.", "email": "h@x.example"})").status,
      202);
  EXPECT_EQ(ok({"blacklist", "list", "-f", "value", "-c", "id"}).out, id + "\n");

  for (const auto* token : {k_token_a, k_token_b}) {
    EXPECT_EQ(http("GET", "/v2/blacklists", "", token).status, 403);
    EXPECT_EQ(http("POST", "/v2/blacklists", R"({"pattern": "x"})", token).status, 403);
    EXPECT_EQ(http("DELETE", "/v2/blacklists/" + id, "", token).status, 403);
  }
  for (const auto* body : {R"({"pattern": ""})", R"({"pattern": "#(*&^%$%$#@$"})", R"({})"}) {
    EXPECT_EQ(http("POST", "/v2/blacklists", body, k_token_admin).status, 400) << body;
  }
  Reply changed =
      http("PATCH", "/v2/blacklists/" + id, R"({"pattern": "^worse\\."})", k_token_admin);
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json()["description"], "no");
  EXPECT_EQ(http("GET", "/v2/blacklists?pattern=*worse*", "", k_token_admin)
                .json()["metadata"]["total_count"],
            1);
  EXPECT_EQ(http("GET", "/v2/blacklists/foo", "", k_token_admin).json()["message"],
            "Invalid UUID blacklist_id: foo");
  Reply missing =
      http("GET", "/v2/blacklists/7a4bc0d4-1b3e-4a2b-9f7e-0123456789ab", "", k_token_admin);
  EXPECT_EQ(missing.json()["type"], "blacklist_not_found");
  EXPECT_EQ(missing.json()["message"], "Could not find Blacklist");
  EXPECT_EQ(http("DELETE", "/v2/blacklists/" + id, "", k_token_admin).status, 204);
  EXPECT_EQ(http("POST", "/v2/zones", R"({"name": "bad.example.", "email": "h@x.example"})").status,
            202);
}

// Pools are read only here (pools.yaml is where they are written): an admin reads them,
// and a zone's pool holds the zone's nameservers.
TEST_F(ApiNameRules, PoolsAreReadOnlyForAdmins) {
  start_api();
  const std::string pool = "794ccc2c-d751-44fe-b57f-8894c9f5c842"; // the harness's pools.yaml
  Reply list = http("GET", "/v2/pools", "", k_token_admin);
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.json()["pools"].size(), 1u);
  Json p = list.json()["pools"][0];
  EXPECT_EQ(p["id"], pool);
  EXPECT_EQ(p["name"], "default");
  EXPECT_EQ(http("GET", "/v2/pools/" + pool, "", k_token_admin).json(), p);
  std::string zone = make_zone("p.example.");
  Json z = http("GET", "/v2/zones/" + zone).json();
  EXPECT_EQ(z["pool_id"], pool);
  EXPECT_EQ(http("GET", "/v2/zones/" + zone + "/nameservers").json()["nameservers"],
            p["ns_records"]);
  EXPECT_EQ(p["ns_records"][0], (Json{{"hostname", "ns1.example.org."}, {"priority", 1}}));

  EXPECT_EQ(http("GET", "/v2/pools", "", k_token_a).status, 403);
  EXPECT_EQ(http("GET", "/v2/pools/" + pool, "", k_token_a).status, 403);
  EXPECT_EQ(http("POST", "/v2/pools", R"({"name": "x"})", k_token_admin).status, 405);
  EXPECT_EQ(http("DELETE", "/v2/pools/" + pool, "", k_token_admin).status, 405);
  Reply missing = http("GET", "/v2/pools/7a4bc0d4-1b3e-4a2b-9f7e-0123456789ab", "", k_token_admin);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.json()["type"], "pool_not_found");
  EXPECT_EQ(http("GET", "/v2/pools/default", "", k_token_admin).json()["type"], "invalid_uuid");
}
