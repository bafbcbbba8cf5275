// Issue 11, items 4 and 5: TLDs and blacklists refuse zone names, with the rule named,
// exit 2 and the store as it was; --force passes a blacklist; no pattern can hang.

#include "tests/cli/harness.hpp"

using namespace dnsctl::test;

class NameRulesCli : public CliTest {
protected:
  void SetUp() override {
    CliTest::SetUp();
    ok({"pool", "update", source_path("share/examples/pools.yaml")});
  }
  Ran create(const std::string& zone, const std::vector<std::string>& more = {}) {
    std::vector<std::string> args{"zone", "create", zone, "--email", "h@example.org"};
    args.insert(args.end(), more.begin(), more.end());
    return dnsctl(args);
  }
};

TEST_F(NameRulesCli, WithoutTldsEveryNameIsAllowed) {
  EXPECT_EQ(create("example.anything").code, 0);
}

TEST_F(NameRulesCli, TldsAllowOnlyZonesUnderThem) {
  ok({"tld", "create", "com"});
  ok({"tld", "create", "--name", "co.uk.", "--description", "United Kingdom"});
  EXPECT_EQ(ok({"tld", "list", "-f", "value", "-c", "name"}).out, "co.uk\ncom\n");
  struct Case {
    std::string zone;
    std::string refusal; // "" when allowed
  };
  for (const auto& c : std::vector<Case>{
           {"example.com", ""},
           {"a.b.example.com", ""},
           {"example.co.uk", ""},
           {"example.org",
            "zone example.org. is not under any TLD of this site (TLDs: co.uk, com)"},
           {"com", "needs at least 2 labels"}, // refused before the TLDs are read
           {"co.uk", "zone co.uk. is a TLD"},
           {"other.uk", "zone other.uk. is not under any TLD"},
       }) {
    std::string before = store_dump();
    Ran r = create(c.zone);
    if (c.refusal.empty()) {
      EXPECT_EQ(r.code, 0) << c.zone << ": " << r.err;
    } else {
      EXPECT_EQ(r.code, 2) << c.zone;
      EXPECT_NE(r.err.find(c.refusal), std::string::npos) << c.zone << ": " << r.err;
      EXPECT_EQ(store_dump(), before) << c.zone;
    }
  }
  // No --force for TLDs (as Designate: no policy override).
  EXPECT_EQ(create("example.org", {"--force"}).code, 2);
  // A zone file is held to the same rule, dry run included.
  std::string file =
      write_temp("org.zone", "$ORIGIN other.org.\n@ 300 SOA ns h 1 2 3 4 5\n@ 300 NS ns1.x.\n");
  EXPECT_EQ(dnsctl({"zone", "import", file, "--dry-run"}).code, 2);
  EXPECT_EQ(dnsctl({"zone", "import", file}).code, 2);
  // set, show and delete by name or id.
  std::string id = ok({"tld", "show", "com", "-f", "value", "-c", "id"}).out;
  id.pop_back();
  EXPECT_EQ(
      ok({"tld", "set", id, "--no-description", "--name", "net", "-f", "value", "-c", "name"}).out,
      "net\n");
  ok({"tld", "delete", "net"});
  ok({"tld", "delete", "co.uk"});
  EXPECT_EQ(create("example.org").code, 0); // no TLD left: anything goes
}

TEST_F(NameRulesCli, TldImportIsDesignateManagesCsvAllOrNothing) {
  ok({"tld", "create", "com"});
  std::string good = write_temp("tlds.csv",
                                "com,Commercial\n"
                                "org;ignored\n"
                                "net,\"Network, with a comma\"\n"
                                "\n"
                                "# a comment\n"
                                "co.uk\n");
  // With ; as delimiter "org;ignored" is two fields; with , it is a bad name.
  Ran bad = dnsctl({"tld", "import", "--input-file", good});
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("tlds.csv:2: TLD \"org;ignored\""), std::string::npos) << bad.err;
  EXPECT_EQ(ok({"tld", "list", "-f", "value", "-c", "name"}).out, "com\n"); // nothing written
  std::string csv = write_temp("ok.csv", "com,Commercial\nnet,\"Network, with a comma\"\nco.uk\n");
  auto r = json({"tld", "import", "--input_file", csv});
  EXPECT_EQ(r["created"], 2);
  EXPECT_EQ(r["skipped"], 1);
  EXPECT_EQ(ok({"tld", "show", "net", "-f", "value", "-c", "description"}).out,
            "Network, with a comma\n");
  std::string semi = write_temp("semi.csv", "org;Organisations\n");
  ok({"tld", "import", "--input-file", semi, "--delimiter", ";"});
  EXPECT_EQ(ok({"tld", "show", "org", "-f", "value", "-c", "description"}).out, "Organisations\n");
}

