// Issue 10: a pool with a catalog zone and a real BIND that consumes it, configured with
// what `dnsctl pool consumer-config --server bind9` prints. Zones come and go with no
// rndc command: sync only NOTIFYs the catalog (and a changed member), then polls.

#include "tests/integration/harness.hpp"

#include <nlohmann/json.hpp>

#include <unistd.h>

using namespace dnsctl::itest;

namespace {

const char* k_secret = "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=";

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

std::string rcode(uint16_t port, const std::string& name) {
  Ran r = dig(port, {name, "SOA"});
  auto at = r.out.find("status: ");
  return at == std::string::npos ? "" : r.out.substr(at + 8, r.out.find(',', at) - at - 8);
}

std::string zone(int i) {
  return "m" + std::to_string(i) + ".cat-test.";
}

} // namespace

class CatalogTest : public ::testing::Test {
protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    m_dir = std::filesystem::temp_directory_path()
            / ("dnsctl-catalog-" + std::to_string(::getpid()) + "-" + info->name());
    std::filesystem::remove_all(m_dir);
    std::filesystem::create_directories(m_dir);
    m_db = (m_dir / "dnsctl.db").string();
  }
  void TearDown() override {
    if (HasFailure()) {
      for (auto* d : std::initializer_list<Daemon*>{&m_mdns, &m_named, &m_knot, &m_pdns}) {
        std::string log = d->log();
        std::cerr << "---- log ----\n" << log.substr(log.size() > 6000 ? log.size() - 6000 : 0);
      }
    }
    m_named.stop();
    m_knot.stop();
    m_pdns.stop();
    m_mdns.stop();
    std::filesystem::remove_all(m_dir);
  }
  Ran ctl(const std::vector<std::string>& args) {
    std::vector<std::string> argv{DNSCTL_BIN, "--db", m_db, "--config", "/dev/null"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, std::chrono::seconds(120));
  }
  Ran ok(const std::vector<std::string>& args) {
    Ran r = ctl(args);
    EXPECT_EQ(r.code, 0) << r.out << r.err;
    return r;
  }
  size_t rndc_commands() { return count(m_named.log(), "received control channel command"); }

  std::filesystem::path m_dir;
  std::string m_db;
  Mdns m_mdns;
  Named m_named;
  Knotd m_knot;
  Pdns m_pdns;
};

