// dnsctl sync end to end: two real named processes as the pool's targets and
// nameservers, each with its own rndc control channel and key, transferring from a
// real dnsctl mdns (or the one `sync --serve` runs) on loopback.

#include "tests/integration/harness.hpp"

#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>

using namespace dnsctl::itest;

namespace {

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

std::string answer(uint16_t port, const std::string& name, const std::string& type) {
  Ran r = dig(port, {"+short", name, type});
  while (!r.out.empty() && r.out.back() == '\n') {
    r.out.pop_back();
  }
  return r.out;
}

std::string rcode(uint16_t port, const std::string& name) {
  Ran r = dig(port, {name, "SOA"});
  auto at = r.out.find("status: ");
  return at == std::string::npos ? "" : r.out.substr(at + 8, r.out.find(',', at) - at - 8);
}

} // namespace

class SyncTest : public ::testing::Test {
protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    m_dir = std::filesystem::temp_directory_path()
            / ("dnsctl-sync-" + std::to_string(::getpid()) + "-" + info->name());
    std::filesystem::remove_all(m_dir);
    std::filesystem::create_directories(m_dir);
    m_db = (m_dir / "dnsctl.db").string();
  }
  void TearDown() override {
    if (HasFailure()) {
      for (auto* d : std::initializer_list<Daemon*>{&m_mdns, &m_ns[0], &m_ns[1]}) {
        std::string log = d->log();
        if (!log.empty()) {
          std::cerr << "---- log ----\n" << log.substr(log.size() > 4000 ? log.size() - 4000 : 0);
        }
      }
    }
    m_ns[0].stop();
    m_ns[1].stop();
    m_mdns.stop();
    std::filesystem::remove_all(m_dir);
  }
  Ran ctl(const std::vector<std::string>& args) {
    std::vector<std::string> argv{DNSCTL_BIN, "--db", m_db, "--config", "/dev/null"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, std::chrono::seconds(120));
  }
  // The pool: both named as targets (rndc on their own ports and keys) and as
  // nameservers; `target_options` replaces the second target's rndc options.
  // `first_extra_master` adds a master to the first target only (a masters move).
  void write_pool(uint16_t master_port,
                  const std::string& second_rndc = "",
                  const std::string& first_extra_master = "") {
    std::string y = "- name: default\n"
                    "  attributes: {poll_retries: 15}\n"
                    "  ns_records: [{hostname: ns1.example.org.}, {hostname: ns2.example.org.}]\n"
                    "  nameservers:\n";
    for (auto& n : m_ns) {
      y += "    - {host: 127.0.0.1, port: " + std::to_string(n.reserve_port()) + "}\n";
    }
    y += "  targets:\n";
    for (size_t i = 0; i < 2; ++i) {
      auto& n = m_ns[i];
      std::string rndc = "rndc_host: 127.0.0.1, rndc_port: " + std::to_string(n.reserve_rndc_port())
                         + ", rndc_key_file: " + n.rndc_key_file();
      if (i == 1 && !second_rndc.empty()) {
        rndc = second_rndc;
      }
      y += "    - type: bind9\n      description: ns" + std::to_string(i + 1)
           + "\n      masters: [{host: 127.0.0.1, port: " + std::to_string(master_port) + "}"
           + (i == 0 && !first_extra_master.empty() ? ", " + first_extra_master : "")
           + "]\n      options: {host: 127.0.0.1, port: " + std::to_string(n.port()) + ", " + rndc
           + "}\n";
    }
    if (m_also_notify != 0) {
      y += "  also_notifies: [{host: 127.0.0.1, port: " + std::to_string(m_also_notify) + "}]\n";
    }
    write_file(m_dir / "pools.yaml", y);
    Ran r = ctl({"pool", "update", (m_dir / "pools.yaml").string()});
    ASSERT_EQ(r.code, 0) << r.err;
  }
  void start_servers() {
    for (size_t i = 0; i < 2; ++i) {
      ASSERT_TRUE(m_ns[i].start(m_dir / ("ns" + std::to_string(i + 1)), {})) << m_ns[i].log();
    }
  }
  // A zone in the pool, with www A `address` when given.
  void create_zone(const std::string& zone, const std::string& address = "") {
    Ran r = ctl({"domain", "create", zone, "--email", "hostmaster@example.org"});
    ASSERT_EQ(r.code, 0) << r.err;
    if (!address.empty()) {
      r = ctl({"record", "create", zone, "--name", "www", "--type", "A", "--data", address});
      ASSERT_EQ(r.code, 0) << r.err;
    }
  }
  size_t rndc_commands_logged() {
    // named logs every control command it receives ("received control channel command").
    return count(m_ns[0].log(), "received control channel command")
           + count(m_ns[1].log(), "received control channel command");
  }

  std::filesystem::path m_dir;
  std::string m_db;
  Mdns m_mdns;
  Named m_ns[2];
  uint16_t m_also_notify = 0; // a pool also_notify, when not 0
};

