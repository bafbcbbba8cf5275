// One pool that mixes every backend dnsctl drives: BIND (rndc), PowerDNS (HTTP API),
// Knot (knotc) and NSD (nsd-control), all real daemons on loopback, each a target
// and a nameserver, transferring from a real dnsctl mdns. One sync must converge
// all four; every step re-run must be a no-op.

#include "tests/integration/harness.hpp"

#include <nlohmann/json.hpp>

#include <unistd.h>

using namespace dnsctl::itest;

namespace {

std::string answer(uint16_t port, const std::string& name, const std::string& type) {
  Ran r = dig(port, {"+short", name, type});
  while (!r.out.empty() && r.out.back() == '\n') {
    r.out.pop_back();
  }
  return r.out;
}

} // namespace

class MixedPoolTest : public ::testing::Test {
protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    m_dir = std::filesystem::temp_directory_path()
            / ("dnsctl-backends-" + std::to_string(::getpid()) + "-" + info->name());
    std::filesystem::remove_all(m_dir);
    std::filesystem::create_directories(m_dir);
    m_db = (m_dir / "dnsctl.db").string();
  }
  void TearDown() override {
    if (HasFailure()) {
      for (auto* d : std::initializer_list<Daemon*>{&m_mdns, &m_bind, &m_pdns, &m_knot, &m_nsd}) {
        std::string log = d->log();
        if (!log.empty()) {
          std::cerr << "---- log ----\n" << log.substr(log.size() > 3000 ? log.size() - 3000 : 0);
        }
      }
    }
    for (auto* d : std::initializer_list<Daemon*>{&m_bind, &m_pdns, &m_knot, &m_nsd, &m_mdns}) {
      d->stop();
    }
    std::filesystem::remove_all(m_dir);
  }
  Ran ctl(const std::vector<std::string>& args) {
    std::vector<std::string> argv{DNSCTL_BIN, "--db", m_db, "--config", "/dev/null"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, std::chrono::seconds(120));
  }
  void start_all() {
    uint16_t mp = m_mdns.reserve_port();
    ASSERT_TRUE(m_bind.start(m_dir / "bind", {})) << m_bind.log();
    ASSERT_TRUE(m_pdns.start(m_dir / "pdns")) << m_pdns.log();
    ASSERT_TRUE(m_knot.start(m_dir / "knot")) << m_knot.log();
    ASSERT_TRUE(m_nsd.start(m_dir / "nsd", mp)) << m_nsd.log();
  }
  std::vector<uint16_t> dns_ports() {
    return {m_bind.port(), m_pdns.port(), m_knot.port(), m_nsd.port()};
  }
  void write_pool(const std::string& api_key = "",
                  uint16_t master_port = 0,
                  const std::string& knot_socket = "",
                  const std::string& nsd_cert = "") {
    std::string master = "[{host: 127.0.0.1, port: "
                         + std::to_string(master_port != 0 ? master_port : m_mdns.reserve_port())
                         + "}]";
    std::string y = "- name: default\n"
                    "  attributes: {poll_retries: 60}\n"
                    "  ns_records: [{hostname: ns1.example.org.}]\n"
                    "  nameservers:\n";
    for (uint16_t p : dns_ports()) {
      y += "    - {host: 127.0.0.1, port: " + std::to_string(p) + "}\n";
    }
    std::string d = m_nsd.file("");
    y += "  targets:\n"
         "    - type: bind9\n      description: bind\n      masters: "
         + master + "\n      options: {host: 127.0.0.1, port: " + std::to_string(m_bind.port())
         + ", rndc_host: 127.0.0.1, rndc_port: " + std::to_string(m_bind.reserve_rndc_port())
         + ", rndc_key_file: " + m_bind.rndc_key_file() + "}\n"
         + "    - type: pdns4\n      description: pdns\n      masters: " + master
         + "\n      options: {host: 127.0.0.1, port: " + std::to_string(m_pdns.port())
         + ", api_endpoint: \"" + m_pdns.endpoint()
         + "\", api_token: " + (api_key.empty() ? m_pdns.api_key() : api_key) + "}\n"
         + "    - type: knot\n      description: knot\n      masters: " + master
         + "\n      options: {host: 127.0.0.1, port: " + std::to_string(m_knot.port())
         + ", socket: " + (knot_socket.empty() ? m_knot.socket() : knot_socket) + "}\n"
         + "    - type: nsd4\n      description: nsd\n      masters: " + master
         + "\n      options: {host: 127.0.0.1, port: " + std::to_string(m_nsd.control_port())
         + ", notify_port: " + std::to_string(m_nsd.port())
         + ", certfile: " + (nsd_cert.empty() ? d + "nsd_control.pem" : nsd_cert)
         + ", keyfile: " + d + "nsd_control.key, server_certfile: " + d + "nsd_server.pem}\n";
    write_file(m_dir / "pools.yaml", y);
    Ran r = ctl({"pool", "update", (m_dir / "pools.yaml").string()});
    ASSERT_EQ(r.code, 0) << r.err;
  }
  nlohmann::json sync_json() {
    Ran r = ctl({"sync", "-f", "json", "--timeout", "20"});
    EXPECT_EQ(r.code, 0) << r.out << r.err;
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    return j;
  }

  std::filesystem::path m_dir;
  std::string m_db;
  Mdns m_mdns;
  Named m_bind;
  Pdns m_pdns;
  KnotTarget m_knot;
  Nsd m_nsd;
};

