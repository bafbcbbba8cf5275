#include "tests/cli/harness.hpp"

#include <map>

using namespace dnsctl::test;

class RndcCli : public CliTest {};

namespace {

// Designate's impl_bind9 template (reference/designate.md §2.2), filled in the way
// its Python does, to compare with character for character.
std::string designate_addzone(const std::string& host, const std::string& id) {
  std::string name = "example.com.";
  std::string body = "example.com " + std::string("") + " { type slave; masters { "
                     + "192.0.2.1 port 5354" + ";}; file \"slave." + name + id + "\"; };";
  return "rndc -s " + host + " -p 953 -k /etc/designate/rndc.key addzone '" + body + "'";
}

} // namespace

TEST_F(RndcCli, RenderMatchesDesignateCharacterForCharacter) {
  standard_setup();
  std::string id = json({"domain", "show", "example.com"})["id"];
  Ran r = ok({"rndc", "render"});
  EXPECT_EQ(r.out,
            designate_addzone("192.0.2.2", id) + "\n" + designate_addzone("192.0.2.3", id) + "\n");
  Ran del = ok({"rndc", "render", "example.com", "--action", "delzone"});
  EXPECT_EQ(del.out,
            "rndc -s 192.0.2.2 -p 953 -k /etc/designate/rndc.key delzone 'example.com '\n"
            "rndc -s 192.0.2.3 -p 953 -k /etc/designate/rndc.key delzone 'example.com '\n");
}

TEST_F(RndcCli, PendingActionDecides) {
  standard_setup();
  ok({"domain", "delete", "example.com", "--hard"});
  Ran r = ok({"rndc", "render", "--pool", "default"});
  EXPECT_NE(r.out.find("delzone -clean 'example.com '"), std::string::npos) << r.out;
  auto rows = json({"rndc", "render"});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0]["action"], "delzone");
  EXPECT_EQ(rows[0]["argv"][7], "delzone");
}

class TargetCli : public CliTest {};

// target render: what the next sync runs on every target of a mixed pool, as each
// backend describes it, from the same plan sync runs (no secret in it).
TEST_F(TargetCli, RenderShowsEachBackendsCommandsFromThePlan) {
  ok({"pool", "update", source_path("share/examples/pools-mixed.yaml")});
  ok({"domain", "create", "example.com", "--email", "hostmaster@example.com"});
  auto rows = json({"target", "render"});
  ASSERT_EQ(rows.size(), 4u) << rows;
  std::map<std::string, nlohmann::json> by_type;
  for (const auto& r : rows) {
    EXPECT_EQ(r["zone"], "example.com.");
    by_type[r["type"].get<std::string>()] = r;
  }
  EXPECT_EQ(by_type["bind9"]["action"], "addzone");
  EXPECT_NE(by_type["bind9"]["command"].get<std::string>().find("rndc -s 192.0.2.11 -p 953"),
            std::string::npos)
      << rows;
  EXPECT_NE(by_type["pdns4"]["command"].get<std::string>().find(
                "POST http://192.0.2.12:8081/api/v1/servers/localhost/zones"),
            std::string::npos)
      << rows;
  EXPECT_NE(by_type["knot"]["command"].get<std::string>().find("conf-set zone[example.com.];"),
            std::string::npos)
      << rows;
  EXPECT_NE(by_type["nsd4"]["command"].get<std::string>().find("addzones"), std::string::npos)
      << rows;
  Ran all = ok({"target", "render"});
  EXPECT_EQ(all.out.find("changeme"), std::string::npos) << all.out; // the api_token
  // The plan the sync would run: the same four, in the same order.
  auto plan = json({"sync", "--dry-run"});
  ASSERT_EQ(plan.size(), rows.size());
  for (size_t i = 0; i < plan.size(); ++i) {
    EXPECT_EQ(plan[i]["action"], rows[i]["action"]);
  }
  // rndc render is the bind9 part of it, as rndc lines.
  Ran rndc = ok({"rndc", "render"});
  EXPECT_EQ(rndc.out, by_type["bind9"]["command"].get<std::string>() + "\n");
}