TEST_F(SyncTest, CreateChangeDeleteOnTwoBindServers) {
  DNSCTL_REQUIRE_TOOLS("named", "rndc", "rndc-confgen", "dig");
  start_servers();
  write_pool(m_mdns.reserve_port());
  ASSERT_TRUE(m_mdns.start(m_dir, m_db, {}, "example.org."));
  ASSERT_NO_FATAL_FAILURE(create_zone("example.org.", "192.0.2.1"));
  size_t rndc_at_start = rndc_commands_logged(); // the harness's own `rndc status`
  Ran plan = ctl({"sync", "--dry-run", "-f", "json"});
  ASSERT_EQ(plan.code, 0) << plan.err;
  auto steps = nlohmann::json::parse(plan.out);
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0]["action"], "addzone");
  EXPECT_EQ(rndc_commands_logged(), rndc_at_start); // the dry run ran nothing

  Ran s = ctl({"sync"});
  ASSERT_EQ(s.code, 0) << s.out << s.err;
  EXPECT_NE(s.out.find("2 backend command(s)"), std::string::npos) << s.out;
  for (auto& n : m_ns) {
    EXPECT_EQ(answer(n.port(), "www.example.org.", "A"), "192.0.2.1");
  }
  Ran st = ctl({"status", "-f", "json"});
  EXPECT_EQ(st.code, 0) << st.out << st.err;

  // A record change: NOTIFY only, no rndc; both servers take it by IXFR.
  size_t rndc_before = rndc_commands_logged();
  ASSERT_EQ(
      ctl({"record", "set", "example.org.", "www", "--type", "A", "--data", "192.0.2.2"}).code, 0);
  // Issue 14, item 13: not polled since the serial moved is not "in-sync".
  st = ctl({"status", "-f", "json"});
  EXPECT_EQ(st.code, 1);
  for (const auto& row : nlohmann::json::parse(st.out)) {
    if (row["kind"] == "nameserver") {
      EXPECT_EQ(row["state"], "stale") << row;
    }
  }
  s = ctl({"sync"});
  ASSERT_EQ(s.code, 0) << s.out << s.err;
  EXPECT_NE(s.out.find("0 backend command(s), 2 NOTIFY"), std::string::npos) << s.out;
  EXPECT_EQ(rndc_commands_logged(), rndc_before);
  for (auto& n : m_ns) {
    EXPECT_EQ(answer(n.port(), "www.example.org.", "A"), "192.0.2.2");
  }
  // mdns logs one line per transfer: both servers took the change by IXFR.
  EXPECT_EQ(count(m_mdns.log(), "[example.org.] IXFR, outgoing"), 2u) << m_mdns.log();

  // Nothing pending: no rndc, no NOTIFY.
  size_t notifies =
      count(m_ns[0].log(), "received notify") + count(m_ns[1].log(), "received notify");
  s = ctl({"sync"});
  EXPECT_EQ(s.code, 0) << s.err;
  EXPECT_NE(s.out.find("nothing to do"), std::string::npos) << s.out;
  EXPECT_EQ(ctl({"sync", "--expect-no-changes"}).code, 0);
  EXPECT_EQ(rndc_commands_logged(), rndc_before);
  EXPECT_EQ(count(m_ns[0].log(), "received notify") + count(m_ns[1].log(), "received notify"),
            notifies);

  // Masters moved on one target only: modzone there, nothing on the other.
  write_pool(m_mdns.port(), "", "{host: 127.0.0.2, port: 5399}");
  auto moved = nlohmann::json::parse(ctl({"sync", "--dry-run", "-f", "json"}).out);
  ASSERT_EQ(moved.size(), 1u) << moved;
  EXPECT_EQ(moved[0]["action"], "modzone");
  EXPECT_NE(moved[0]["target"].get<std::string>().find("(ns1)"), std::string::npos);
  s = ctl({"sync"});
  ASSERT_EQ(s.code, 0) << s.out << s.err;
  EXPECT_NE(m_ns[0].rndc({"showzone", "example.org"}).out.find("127.0.0.2 port 5399"),
            std::string::npos);
  EXPECT_EQ(m_ns[1].rndc({"showzone", "example.org"}).out.find("127.0.0.2"), std::string::npos);

  // Deleted: neither serves it, and the store forgets it.
  ASSERT_EQ(ctl({"domain", "delete", "example.org."}).code, 0);
  EXPECT_EQ(ctl({"sync", "--expect-no-changes"}).code, 1);
  s = ctl({"sync"});
  ASSERT_EQ(s.code, 0) << s.out << s.err;
  // Issue 29, item 11: a deleted zone is counted as gone, never as in sync.
  EXPECT_NE(s.out.find("pool default 1/1 deleted zone(s) gone"), std::string::npos) << s.out;
  EXPECT_EQ(s.out.find("in sync"), std::string::npos) << s.out;
  // And for cron: --quiet prints nothing when there is nothing to do.
  Ran quiet = ctl({"sync", "--quiet"});
  EXPECT_EQ(quiet.code, 0) << quiet.err;
  EXPECT_EQ(quiet.out, "");
  EXPECT_NE(ctl({"sync"}).out.find("nothing to do"), std::string::npos);
  for (auto& n : m_ns) {
    EXPECT_EQ(rcode(n.port(), "example.org."), "REFUSED");
  }
  EXPECT_NE(ctl({"domain", "show", "example.org."}).code, 0);
}