TEST_F(MixedPoolTest, BindPdnsKnotNsdConvergeInOneSync) {
  DNSCTL_REQUIRE_TOOLS(
      "named", "rndc", "pdns_server", "sqlite3", "knotd", "knotc", "nsd", "nsd-control", "dig");
  start_all();
  write_pool();
  ASSERT_TRUE(m_mdns.start(m_dir, m_db)) << m_mdns.log();

  // Create: every server serves the zone after one sync.
  ASSERT_EQ(ctl({"domain", "create", "mixed.test", "--email", "h@mixed.test"}).code, 0);
  ASSERT_EQ(
      ctl({"record", "create", "mixed.test", "--name", "www", "--type", "A", "--data", "192.0.2.1"})
          .code,
      0);
  Ran first = ctl({"sync", "--timeout", "20"});
  ASSERT_EQ(first.code, 0) << first.out << first.err;
  for (uint16_t p : dns_ports()) {
    EXPECT_EQ(answer(p, "www.mixed.test", "A"), "192.0.2.1") << "port " << p;
  }
  // Every backend's own check agrees.
  EXPECT_EQ(m_knot.knotc({"zone-status", "mixed.test"}).code, 0);
  EXPECT_EQ(m_nsd.control({"zonestatus", "mixed.test."}).code, 0);

  // Nothing pending: a re-run does nothing.
  Ran again = ctl({"sync", "--dry-run"});
  EXPECT_EQ(again.code, 0);
  EXPECT_EQ(again.out.find("mixed.test"), std::string::npos) << again.out;

  // Record change: NOTIFY only, no control call, every server serves the new data.
  ASSERT_EQ(ctl({"record", "set", "mixed.test", "www", "--type", "A", "--data", "192.0.2.2"}).code,
            0);
  auto j = sync_json();
  ASSERT_TRUE(j.is_array()) << j;
  int targets = 0;
  for (const auto& row : j) {
    if (row["target"].get<std::string>().rfind("nameserver", 0) != 0) {
      EXPECT_EQ(row["action"], "notify") << row;
      ++targets;
    }
  }
  EXPECT_EQ(targets, 4) << j;
  for (uint16_t p : dns_ports()) {
    EXPECT_EQ(answer(p, "www.mixed.test", "A"), "192.0.2.2") << "port " << p;
  }

  // Delete: gone everywhere, and the re-run is a no-op.
  ASSERT_EQ(ctl({"domain", "delete", "mixed.test"}).code, 0);
  Ran del = ctl({"sync", "--timeout", "20"});
  EXPECT_EQ(del.code, 0) << del.out << del.err;
  for (uint16_t p : dns_ports()) {
    EXPECT_EQ(soa_serial(p, "mixed.test"), 0U) << "port " << p;
  }
  EXPECT_NE(m_knot.knotc({"zone-status", "mixed.test"}).code, 0);
  Ran after = ctl({"sync", "--dry-run"});
  EXPECT_EQ(after.out.find("mixed.test"), std::string::npos) << after.out;
}