TEST_F(CatalogTest, BindTakesMembersFromTheCatalogWithNoRndcCommand) {
  DNSCTL_REQUIRE_TOOLS("named", "rndc", "rndc-confgen", "dig");
  std::string port = std::to_string(m_named.reserve_port());
  std::string mdns = std::to_string(m_mdns.reserve_port());
  write_file(
      m_dir / "pools.yaml",
      "- name: default\n  attributes: {poll_retries: 300}\n"
      "  ns_records: [{hostname: ns1.example.org., priority: 1}]\n"
      "  nameservers: [{host: 127.0.0.1, port: "
          + port + "}]\n  targets:\n    - type: bind9\n      masters: [{host: 127.0.0.1, port: "
          + mdns + "}]\n      options: {host: 127.0.0.1, port: " + port
          + ", rndc_host: 127.0.0.1, rndc_port: " + std::to_string(m_named.reserve_rndc_port())
          + ", rndc_key_file: " + m_named.rndc_key_file()
          + ", catalog_consumer: true}\n"
            "  catalog_zone:\n    catalog_zone_fqdn: cat.test.\n"
            "    catalog_zone_refresh: 60\n    catalog_zone_tsig_key: "
          + k_secret + "\n    catalog_zone_tsig_algorithm: hmac-sha256\n");
  ok({"pool", "update", (m_dir / "pools.yaml").string()});
  // The consumer's configuration, as dnsctl prints it, into the real named.conf.
  std::string conf = ok({"pool", "consumer-config", "default", "--server", "bind9"}).out;
  auto inside = conf.find("// dnsctl: inside options\n");
  auto top = conf.find("// dnsctl: top level\n");
  ASSERT_NE(inside, std::string::npos) << conf;
  ASSERT_NE(top, std::string::npos) << conf;
  m_named.extra_options = conf.substr(inside, top - inside);
  m_named.extra_config = conf.substr(top);
  ASSERT_TRUE(m_mdns.start(m_dir, m_db, {}, "cat.test."));
  ASSERT_TRUE(m_named.start(m_dir / "ns", {})) << m_named.log();
  ASSERT_TRUE(wait_until([&] { return rcode(m_named.port(), "cat.test.") == "NOERROR"; }));
  size_t rndc_before = rndc_commands(); // the harness's own `rndc status`

  // 50 zones: all served by BIND after one sync, with no rndc command.
  for (int i = 0; i < 50; ++i) {
    ok({"zone", "create", zone(i), "--email", "h@example.org"});
  }
  ok({"record", "create", zone(7), "--name", "www", "--type", "A", "--data", "192.0.2.7"});
  auto plan = nlohmann::json::parse(ok({"sync", "--dry-run", "-f", "json"}).out);
  ASSERT_EQ(plan.size(), 50u);
  EXPECT_EQ(plan[0]["action"], "catalog add");
  Ran s = ok({"sync"});
  EXPECT_NE(s.out.find("0 backend command(s), 1 NOTIFY"), std::string::npos) << s.out;
  for (int i = 0; i < 50; ++i) {
    EXPECT_EQ(rcode(m_named.port(), zone(i)), "NOERROR") << zone(i);
  }
  EXPECT_EQ(rndc_commands(), rndc_before);
  ok({"status"});

  // Delete 10: gone from BIND, still no rndc.
  for (int i = 40; i < 50; ++i) {
    ok({"zone", "delete", zone(i)});
  }
  s = ok({"sync"});
  for (int i = 40; i < 50; ++i) {
    EXPECT_EQ(rcode(m_named.port(), zone(i)), "REFUSED") << zone(i);
  }
  EXPECT_EQ(rcode(m_named.port(), zone(39)), "NOERROR");
  EXPECT_EQ(rndc_commands(), rndc_before);

  // A record change in a member: NOTIFY of the member, and BIND takes it by IXFR.
  ok({"record", "create", zone(7), "--name", "mail", "--type", "A", "--data", "192.0.2.8"});
  s = ok({"sync"});
  EXPECT_NE(s.out.find("0 backend command(s), 1 NOTIFY"), std::string::npos) << s.out;
  EXPECT_EQ(dig(m_named.port(), {"+short", "mail." + zone(7), "A"}).out, "192.0.2.8\n");
  EXPECT_TRUE(m_mdns.log_has("[" + zone(7) + "] IXFR, outgoing")) << m_mdns.log();
  // The catalog itself: AXFR once, then IXFR, always with its key.
  EXPECT_EQ(count(m_mdns.log(), "[cat.test.] AXFR, outgoing"), 1u) << m_mdns.log();
  EXPECT_GE(count(m_mdns.log(), "[cat.test.] IXFR, outgoing"), 2u) << m_mdns.log();
  EXPECT_EQ(count(m_mdns.log(), "key cat.test., serial"),
            count(m_mdns.log(), "[cat.test.] AXFR, outgoing")
                + count(m_mdns.log(), "[cat.test.] IXFR, outgoing"))
      << m_mdns.log();
  Ran unsigned_axfr = dig(m_mdns.port(), {"cat.test.", "AXFR"});
  EXPECT_NE(unsigned_axfr.out.find("Transfer failed"), std::string::npos) << unsigned_axfr.out;
  Ran keyed = dig(m_mdns.port(),
                  {"-y", std::string("hmac-sha256:cat.test.:") + k_secret, "cat.test.", "AXFR"});
  EXPECT_EQ(count(keyed.out, "PTR\tm") + count(keyed.out, "PTR m"), 40u) << keyed.out;
  // Members are named by their zone's id, as Designate names them.
  std::string id = nlohmann::json::parse(ok({"zone", "show", zone(7), "-f", "json"}).out)["id"];
  EXPECT_NE(keyed.out.find(id + ".zones.cat.test."), std::string::npos) << keyed.out;
  EXPECT_NE(keyed.out.find("version.cat.test."), std::string::npos) << keyed.out;
  EXPECT_EQ(rndc_commands(), rndc_before);
}