TEST_F(SyncTest, AStoppedServerFailsAloneAndCatchesUpLater) {
  DNSCTL_REQUIRE_TOOLS("named", "rndc", "rndc-confgen", "dig");
  uint16_t serve = free_port();
  start_servers();
  write_pool(serve);
  m_ns[1].stop();
  ASSERT_NO_FATAL_FAILURE(create_zone("example.org.", "192.0.2.7"));
  std::string at = "127.0.0.1:" + std::to_string(serve);
  Ran s = ctl({"sync", "--serve", at});
  EXPECT_EQ(s.code, 1) << s.out << s.err;
  EXPECT_NE(s.err.find("ns2"), std::string::npos) << s.err;
  EXPECT_NE(s.err.find("connection refused"), std::string::npos) << s.err;
  EXPECT_EQ(answer(m_ns[0].port(), "www.example.org.", "A"), "192.0.2.7");

  // Issue 24, item 3: one failed attempt leaves ns2 pending with its error, and the
  // zone PENDING; ERROR comes with the third failure in a row ([sync] error_after).
  auto ns2_state = [&](const std::string& failed) {
    Ran st = ctl({"status", "example.org.", "-f", "json"});
    for (const auto& r : nlohmann::json::parse(st.out)) {
      if (r["server"].get<std::string>().find("(ns2)") != std::string::npos) {
        auto error = r["last_error"].get<std::string>();
        EXPECT_EQ(error.rfind(failed, 0), 0u) << st.out;
        EXPECT_NE(error.find("connection refused"), std::string::npos) << st.out;
        return r["state"].get<std::string>();
      }
    }
    return std::string("no ns2 row in ") + st.out;
  };
  auto zone_status = [&] {
    auto z = nlohmann::json::parse(ctl({"domain", "show", "example.org.", "-f", "json"}).out);
    return z["status"].get<std::string>();
  };
  EXPECT_EQ(ns2_state("failed 1 of 3 times: "), "create/pending");
  EXPECT_EQ(zone_status(), "PENDING");
  // The plan says ns2's step is a retry though ns2 is not in error yet.
  auto retry_note = [&] {
    for (const auto& row : nlohmann::json::parse(ctl({"sync", "--dry-run", "-f", "json"}).out)) {
      if (row["target"].get<std::string>().find("ns2") != std::string::npos) {
        return row["note"].get<std::string>();
      }
    }
    return std::string("no ns2 step");
  };
  EXPECT_EQ(retry_note(), "retry (failed once)");

  Ran st = ctl({"status", "example.org.", "-f", "json"});
  EXPECT_EQ(st.code, 1);
  auto rows = nlohmann::json::parse(st.out);
  bool named_ns2 = false;
  bool ns1_waits = false;
  for (const auto& r : rows) {
    if (r["server"].get<std::string>().find("(ns2)") != std::string::npos) {
      named_ns2 = r["last_error"].get<std::string>().find("connection refused") != std::string::npos
                  && r["state"] == "create/pending";
    }
    // Issue 29, item 11: ns1 did its part; it waits on ns2's nameserver, not in error.
    if (r["server"].get<std::string>().find("(ns1)") != std::string::npos) {
      auto state = r["state"].get<std::string>();
      ns1_waits =
          state.find("error") == std::string::npos
          && r["last_error"].get<std::string>().find("waiting on nameservers") != std::string::npos;
    }
  }
  EXPECT_TRUE(named_ns2) << st.out;
  EXPECT_TRUE(ns1_waits) << st.out;
  EXPECT_EQ(ctl({"sync", "--serve", at}).code, 1);
  EXPECT_EQ(ns2_state("failed 2 of 3 times: "), "create/pending");
  EXPECT_EQ(retry_note(), "retry (failed 2 times in a row)");
  EXPECT_EQ(ctl({"sync", "--serve", at}).code, 1);
  EXPECT_EQ(ns2_state("failed 3 times in a row: "), "create/error");
  EXPECT_EQ(zone_status(), "ERROR");

  // Back up: the next sync creates the zone there too, and nothing is lost.
  ASSERT_TRUE(m_ns[1].start(m_dir / "ns2", {}));
  s = ctl({"sync", "--serve", at});
  EXPECT_EQ(s.code, 0) << s.out << s.err;
  for (auto& n : m_ns) {
    EXPECT_EQ(answer(n.port(), "www.example.org.", "A"), "192.0.2.7");
  }
  EXPECT_EQ(ctl({"status"}).code, 0);
}