TEST_F(MixedPoolTest, AWrongApiKeyFailsAloneWithTheServersWords) {
  DNSCTL_REQUIRE_TOOLS(
      "named", "rndc", "pdns_server", "sqlite3", "knotd", "knotc", "nsd", "nsd-control", "dig");
  start_all();
  write_pool("wrong-key");
  ASSERT_TRUE(m_mdns.start(m_dir, m_db)) << m_mdns.log();
  ASSERT_EQ(ctl({"domain", "create", "key.test", "--email", "h@key.test"}).code, 0);
  Ran r = ctl({"sync", "--timeout", "10"});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("HTTP 401"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("wrong-key"), std::string::npos) << "the key is never printed: " << r.err;
  EXPECT_EQ(r.out.find("wrong-key"), std::string::npos) << r.out;
  for (uint16_t p : {m_bind.port(), m_knot.port(), m_nsd.port()}) {
    EXPECT_NE(soa_serial(p, "key.test"), 0U) << "port " << p;
  }
  // The right key in pools.yaml: the next sync heals the PowerDNS target.
  write_pool();
  Ran healed = ctl({"sync", "--timeout", "20"});
  EXPECT_EQ(healed.code, 0) << healed.out << healed.err;
  EXPECT_NE(soa_serial(m_pdns.port(), "key.test"), 0U);
}

TEST_F(MixedPoolTest, ZoneAlreadyOnTheServersIsOursOnlyWithOurMasters) {
  DNSCTL_REQUIRE_TOOLS("named",
                       "rndc",
                       "pdns_server",
                       "sqlite3",
                       "knotd",
                       "knotc",
                       "nsd",
                       "nsd-control",
                       "dig",
                       "curl");
  start_all();
  write_pool();
  ASSERT_TRUE(m_mdns.start(m_dir, m_db)) << m_mdns.log();
  // ours.test is already on PowerDNS, Knot and NSD from a run whose outcome was lost;
  // theirs.test is on PowerDNS with another primary: somebody else's zone.
  std::string mp = "127.0.0.1:" + std::to_string(m_mdns.port());
  auto post = [&](const std::string& zone, const std::string& master) {
    return run({"curl",
                "-sf",
                "-X",
                "POST",
                "-H",
                "X-API-Key: " + m_pdns.api_key(),
                "-d",
                R"({"name":")" + zone + R"(","kind":"Secondary","masters":[")" + master + R"("]})",
                m_pdns.endpoint() + "/api/v1/servers/localhost/zones"});
  };
  ASSERT_EQ(post("ours.test.", mp).code, 0);
  ASSERT_EQ(post("theirs.test.", "127.0.0.1:1").code, 0);
  ASSERT_EQ(ctl({"domain", "create", "ours.test", "--email", "h@ours.test"}).code, 0);
  Ran first = ctl({"sync", "--timeout", "20"});
  ASSERT_EQ(first.code, 0) << first.out << first.err;
  // Knot and NSD now hold it; the store forgets and pushes again: still success.
  ASSERT_EQ(ctl({"domain", "create", "theirs.test", "--email", "h@theirs.test"}).code, 0);
  Ran second = ctl({"sync", "--timeout", "10"});
  EXPECT_EQ(second.code, 1) << second.out << second.err;
  EXPECT_NE(second.err.find("other masters, left alone"), std::string::npos) << second.err;
  for (uint16_t p : {m_bind.port(), m_knot.port(), m_nsd.port()}) {
    EXPECT_NE(soa_serial(p, "theirs.test"), 0U) << "port " << p;
  }
  for (uint16_t p : dns_ports()) {
    EXPECT_NE(soa_serial(p, "ours.test"), 0U) << "port " << p;
  }
}

