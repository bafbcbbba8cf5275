#include "tests/cli/harness.hpp"

#include <fstream>

using namespace dnsctl::test;

class PoolCli : public CliTest {};

TEST_F(PoolCli, UpdateTwiceLeavesIdsSerialsAndPendingFlagsUnchanged) {
  standard_setup();
  std::string dump = store_dump();
  Ran r = ok({"pool", "update", source_path("share/examples/pools.yaml")});
  EXPECT_EQ(r.out, "no changes\n");
  EXPECT_EQ(store_dump(), dump);
}

TEST_F(PoolCli, GenerateFileThenUpdateIsANoOp) {
  standard_setup();
  std::string dump = store_dump();
  auto file = (m_dir / "generated.yaml").string();
  ok({"pool", "generate-file", "--file", file});
  Ran r = ok({"pool", "update", file});
  EXPECT_EQ(r.out, "no changes\n") << read_file(file);
  EXPECT_EQ(store_dump(), dump);
  // designate-manage's spelling writes the same file.
  Ran same = ok({"pool", "generate_file"});
  EXPECT_EQ(same.out, read_file(file));
}

TEST_F(PoolCli, DryRunPrintsThePlanAndWritesNothing) {
  standard_setup();
  std::string before = store_bytes();
  auto changed = read_file(source_path("share/examples/pools.yaml"));
  changed.replace(changed.find("ns1-2.example.org."), 18, "ns1-3.example.org.");
  changed.replace(changed.find("rndc_port: 953"), 14, "rndc_port: 954");
  auto file = write_temp("changed.yaml", changed);
  Ran r = ok({"pool", "update", file, "--dry-run"});
  EXPECT_NE(r.out.find("+   ns_record ns1-3.example.org. (priority 2)"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("-   ns_record ns1-2.example.org."), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("~     option rndc_port: \"953\" -> \"954\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 zone(s) get the new apex NS and MNAME"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("dry run: nothing was written"), std::string::npos);
  EXPECT_TRUE(store_bytes() == before);
  // Applied for real: one serial bump for the zone, the new NS in its apex.
  auto serial = json({"domain", "show", "example.com"})["serial"].get<int64_t>();
  ok({"pool", "update", file});
  EXPECT_GT(json({"domain", "show", "example.com"})["serial"].get<int64_t>(), serial);
  auto ns = json({"record", "show", "example.com", "@", "--type", "NS"})["data"];
  EXPECT_EQ(ns, nlohmann::json({"ns1-1.example.org.", "ns1-3.example.org."}));
}

TEST_F(PoolCli, DeleteRefusesUpFrontAndAppliesNothing) {
  standard_setup();
  std::string dump = store_dump();
  // The file changes pool "other" too; nothing of it may be applied.
  auto file =
      write_temp("other.yaml", "- name: other\n  ns_records: [{hostname: ns.example.net.}]\n");
  Ran r = dnsctl({"pool", "update", file, "--delete"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("pool default cannot be deleted: it still holds 1 zone(s): example.com."),
            std::string::npos)
      << r.err;
  EXPECT_EQ(store_dump(), dump);
  // Without --delete the missing pool is kept and said so.
  Ran kept = ok({"pool", "update", file});
  EXPECT_NE(kept.out.find("pool default is not in the file: kept"), std::string::npos);
}

TEST_F(PoolCli, ShowConfigAndListAndShow) {
  standard_setup();
  Ran cfg = ok({"pool", "show_config"});
  EXPECT_EQ(cfg.out.rfind("Pool Configuration:\n-------------------\n", 0), 0u);
  EXPECT_NE(cfg.out.find("name: default"), std::string::npos);
  auto list = json({"pool", "list"});
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["name"], "default");
  EXPECT_EQ(list[0]["zones"], 1);
  auto show = json({"pool", "show", "794ccc2c-d751-44fe-b57f-8894c9f5c842"});
  EXPECT_EQ(show["name"], "default");
}

// Designate's own files apply as they are: its multiple-pools sample (a pdns4 pool
// with the old database options beside a bind9 pool) and devstack's pdns4 pools.yaml;
// its infoblox sample is refused with a clear message, and stored with
// --skip-verify-drivers.
TEST_F(PoolCli, DesignateSamplesApplyAsTheyAre) {
  for (const char* f : {"pools.yaml.sample-multiple-pools", "devstack-backend-pdns4.yaml"}) {
    Ran r = dnsctl({"pool", "update", source_path(std::string("tests/data/pools/designate/") + f)});
    EXPECT_EQ(r.code, 0) << f << ": " << r.err;
  }
  Ran shown = ok({"pool", "show-config", "--all"});
  EXPECT_EQ(shown.out.find("designate:password"), std::string::npos) << "secrets are masked";
  std::string infoblox = source_path("tests/data/pools/designate/pools.yaml.sample-infoblox");
  std::string before = store_dump();
  Ran refused = dnsctl({"pool", "update", infoblox});
  EXPECT_EQ(refused.code, 2);
  EXPECT_NE(refused.err.find("\"infoblox\" is a Designate backend dnsctl does not drive"),
            std::string::npos)
      << refused.err;
  EXPECT_EQ(store_dump(), before);
  Ran stored = dnsctl({"pool", "update", infoblox, "--skip-verify-drivers"});
  EXPECT_EQ(stored.code, 0) << stored.err;
}

// A key file an option names that is not readable here is a warning naming the file
// and its place (it may live on the host that runs sync), not an error.
TEST_F(PoolCli, MissingKeyFilesAreWarningsWithTheirPlace) {
  std::string file = (m_dir / "pools.yaml").string();
  std::ofstream(file) << "- name: default\n"
                         "  ns_records: [{hostname: ns1.example.org.}]\n"
                         "  targets:\n"
                         "    - type: nsd4\n"
                         "      masters: [{host: 192.0.2.1, port: 5354}]\n"
                         "      options: {certfile: /nonexistent/nsd_control.pem}\n";
  Ran r = dnsctl({"pool", "update", file});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(
      r.err.find("warning: " + file
                 + ":6:27: pools[0].targets[0].options.certfile: /nonexistent/nsd_control.pem "
                   "is missing or unreadable here"),
      std::string::npos)
      << r.err;
}

// A Designate type dnsctl does not drive, stored with --skip-verify-drivers: sync
// reports its step as skipped, in the backend's own words, and does not fail on it.
TEST_F(PoolCli, SyncSkipsTargetsOfTypesItDoesNotDrive) {
  std::string file = (m_dir / "pools.yaml").string();
  std::ofstream(file) << "- name: default\n"
                         "  ns_records: [{hostname: ns1.example.org.}]\n"
                         "  targets:\n"
                         "    - type: infoblox\n"
                         "      masters: [{host: 192.0.2.1, port: 5354}]\n"
                         "      options: {wapi_url: \"https://infoblox.invalid/wapi\"}\n";
  ok({"pool", "update", file, "--skip-verify-drivers"});
  ok({"domain", "create", "skip.test", "--email", "h@skip.test"});
  Ran r = ok({"sync", "-f", "json"});
  EXPECT_NE(r.out.find("skipped: dnsctl does not drive infoblox targets"), std::string::npos)
      << r.out;
}

TEST_F(PoolCli, SecretOptionsAreMaskedInEveryPlan) {
  // An api_token in a plan ends up in terminal scrollback, CI logs and tickets. (Only
  // generate-file writes it: its output is a pools.yaml to apply again.)
  auto mixed = read_file(source_path("share/examples/pools-mixed.yaml"));
  auto with = [&](const std::string& file, const std::string& token) {
    auto text = mixed;
    text.replace(text.find("changeme"), 8, token);
    return write_temp(file, text);
  };
  auto one = with("one.yaml", "s3cret-one");
  auto two = with("two.yaml", "s3cret-two");
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"pool", "update", one, "--dry-run"},
                                             {"pool", "update", one},
                                             {"pool", "update", two, "--dry-run"},
                                             {"pool", "update", two},
                                             {"pool", "show-config"},
                                             {"pool", "show", "default", "--format", "json"}}) {
    Ran r = dnsctl(args);
    EXPECT_EQ(r.code, 0) << args[1] << ": " << r.err;
    EXPECT_EQ(r.out.find("s3cret"), std::string::npos) << args[1] << ":\n" << r.out;
    EXPECT_EQ(r.err.find("s3cret"), std::string::npos) << args[1] << ":\n" << r.err;
  }
  Ran change = ok({"pool", "update", one, "--dry-run"});
  EXPECT_NE(change.out.find("~     option api_token: **** -> ****"), std::string::npos)
      << change.out;
}