// sync --serve serves the transfers with the limits `dnsctl mdns` has from the same
// config file: with tsig_enforce the secondaries' unsigned AXFRs are refused (it used
// to build limits of its own and ignore tsig_enforce and allow_transfer).
TEST_F(SyncTest, ServeRefusesUnsignedTransfersWhenTsigIsEnforced) {
  DNSCTL_REQUIRE_TOOLS("named", "rndc", "rndc-confgen", "dig");
  uint16_t serve = free_port();
  start_servers();
  write_pool(serve);
  ASSERT_NO_FATAL_FAILURE(create_zone("example.org.", "192.0.2.7"));
  std::string at = "127.0.0.1:" + std::to_string(serve);
  write_file(m_dir / "enforce.conf", "[mdns]\ntsig_enforce = true\n");
  Ran s = run({DNSCTL_BIN,
               "--db",
               m_db,
               "--config",
               (m_dir / "enforce.conf").string(),
               "sync",
               "--serve",
               at},
              std::chrono::seconds(120));
  EXPECT_EQ(s.code, 1) << s.out << s.err;
  EXPECT_NE(s.err.find("absent (does not serve the zone"), std::string::npos) << s.err;
  for (auto& n : m_ns) {
    EXPECT_EQ(answer(n.port(), "www.example.org.", "A"), "");
  }
  // The same sync without it: both secondaries transfer the zone.
  s = ctl({"sync", "--serve", at});
  EXPECT_EQ(s.code, 0) << s.out << s.err;
  for (auto& n : m_ns) {
    EXPECT_EQ(answer(n.port(), "www.example.org.", "A"), "192.0.2.7");
  }
}