TEST_F(MixedPoolTest, VerifyRecreatesZonesRemovedBehindOurBack) {
  DNSCTL_REQUIRE_TOOLS("named",
                       "rndc",
                       "pdns_server",
                       "sqlite3",
                       "knotd",
                       "knotc",
                       "nsd",
                       "nsd-control",
                       "dig",
                       "curl");
  start_all();
  write_pool();
  ASSERT_TRUE(m_mdns.start(m_dir, m_db)) << m_mdns.log();
  ASSERT_EQ(ctl({"domain", "create", "lost.test", "--email", "h@lost.test"}).code, 0);
  Ran first = ctl({"sync", "--timeout", "20"});
  ASSERT_EQ(first.code, 0) << first.out << first.err;
  // Every server loses the zone; Knot also gets one of its own that we don't know.
  ASSERT_EQ(m_bind.rndc({"delzone", "lost.test"}).code, 0);
  ASSERT_EQ(run({"curl",
                 "-sf",
                 "-X",
                 "DELETE",
                 "-H",
                 "X-API-Key: " + m_pdns.api_key(),
                 m_pdns.endpoint() + "/api/v1/servers/localhost/zones/lost.test."})
                .code,
            0);
  Ran knot = run({"sh",
                  "-c",
                  "printf 'conf-begin\\nconf-unset zone[lost.test.]\\n"
                  "conf-set zone[theirs.test.]\\nconf-commit\\n' | knotc -s "
                      + m_knot.socket()});
  ASSERT_EQ(knot.code, 0) << knot.out;
  ASSERT_EQ(m_nsd.control({"delzone", "lost.test."}).code, 0);
  ASSERT_TRUE(wait_until([&] { return soa_serial(m_nsd.port(), "lost.test") == 0; }));

  // A plain sync trusts the store: nothing to do.
  Ran plain = ctl({"sync", "--dry-run"});
  EXPECT_EQ(plain.out.find("lost.test"), std::string::npos) << plain.out;
  // --dry-run --verify finds them and writes nothing.
  Ran dry = ctl({"sync", "--verify", "--dry-run", "-f", "json"});
  EXPECT_EQ(dry.code, 0) << dry.err;
  // The plan holds what the real run will do: lost.test created again on each target
  // (with each one's command: addzone, POST, conf-set, addzones).
  auto planned = nlohmann::json::parse(dry.out, nullptr, false);
  ASSERT_TRUE(planned.is_array()) << dry.out;
  int creates = 0;
  for (const auto& r : planned) {
    creates += r.value("action", "") != "verify" && r.value("zone", "") == "lost.test." ? 1 : 0;
  }
  EXPECT_EQ(creates, 4) << dry.out;
  EXPECT_EQ(ctl({"sync", "--dry-run"}).out.find("lost.test"), std::string::npos);
  // Monitoring's checks fail until it is repaired (issue 29, item 3).
  Ran expect = ctl({"sync", "--verify", "--expect-no-changes"});
  EXPECT_EQ(expect.code, 1) << expect.out << expect.err;
  EXPECT_NE(expect.out.find("lost.test"), std::string::npos) << expect.out;
  Ran status = ctl({"status", "--verify"});
  EXPECT_EQ(status.code, 1) << status.out << status.err;
  EXPECT_NE(status.out.find("missing"), std::string::npos) << status.out;
  EXPECT_EQ(ctl({"status"}).code, 0) << "the store's own view is in sync";

  Ran v = ctl({"sync", "--verify", "--timeout", "20", "-f", "json"});
  ASSERT_EQ(v.code, 0) << v.out << v.err;
  auto rows = nlohmann::json::parse(v.out, nullptr, false);
  ASSERT_TRUE(rows.is_array()) << v.out;
  int missing = 0;
  bool extra = false;
  for (const auto& r : rows) {
    if (r["action"] == "verify" && r["result"] == "missing") {
      EXPECT_EQ(r["zone"], "lost.test.") << r;
      ++missing;
    }
    extra = extra || (r["result"] == "extra" && r["zone"] == "theirs.test.");
  }
  EXPECT_EQ(missing, 4) << v.out;
  EXPECT_TRUE(extra) << "the zone Knot holds and we don't is reported: " << v.out;
  for (uint16_t p : dns_ports()) {
    EXPECT_NE(soa_serial(p, "lost.test"), 0U) << "re-created on port " << p;
  }
  // Never deleted: theirs.test is still in Knot's configuration.
  EXPECT_EQ(m_knot.knotc({"conf-read", "zone[theirs.test.]"}).code, 0);
  // And now everything is there: a second verify finds nothing missing.
  Ran again = ctl({"sync", "--verify", "-f", "json"});
  EXPECT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(again.out.find("\"missing\""), std::string::npos) << again.out;
  // A zone we don't know is reported, never a pending change or a failed check.
  Ran clean = ctl({"sync", "--verify", "--expect-no-changes"});
  EXPECT_EQ(clean.code, 0) << clean.out << clean.err;
  Ran status_after = ctl({"status", "--verify"});
  EXPECT_EQ(status_after.code, 0) << status_after.out << status_after.err;
}

