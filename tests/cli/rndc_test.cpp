#include "tests/cli/harness.hpp"

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