// Issue 29, item 2: a sync cut short between a target's addzone and its polls (killed,
// or the store gone away) left the zone "never polled": the next sync said "nothing to
// do" and exited 0 while status exited 1 for ever. Now sync NOTIFYs and polls every
// zone whose nameservers were not seen serving its serial.
TEST_F(SyncTest, AZoneNeverPolledIsPolledByTheNextSync) {
  DNSCTL_REQUIRE_TOOLS("named", "rndc", "rndc-confgen", "dig", "sqlite3");
  uint16_t serve = free_port();
  start_servers();
  write_pool(serve);
  ASSERT_NO_FATAL_FAILURE(create_zone("example.org.", "192.0.2.7"));
  std::string at = "127.0.0.1:" + std::to_string(serve);
  Ran s = ctl({"sync", "--serve", at});
  ASSERT_EQ(s.code, 0) << s.out << s.err;
  ASSERT_EQ(ctl({"status"}).code, 0);
  // What a kill between the addzone and the first poll leaves: targets done, no
  // nameserver seen.
  ASSERT_EQ(run({"sqlite3", m_db, "DELETE FROM nameserver_zone_state"}).code, 0);
  EXPECT_EQ(ctl({"status"}).code, 1);
  Ran plan = ctl({"sync", "--dry-run", "-f", "json"});
  ASSERT_EQ(plan.code, 0) << plan.err;
  auto steps = nlohmann::json::parse(plan.out);
  ASSERT_EQ(steps.size(), 2u) << plan.out;
  EXPECT_EQ(steps[0]["action"], "notify");
  EXPECT_EQ(ctl({"sync", "--expect-no-changes"}).code, 1);
  s = ctl({"sync", "--serve", at});
  EXPECT_EQ(s.code, 0) << s.out << s.err;
  EXPECT_EQ(s.out.find("nothing to do"), std::string::npos) << s.out;
  EXPECT_EQ(ctl({"status"}).code, 0);
  Ran again = ctl({"sync"});
  EXPECT_NE(again.out.find("nothing to do"), std::string::npos) << again.out << again.err;
}

TEST_F(SyncTest, RndcFaultsAreReportedAndNeverHang) {
  DNSCTL_REQUIRE_TOOLS("named", "rndc", "rndc-confgen", "dig");
  // A control port that accepts connections and never answers.
  int silent = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(silent, reinterpret_cast<sockaddr*>(&a), sizeof(a)), 0);
  ASSERT_EQ(::listen(silent, 16), 0);
  socklen_t len = sizeof(a);
  ::getsockname(silent, reinterpret_cast<sockaddr*>(&a), &len);
  uint16_t silent_port = ntohs(a.sin_port);
  write_file(m_dir / "wrong.key",
             "key \"rndc-key\" { algorithm hmac-sha256; secret "
             "\"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=\"; };\n");
  uint16_t serve = free_port();
  std::string at = "127.0.0.1:" + std::to_string(serve);
  struct Case {
    std::string name;
    std::string options;
    std::string expect;
  };
  start_servers();
  std::vector<Case> cases = {
      {"wrong key",
       "rndc_host: 127.0.0.1, rndc_port: " + std::to_string(m_ns[1].reserve_rndc_port())
           + ", rndc_key_file: " + (m_dir / "wrong.key").string(),
       "connection to remote host closed"},
      {"wrong port",
       "rndc_host: 127.0.0.1, rndc_port: " + std::to_string(free_port())
           + ", rndc_key_file: " + m_ns[1].rndc_key_file(),
       "connection refused"},
      {"timeout",
       "rndc_host: 127.0.0.1, rndc_port: " + std::to_string(silent_port)
           + ", rndc_key_file: " + m_ns[1].rndc_key_file(),
       "timed out after 2.0 s"},
  };
  int n = 0;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    write_pool(serve, c.options);
    std::string zone = "z" + std::to_string(n++) + ".example.org.";
    ASSERT_NO_FATAL_FAILURE(create_zone(zone));
    auto t0 = std::chrono::steady_clock::now();
    Ran s = ctl({"sync", zone, "--serve", at, "--timeout", "2"});
    double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_EQ(s.code, 1) << s.out << s.err;
    EXPECT_NE(s.err.find("(ns2) " + zone + ": "), std::string::npos) << s.err;
    EXPECT_NE(s.err.find(c.expect), std::string::npos) << s.err;
    EXPECT_LT(took, 10.0);
    EXPECT_NE(answer(m_ns[0].port(), zone, "SOA"), ""); // the good target converged
  }
  ::close(silent);
}