TEST_F(MixedPoolTest, MastersMovedInPoolsYamlReachEveryServer) {
  DNSCTL_REQUIRE_TOOLS("named",
                       "rndc",
                       "pdns_server",
                       "sqlite3",
                       "knotd",
                       "knotc",
                       "nsd",
                       "nsd-control",
                       "dig",
                       "curl");
  start_all();
  write_pool();
  ASSERT_TRUE(m_mdns.start(m_dir, m_db)) << m_mdns.log();
  ASSERT_EQ(ctl({"domain", "create", "moved.test", "--email", "h@moved.test"}).code, 0);
  ASSERT_EQ(ctl({"sync", "--timeout", "20"}).code, 0);

  // A second mdns on another port becomes the pool's master.
  Mdns second;
  uint16_t port2 = second.reserve_port();
  std::filesystem::create_directories(m_dir / "mdns2");
  ASSERT_TRUE(second.start(m_dir / "mdns2", m_db)) << second.log();
  write_pool("", port2);
  Ran plan = ctl({"sync", "--dry-run", "-f", "json"});
  ASSERT_EQ(plan.code, 0) << plan.err;
  Ran moved = ctl({"sync", "--timeout", "20"});
  ASSERT_EQ(moved.code, 0) << moved.out << moved.err;
  std::string want = "127.0.0.1:" + std::to_string(port2);
  EXPECT_NE(m_bind.rndc({"showzone", "moved.test"}).out.find("port " + std::to_string(port2)),
            std::string::npos);
  Ran pdns = run({"curl",
                  "-sf",
                  "-H",
                  "X-API-Key: " + m_pdns.api_key(),
                  m_pdns.endpoint() + "/api/v1/servers/localhost/zones/moved.test."});
  EXPECT_NE(pdns.out.find("\"" + want + "\""), std::string::npos) << pdns.out;
  Ran knot = m_knot.knotc({"conf-read", "remote"});
  EXPECT_NE(knot.out.find("127.0.0.1@" + std::to_string(port2)), std::string::npos) << knot.out;
  // Everything applied: nothing is left to do.
  Ran after = ctl({"sync", "--dry-run"});
  EXPECT_EQ(after.out.find("moved.test"), std::string::npos) << after.out;
  second.stop();
}

