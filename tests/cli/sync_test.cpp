// sync and status without servers: the plan, the checks that come before any command
// runs, and the store left as it was. (The example pool's servers are 192.0.2.x:
// nothing here may reach them, so only what sends nothing is run.)

#include "tests/cli/harness.hpp"

#include <functional>
#include <thread>

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

// Issue 12, item 5: `sync --watch` syncs on every commit another process makes, with
// nobody running `sync`, and stops cleanly on SIGTERM.
TEST_F(SyncCli, WatchSyncsEveryCommitAndStopsOnSigterm) {
  ok({"pool",
      "update",
      write_temp("p.yaml",
                 "- name: default\n  ns_records: [{hostname: ns1.example.org., priority: 1}]\n"
                 "  targets: [{type: fake, options: {host: 127.0.0.1, port: 9}}]\n")});
  EXPECT_EQ(dnsctl({"sync", "--watch", "--dry-run"}).code, 2);
  std::string log = (m_dir / "watch.log").string();
  auto child = dnsctl::process::Child::spawn({DNSCTL_BIN,
                                              "--db",
                                              m_db,
                                              "--config",
                                              m_config,
                                              "sync",
                                              "--watch",
                                              "--retry",
                                              "0.2",
                                              "--timeout",
                                              "0.3"},
                                             log);
  ASSERT_TRUE(child);
  auto wait_for = [&](const std::function<bool()>& f) {
    for (int i = 0; i < 500; ++i) {
      if (f()) {
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  };
  auto in_sync = [&](const std::string& zone) {
    return dnsctl({"status", zone, "--problems", "-f", "value"}).code == 0;
  };
  ASSERT_TRUE(wait_for([&] { return read_file(log).find("sync: watching") != std::string::npos; }));
  for (const char* z : {"a.example.", "b.example.", "c.example."}) {
    ok({"zone", "create", z, "--email", "h@example.org"});
    EXPECT_TRUE(wait_for([&] { return in_sync(z); })) << z << "\n" << read_file(log);
  }
  // A record change: a NOTIFY, which the fake target (nothing on port 9) never
  // answers; the failed pass is retried after --retry, by itself.
  ok({"record", "create", "a.example.", "--name", "www", "--type", "A", "--data", "192.0.2.1"});
  auto count = [&](const std::string& what) {
    std::string text = read_file(log);
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
      ++n;
    }
    return n;
  };
  EXPECT_TRUE(wait_for([&] { return count("a.example.: NOTIFY to 127.0.0.1:9") >= 2; }))
      << read_file(log);
  EXPECT_EQ(child->stop(), 0) << read_file(log);
  EXPECT_NE(read_file(log).find("sync: stopping"), std::string::npos) << read_file(log);
}