TEST_F(SyncTest, AZoneWithOtherMastersIsAConflictAndLeftAlone) {
  DNSCTL_REQUIRE_TOOLS("named", "rndc", "rndc-confgen", "dig");
  uint16_t serve = free_port();
  start_servers();
  write_pool(serve);
  std::string theirs =
      "example.org { type secondary; primaries { 192.0.2.53; }; file \"theirs.db\"; };";
  ASSERT_EQ(m_ns[0].rndc({"addzone", theirs}).code, 0);
  ASSERT_NO_FATAL_FAILURE(create_zone("example.org."));
  Ran s = ctl({"sync", "--serve", "127.0.0.1:" + std::to_string(serve)});
  EXPECT_EQ(s.code, 1);
  EXPECT_NE(s.err.find("(ns1) example.org.: zone already exists on the target with other masters"),
            std::string::npos)
      << s.err;
  Ran shown = m_ns[0].rndc({"showzone", "example.org"});
  EXPECT_NE(shown.out.find("192.0.2.53"), std::string::npos) << shown.out; // left alone
  EXPECT_NE(answer(m_ns[1].port(), "example.org.", "SOA"), "");            // the other converged
}

// An also_notify is not a target: one that never answers is reported, and the run,
// whose targets all converged, still succeeds.
TEST_F(SyncTest, AnAlsoNotifyThatNeverAnswersIsReportedNotFatal) {
  DNSCTL_REQUIRE_TOOLS("named", "rndc", "rndc-confgen", "dig");
  uint16_t serve = free_port();
  m_also_notify = free_port(); // nothing listens there
  start_servers();
  write_pool(serve);
  ASSERT_NO_FATAL_FAILURE(create_zone("example.org.", "192.0.2.9"));
  Ran s = ctl({"sync", "--serve", "127.0.0.1:" + std::to_string(serve), "-f", "json"});
  EXPECT_EQ(s.code, 0) << s.out << s.err;
  bool reported = false;
  for (const auto& row : nlohmann::json::parse(s.out)) {
    reported = reported
               || (row["target"].get<std::string>().find("also_notify 127.0.0.1:"
                                                         + std::to_string(m_also_notify))
                       != std::string::npos
                   && row["result"] == "failed"
                   && row["error"].get<std::string>().find("no answer") != std::string::npos);
  }
  EXPECT_TRUE(reported) << s.out;
  for (auto& n : m_ns) {
    EXPECT_EQ(answer(n.port(), "www.example.org.", "A"), "192.0.2.9");
  }
}

// Issue 14, item 12: BIND keeps a zone whose addzone failed on a full disk in memory
// and in no configuration; every later sync failed on "already exists" and a failing
// showzone until named restarted. With room again, sync heals it (modzone).
TEST_F(SyncTest, AnAddzoneThatFailedOnAFullDiskHealsWhenThereIsRoomAgain) {
  DNSCTL_REQUIRE_TOOLS("named", "rndc", "rndc-confgen", "dig");
  auto dir = m_dir / "ns1";
  std::filesystem::create_directories(dir);
  if (run({"mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", dir.string()}).code != 0) {
    GTEST_SKIP() << "cannot mount a tmpfs for named here (needs root and CAP_SYS_ADMIN)";
  }
  struct Unmount {
    Named& named;
    std::filesystem::path dir;
    ~Unmount() {
      named.stop();
      run({"umount", dir.string()});
    }
  } unmount{m_ns[0], dir};
  ASSERT_TRUE(m_ns[0].start(dir, {})) << m_ns[0].log();
  ASSERT_TRUE(m_ns[1].start(m_dir / "ns2", {})) << m_ns[1].log();
  write_pool(m_mdns.reserve_port());
  ASSERT_TRUE(m_mdns.start(m_dir, m_db, {}, "example.org."));
  ASSERT_NO_FATAL_FAILURE(create_zone("full.example.", "192.0.2.1"));
  // Fill the disk.
  {
    std::ofstream fill(dir / "fill", std::ios::binary);
    std::string block(64 * 1024, 'x');
    for (int i = 0; i < 64 && fill.write(block.data(), static_cast<std::streamsize>(block.size()));
         ++i) {
      fill.flush();
    }
  }
  Ran s = ctl({"sync"});
  EXPECT_EQ(s.code, 1) << s.out << s.err;
  std::filesystem::remove(dir / "fill");
  s = ctl({"sync"});
  EXPECT_EQ(s.code, 0) << s.out << s.err;
  EXPECT_EQ(answer(m_ns[0].port(), "www.full.example.", "A"), "192.0.2.1");
  Ran shown = m_ns[0].rndc({"showzone", "full.example"});
  EXPECT_NE(shown.out.find("masters { 127.0.0.1"), std::string::npos) << shown.out << shown.err;
}

