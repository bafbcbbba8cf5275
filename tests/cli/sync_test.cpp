// sync and status without servers: the plan, the checks that come before any command
// runs, and the store left as it was. (The example pool's servers are 192.0.2.x:
// nothing here may reach them, so only what sends nothing is run.)

#include "tests/cli/harness.hpp"

using namespace dnsctl::test;

class SyncCli : public CliTest {};

TEST_F(SyncCli, DryRunPrintsThePlanAndChangesNothing) {
  standard_setup();
  std::string before = store_dump();
  auto plan = json({"sync", "--dry-run"});
  ASSERT_EQ(plan.size(), 2u); // the example pool's two BIND targets
  for (const auto& step : plan) {
    EXPECT_EQ(step["action"], "addzone");
    EXPECT_EQ(step["zone"], "example.com.");
  }
  EXPECT_NE(plan[0]["target"].get<std::string>().find("bind9 192.0.2.2:953 (BIND9 Server 1)"),
            std::string::npos)
      << plan;
  Ran r = dnsctl({"sync", "--expect-no-changes"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("2 change(s) pending, none expected"), std::string::npos) << r.err;
  EXPECT_EQ(store_dump(), before);
}

TEST_F(SyncCli, StatusSaysWhatIsPendingAndExitsNonZero) {
  standard_setup();
  Ran r = dnsctl({"status", "-f", "json"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("not in sync: example.com."), std::string::npos) << r.err;
  auto rows = nlohmann::json::parse(r.out);
  ASSERT_EQ(rows.size(), 4u); // two targets, two nameservers
  EXPECT_EQ(rows[0]["kind"], "target");
  EXPECT_EQ(rows[0]["state"], "create/pending");
  EXPECT_EQ(rows[2]["kind"], "nameserver");
  EXPECT_EQ(rows[2]["state"], "never polled");
  EXPECT_EQ(dnsctl({"status", "nosuch.example."}).code, 2);
}

TEST_F(SyncCli, BadInputIsRefusedBeforeAnythingRuns) {
  standard_setup();
  std::string before = store_dump();
  Ran r = dnsctl({"sync", "nosuch.example."});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("nosuch.example"), std::string::npos) << r.err;
  EXPECT_EQ(dnsctl({"sync", "--pool", "nosuch"}).code, 2);
  EXPECT_EQ(dnsctl({"sync", "--parallel", "0"}).code, 2);
  EXPECT_EQ(dnsctl({"sync", "--timeout", "-1"}).code, 2);
  EXPECT_EQ(store_dump(), before);

  // A pool attribute sync cannot read is refused by pool update, with its line (it
  // used to pass there and fail every sync after).
  std::string yaml = "- name: default\n"
                     "  attributes: {poll_interval: soon}\n"
                     "  ns_records: [{hostname: ns1.example.org.}]\n"
                     "  targets:\n"
                     "    - type: bind9\n"
                     "      masters: [{host: 127.0.0.1, port: 5354}]\n"
                     "      options: {rndc_host: 127.0.0.1, rndc_port: 1}\n";
  r = dnsctl({"pool", "update", write_temp("p.yaml", yaml)});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("p.yaml:2:31: pools[0].attributes.poll_interval: attribute poll_interval: "
                       "\"soon\" is not seconds"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(store_dump(), before);
}

TEST_F(SyncCli, NothingPendingIsNothingToDo) {
  Ran r = ok({"sync"});
  EXPECT_NE(r.out.find("sync: nothing to do"), std::string::npos) << r.out;
  ok({"sync", "--expect-no-changes"});
  ok({"status"});
}