TEST_F(NameRulesCli, BlacklistsRefuseUnlessForced) {
  ok({"blacklist",
      "create",
      "--pattern",
      "^([A-Za-z0-9_\\-]+\\.)*example\\.com\\.$",
      "--description",
      "ours"});
  std::string before = store_dump();
  Ran r = create("www.example.com");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("zone www.example.com. matches blacklist "
                       "'^([A-Za-z0-9_\\-]+\\.)*example\\.com\\.$'"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("--force"), std::string::npos);
  EXPECT_EQ(store_dump(), before);
  EXPECT_EQ(create("example.net").code, 0);
  EXPECT_EQ(create("www.example.com", {"--force"}).code, 0);
  // The denylist alias, show/set/delete by id.
  std::string id = ok({"denylist", "list", "-f", "value", "-c", "id"}).out;
  id.pop_back();
  ok({"blacklist", "set", id, "--pattern", "^bad\\."});
  EXPECT_EQ(create("bad.example.org").code, 2);
  ok({"blacklist", "delete", id});
  EXPECT_EQ(create("bad.example.org").code, 0);
}

TEST_F(NameRulesCli, PatternsAreCheckedAndNeverHang) {
  std::string before = store_dump();
  for (const auto& bad :
       std::vector<std::pair<std::string, std::string>>{{"", "may not be empty"},
                                                        {"(unclosed", "missing )"},
                                                        {"(a)\\1", "RE2 syntax"}, // a backreference
                                                        {"(?=lookahead)", "RE2 syntax"}}) {
    Ran r = dnsctl({"blacklist", "create", "--pattern", bad.first});
    EXPECT_EQ(r.code, 2) << bad.first;
    EXPECT_NE(r.err.find(bad.second), std::string::npos) << bad.first << ": " << r.err;
  }
  EXPECT_EQ(store_dump(), before);
  // The pattern that makes a backtracking engine take exponential time, against a
  // long name: RE2 answers at once (a backtracking engine would outlive the
  // harness's 120 s limit on the command).
  ok({"blacklist", "create", "--pattern", "^(a+)+$"});
  std::string label(63, 'a');
  std::string name = label + "." + label + "." + label + ".b";
  EXPECT_EQ(create(name).code, 0);
}

// Issue 11, item 1: zone attributes are stored, shown and filtered (the scheduler that
// places zones by them comes next).
TEST_F(NameRulesCli, ZoneAttributesAreStoredShownAndFiltered) {
  ok({"zone",
      "create",
      "gold.example",
      "--email",
      "h@example.org",
      "--attributes",
      "service_tier:gold",
      "replicas:3"});
  ok({"zone",
      "create",
      "std.example",
      "--email",
      "h@example.org",
      "--attributes",
      "service_tier:standard"});
  ok({"zone", "create", "plain.example", "--email", "h@example.org"});
  auto gold = json({"zone", "show", "gold.example"});
  EXPECT_EQ(gold["attributes"], nlohmann::json({"replicas:3", "service_tier:gold"}));
  EXPECT_EQ(json({"zone", "show", "plain.example"})["attributes"], nlohmann::json::array());
  EXPECT_EQ(
      ok({"zone", "list", "--attributes", "service_tier:gold", "-f", "value", "-c", "name"}).out,
      "gold.example.\n");
  EXPECT_EQ(
      ok({"zone", "list", "--attributes", "service_tier:gold", "replicas:2", "-f", "value"}).out,
      "");
  EXPECT_EQ(
      ok({"zone", "list", "-f", "value", "-c", "name", "-c", "attributes", "--sort-column", "name"})
          .out,
      "gold.example. replicas:3 service_tier:gold\nplain.example. \nstd.example. "
      "service_tier:standard\n");
}