// Issue 10, item 6: sync speaks BIND's control channel itself (no rndc process per
// command) when the target gives its key file; rndc_bin_path still asks for rndc.
TEST_F(SyncTest, TheControlChannelNeedsNoRndcProgram) {
  DNSCTL_REQUIRE_TOOLS("named", "rndc", "rndc-confgen", "dig");
  start_servers();
  write_pool(m_mdns.reserve_port());
  ASSERT_TRUE(m_mdns.start(m_dir, m_db, {}, "z0.example.org."));
  for (int i = 0; i < 20; ++i) {
    ASSERT_NO_FATAL_FAILURE(create_zone("z" + std::to_string(i) + ".example.org.", "192.0.2.9"));
  }
  size_t before = rndc_commands_logged();
  // No rndc anywhere on PATH: a process per command would fail at once.
  std::filesystem::create_directories(m_dir / "empty");
  auto without_rndc = [&](const std::vector<std::string>& args) {
    std::vector<std::string> argv{"/usr/bin/env",
                                  "PATH=" + (m_dir / "empty").string(),
                                  DNSCTL_BIN,
                                  "--db",
                                  m_db,
                                  "--config",
                                  "/dev/null"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, std::chrono::seconds(120));
  };
  Ran s = without_rndc({"sync"});
  ASSERT_EQ(s.code, 0) << s.out << s.err;
  EXPECT_NE(s.out.find("40 backend command(s)"), std::string::npos) << s.out;
  for (int i = 0; i < 20; ++i) {
    for (auto& n : m_ns) {
      EXPECT_EQ(answer(n.port(), "www.z" + std::to_string(i) + ".example.org.", "A"), "192.0.2.9");
    }
  }
  // named took every command, each in its own words in the log.
  EXPECT_EQ(rndc_commands_logged(), before + 40);
  // The table still shows the rndc command each step stands for.
  EXPECT_NE(s.out.find("addzone"), std::string::npos) << s.out;
  // Idempotent: an addzone of a zone that is there (sync --verify re-adds nothing,
  // but a lost state row does) ends in showzone, as with rndc.
  for (int i = 15; i < 20; ++i) {
    ASSERT_EQ(ctl({"zone", "delete", "z" + std::to_string(i) + ".example.org."}).code, 0);
  }
  s = without_rndc({"sync"});
  ASSERT_EQ(s.code, 0) << s.out << s.err;
  for (int i = 15; i < 20; ++i) {
    EXPECT_EQ(answer(m_ns[0].port(), "z" + std::to_string(i) + ".example.org.", "SOA"), "");
  }
  // rndc_bin_path asks for the program, which this PATH does not have.
  write_pool(m_mdns.reserve_port(),
             "rndc_host: 127.0.0.1, rndc_port: " + std::to_string(m_ns[1].reserve_rndc_port())
                 + ", rndc_key_file: " + m_ns[1].rndc_key_file() + ", rndc_bin_path: rndc");
  ASSERT_NO_FATAL_FAILURE(create_zone("late.example.org."));
  s = without_rndc({"sync", "--timeout", "5"});
  EXPECT_EQ(s.code, 1) << s.out << s.err;
  EXPECT_NE(s.err.find("(ns2) late.example.org.: "), std::string::npos) << s.err;
  EXPECT_EQ(s.err.find("(ns1) late.example.org.: "), std::string::npos) << s.err;
}