TEST_F(CatalogTest, KnotTakesMembersFromTheCatalog) {
  DNSCTL_REQUIRE_TOOLS("knotd", "knotc", "dig");
  std::string port = std::to_string(m_knot.reserve_port());
  std::string mdns = std::to_string(m_mdns.reserve_port());
  // Designate's reference setup: a fake target, only NOTIFYed.
  write_file(m_dir / "pools.yaml",
             "- name: default\n  attributes: {poll_retries: 300}\n"
             "  ns_records: [{hostname: ns1.example.org., priority: 1}]\n"
             "  nameservers: [{host: 127.0.0.1, port: "
                 + port
                 + "}]\n  targets:\n    - type: fake\n      masters: [{host: 127.0.0.1, port: "
                 + mdns + "}]\n      options: {host: 127.0.0.1, port: " + port
                 + "}\n  catalog_zone:\n    catalog_zone_fqdn: cat.test.\n"
                   "    catalog_zone_tsig_key: "
                 + k_secret + "\n    catalog_zone_tsig_algorithm: hmac-sha256\n");
  ok({"pool", "update", (m_dir / "pools.yaml").string()});
  // Members signed with a key scoped to the pool (Designate's non-default pools).
  ok({"tsigkey", "create", "members.test.", "--scope", "pool", "--resource-id", "default"});
  std::string conf = ok({"pool",
                         "consumer-config",
                         "default",
                         "--server",
                         "knot",
                         "--member-key",
                         "members.test."})
                         .out;
  ASSERT_TRUE(m_mdns.start(m_dir, m_db, {}, "cat.test."));
  ASSERT_TRUE(m_knot.start_with(m_dir / "knot", conf)) << m_knot.log();
  for (int i = 0; i < 50; ++i) {
    ok({"zone", "create", zone(i), "--email", "h@example.org"});
  }
  Ran s = ok({"sync"});
  EXPECT_NE(s.out.find("0 backend command(s), 1 NOTIFY"), std::string::npos) << s.out;
  for (int i = 0; i < 50; ++i) {
    EXPECT_EQ(rcode(m_knot.port(), zone(i)), "NOERROR") << zone(i);
  }
  for (int i = 40; i < 50; ++i) {
    ok({"zone", "delete", zone(i)});
  }
  ok({"sync"});
  for (int i = 40; i < 50; ++i) {
    EXPECT_EQ(rcode(m_knot.port(), zone(i)), "REFUSED") << zone(i);
  }
  EXPECT_EQ(rcode(m_knot.port(), zone(0)), "NOERROR");
  // A record change in a member: NOTIFY of the member, and Knot takes it by IXFR.
  ok({"record", "create", zone(7), "--name", "mail", "--type", "A", "--data", "192.0.2.8"});
  s = ok({"sync"});
  EXPECT_NE(s.out.find("0 backend command(s), 1 NOTIFY"), std::string::npos) << s.out;
  EXPECT_EQ(dig(m_knot.port(), {"+short", "mail." + zone(7), "A"}).out, "192.0.2.8\n");
  EXPECT_TRUE(m_mdns.log_has("[" + zone(7) + "] IXFR, outgoing")) << m_mdns.log();
  // Knot fetched the catalog with its key, by IXFR after the first time, and every
  // member with the member key.
  EXPECT_EQ(count(m_mdns.log(), "[cat.test.] AXFR, outgoing"), 1u) << m_mdns.log();
  EXPECT_GE(count(m_mdns.log(), "[cat.test.] IXFR, outgoing"), 2u) << m_mdns.log();
  EXPECT_EQ(count(m_mdns.log(), "key none"), 0u) << m_mdns.log();
  EXPECT_GE(count(m_mdns.log(), "key members.test."), 41u) << m_mdns.log();
  Ran unsigned_axfr = dig(m_mdns.port(), {"cat.test.", "AXFR"});
  EXPECT_NE(unsigned_axfr.out.find("Transfer failed"), std::string::npos) << unsigned_axfr.out;
}