// Designate 2026's nameserver tsigkey_id: the serial polls to that nameserver are
// signed with its key. Here the nameserver is a dnsctl mdns that answers only signed
// queries (--tsig-enforce): with the key the zone converges, without it the poll is
// refused and the run says so.
TEST_F(MixedPoolTest, NameserverTsigKeySignsThePolls) {
  DNSCTL_REQUIRE_TOOLS("named", "rndc", "dig");
  const std::string secret = "c2VjcmV0LWZvci10aGUtcG9sbHMtb2YtZG5zY3RsLTAx";
  const std::string key_name = "poll-key.";
  uint16_t mp = m_mdns.reserve_port();
  // named signs its transfers and takes signed NOTIFY with the same key.
  ASSERT_TRUE(m_bind.start(m_dir / "bind", {{"unused.test.", mp, key_name, secret}}))
      << m_bind.log();
  Ran key = ctl({"tsigkey", "create", key_name, "--secret", secret, "-f", "value", "-c", "id"});
  ASSERT_EQ(key.code, 0) << key.err;
  std::string key_id = key.out.substr(0, key.out.find('\n'));
  auto pool = [&](bool signed_polls) {
    std::string y = "- name: default\n"
                    "  attributes: {poll_retries: 5}\n"
                    "  ns_records: [{hostname: ns1.example.org.}]\n"
                    "  nameservers:\n"
                    "    - {host: 127.0.0.1, port: "
                    + std::to_string(m_bind.port())
                    + "}\n"
                      "    - {host: 127.0.0.1, port: "
                    + std::to_string(mp) + (signed_polls ? ", tsigkey_id: " + key_id : "")
                    + "}\n"
                      "  targets:\n"
                      "    - type: bind9\n"
                      "      masters: [{host: 127.0.0.1, port: "
                    + std::to_string(mp) + "}]\n      tsigkey_id: " + key_id
                    + "\n      options: {host: 127.0.0.1, port: " + std::to_string(m_bind.port())
                    + ", rndc_host: 127.0.0.1, rndc_port: " + std::to_string(m_bind.rndc_port())
                    + ", rndc_key_file: " + m_bind.rndc_key_file() + "}\n";
    write_file(m_dir / "pools.yaml", y);
    return ctl({"pool", "update", (m_dir / "pools.yaml").string()});
  };
  ASSERT_EQ(pool(false).code, 0);
  ASSERT_TRUE(m_mdns.start(m_dir, m_db, {"--tsig-enforce"})) << m_mdns.log();
  ASSERT_EQ(ctl({"domain", "create", "signed.test", "--email", "h@signed.test"}).code, 0);
  Ran unsigned_run = ctl({"sync", "--timeout", "10"});
  EXPECT_EQ(unsigned_run.code, 1) << unsigned_run.out << unsigned_run.err;
  EXPECT_NE(unsigned_run.err.find("nameserver 127.0.0.1:" + std::to_string(mp)), std::string::npos)
      << unsigned_run.err;
  EXPECT_NE(soa_serial(m_bind.port(), "signed.test"), 0U) << "named took it, signed";

  Ran updated = pool(true);
  ASSERT_EQ(updated.code, 0) << updated.err;
  Ran shown = ctl({"pool", "show-config"});
  EXPECT_NE(shown.out.find("tsigkey_id: " + key_id), std::string::npos) << shown.out;
  Ran signed_run = ctl({"sync", "--timeout", "10"});
  EXPECT_EQ(signed_run.code, 0) << signed_run.out << signed_run.err;
}

TEST_F(MixedPoolTest, AWrongSocketOrCertificateFailsAloneWithTheToolsWords) {
  DNSCTL_REQUIRE_TOOLS(
      "named", "rndc", "pdns_server", "sqlite3", "knotd", "knotc", "nsd", "nsd-control", "dig");
  start_all();
  // The NSD server's own certificate is not the control client's: the TLS handshake fails.
  write_pool("", 0, (m_dir / "no-such.sock").string(), m_nsd.file("nsd_server.pem"));
  ASSERT_TRUE(m_mdns.start(m_dir, m_db)) << m_mdns.log();
  ASSERT_EQ(ctl({"domain", "create", "tools.test", "--email", "h@tools.test"}).code, 0);
  Ran r = ctl({"sync", "--timeout", "10"});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("knot " + (m_dir / "no-such.sock").string()), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("failed to connect to socket"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nsd4 127.0.0.1:" + std::to_string(m_nsd.control_port())), std::string::npos)
      << r.err;
  for (uint16_t p : {m_bind.port(), m_pdns.port()}) {
    EXPECT_NE(soa_serial(p, "tools.test"), 0U) << "port " << p;
  }
  // Put right in pools.yaml: the next sync heals both.
  write_pool();
  Ran healed = ctl({"sync", "--timeout", "20"});
  EXPECT_EQ(healed.code, 0) << healed.out << healed.err;
  for (uint16_t p : dns_ports()) {
    EXPECT_NE(soa_serial(p, "tools.test"), 0U) << "port " << p;
  }
}