TEST_F(CatalogTest, PowerDnsTakesMembersFromTheCatalog) {
  DNSCTL_REQUIRE_TOOLS("pdns_server", "pdnsutil", "sqlite3", "curl", "dig");
  std::string port = std::to_string(m_pdns.reserve_port());
  std::string mdns = std::to_string(m_mdns.reserve_port());
  write_file(m_dir / "pools.yaml",
             "- name: default\n  attributes: {poll_retries: 300}\n"
             "  ns_records: [{hostname: ns1.example.org., priority: 1}]\n"
             "  nameservers: [{host: 127.0.0.1, port: "
                 + port
                 + "}]\n  targets:\n    - type: fake\n      masters: [{host: 127.0.0.1, port: "
                 + mdns + "}]\n      options: {host: 127.0.0.1, port: " + port
                 + "}\n  catalog_zone:\n    catalog_zone_fqdn: cat.test.\n"
                   "    catalog_zone_tsig_key: "
                 + k_secret + "\n    catalog_zone_tsig_algorithm: hmac-sha256\n");
  ok({"pool", "update", (m_dir / "pools.yaml").string()});
  ASSERT_TRUE(m_mdns.start(m_dir, m_db, {}, "cat.test."));
  ASSERT_TRUE(m_pdns.start(m_dir / "pdns")) << m_pdns.log();
  // The pdnsutil commands dnsctl prints, run against this server's configuration.
  std::string conf = ok({"pool", "consumer-config", "default", "--server", "pdns"}).out;
  size_t commands = 0;
  for (size_t at = 0; at < conf.size();) {
    size_t end = conf.find('\n', at);
    std::string line = conf.substr(at, end - at);
    at = end == std::string::npos ? conf.size() : end + 1;
    if (line.rfind("pdnsutil ", 0) != 0) {
      continue;
    }
    std::vector<std::string> argv{"pdnsutil", "--config-dir=" + (m_dir / "pdns").string()};
    for (size_t p = 9; p < line.size();) {
      size_t sp = line.find(' ', p);
      argv.push_back(line.substr(p, sp - p));
      p = sp == std::string::npos ? line.size() : sp + 1;
    }
    Ran r = run(argv);
    ASSERT_EQ(r.code, 0) << line << "\n" << r.out << r.err;
    ++commands;
  }
  EXPECT_EQ(commands, 4u) << conf;
  for (int i = 0; i < 50; ++i) {
    ok({"zone", "create", zone(i), "--email", "h@example.org"});
  }
  Ran s = ok({"sync"});
  EXPECT_NE(s.out.find("0 backend command(s), 1 NOTIFY"), std::string::npos) << s.out;
  for (int i = 0; i < 50; ++i) {
    EXPECT_EQ(rcode(m_pdns.port(), zone(i)), "NOERROR") << zone(i);
  }
  for (int i = 40; i < 50; ++i) {
    ok({"zone", "delete", zone(i)});
  }
  ok({"sync"});
  for (int i = 40; i < 50; ++i) {
    EXPECT_NE(rcode(m_pdns.port(), zone(i)), "NOERROR") << zone(i);
  }
  // A record change in a member: NOTIFY of the member, and PowerDNS takes it.
  ok({"record", "create", zone(7), "--name", "mail", "--type", "A", "--data", "192.0.2.8"});
  s = ok({"sync"});
  EXPECT_NE(s.out.find("0 backend command(s), 1 NOTIFY"), std::string::npos) << s.out;
  EXPECT_EQ(dig(m_pdns.port(), {"+short", "mail." + zone(7), "A"}).out, "192.0.2.8\n");
  // PowerDNS 4.7 takes the catalog and its members by AXFR: IXFR is a per-zone
  // setting, a consumer has no member template, and with IXFR on the catalog it never
  // removes the members an IXFR deletes. The catalog always goes with its key.
  EXPECT_GE(count(m_mdns.log(), "[cat.test.] AXFR, outgoing"), 2u) << m_mdns.log();
  EXPECT_TRUE(m_mdns.log_has("[" + zone(7) + "] AXFR, outgoing")) << m_mdns.log();
  EXPECT_EQ(count(m_mdns.log(), "[cat.test.] AXFR, outgoing, remote 127.0.0.1, key none"), 0u);
  EXPECT_EQ(count(m_mdns.log(), "[cat.test.] IXFR, outgoing, remote 127.0.0.1, key none"), 0u);
  Ran unsigned_axfr = dig(m_mdns.port(), {"cat.test.", "AXFR"});
  EXPECT_NE(unsigned_axfr.out.find("Transfer failed"), std::string::npos) << unsigned_axfr.out;
}
