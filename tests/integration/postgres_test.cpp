// Several hosts on one PostgreSQL store: two mdns, each with a real BIND secondary, and
// PostgreSQL restarted under them; the mdns answer from memory meanwhile. The test runs its own
// PostgreSQL (the suite's shared one must not restart under other tests).

#include "tests/integration/harness.hpp"

#include <nlohmann/json.hpp>

#include <unistd.h>

using namespace dnsctl::itest;

namespace {

const char* k_pools = R"(- name: default
  ns_records: [{hostname: ns1.example.org.}]
  targets:
    - type: bind9
      masters: [{host: 127.0.0.1, port: 5354}]
      options: {host: 127.0.0.1, port: 53, rndc_host: 127.0.0.1}
)";

std::string pg_script() {
  return std::string(DNSCTL_TEST_DATA) + "/../support/postgres.sh";
}

class PostgresMdnsTest : public ::testing::Test {
protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    m_dir = std::filesystem::temp_directory_path()
            / ("dnsctl-it-" + std::to_string(::getpid()) + "-" + info->name());
    std::filesystem::remove_all(m_dir);
    std::filesystem::create_directories(m_dir);
    m_url_file = (m_dir / "pg.url").string();
    Ran up = run({"bash", pg_script(), "start", m_url_file}, std::chrono::seconds(120));
    ASSERT_EQ(up.code, 0) << up.err;
    std::string server = read_file(m_url_file);
    server.erase(server.find_last_not_of('\n') + 1);
    Ran made = run({"psql", server + "/postgres", "-qc", "CREATE DATABASE dnsctl"});
    ASSERT_EQ(made.code, 0) << made.err;
    m_db = server + "/dnsctl";
    // Each host its own config file, naming the shared store.
    for (const char* host : {"a", "b"}) {
      write_file(m_dir / (std::string(host) + ".conf"), "[store]\npath = " + m_db + "\n");
    }
    write_file(m_dir / "pools.yaml", k_pools);
    ASSERT_EQ(ctl("a", {"pool", "update", (m_dir / "pools.yaml").string()}).code, 0);
  }
  void TearDown() override {
    if (HasFailure()) {
      for (auto* d : std::initializer_list<Daemon*>{&m_mdns_a, &m_mdns_b, &m_named_a, &m_named_b}) {
        std::string log = d->log();
        std::cerr << "---- log ----\n" << log.substr(log.size() > 4000 ? log.size() - 4000 : 0);
      }
    }
    m_named_a.stop();
    m_named_b.stop();
    m_mdns_a.stop();
    m_mdns_b.stop();
    run({"bash", pg_script(), "stop", m_url_file});
    std::filesystem::remove_all(m_dir);
  }
  Ran ctl(const std::string& host, const std::vector<std::string>& args) {
    std::vector<std::string> argv{DNSCTL_BIN, "--config", (m_dir / (host + ".conf")).string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, std::chrono::seconds(60));
  }
  uint32_t serial(const std::string& zone) {
    auto j = nlohmann::json::parse(ctl("b", {"domain", "show", zone, "-f", "json"}).out);
    return j["serial"].get<uint32_t>();
  }

  std::filesystem::path m_dir;
  std::string m_url_file;
  std::string m_db;
  Mdns m_mdns_a;
  Mdns m_mdns_b;
  Named m_named_a;
  Named m_named_b;
};

} // namespace

TEST_F(PostgresMdnsTest, TwoMdnsServeOneDatabaseThroughARestart) {
  DNSCTL_REQUIRE_TOOLS("named", "rndc", "rndc-confgen", "dig", "psql");
  Ran imported =
      ctl("a", {"domain", "import", std::string(DNSCTL_TEST_DATA) + "/zones/good/all.zone"});
  ASSERT_EQ(imported.code, 0) << imported.err;
  std::filesystem::create_directories(m_dir / "mdns-a");
  std::filesystem::create_directories(m_dir / "mdns-b");
  ASSERT_TRUE(m_mdns_a.start(m_dir / "mdns-a", m_db));
  ASSERT_TRUE(m_mdns_b.start(m_dir / "mdns-b", m_db));
  ASSERT_TRUE(m_named_a.start(m_dir / "named-a", {{"example.net.", m_mdns_a.port(), "", ""}}));
  ASSERT_TRUE(m_named_b.start(m_dir / "named-b", {{"example.net.", m_mdns_b.port(), "", ""}}));
  uint16_t na = m_named_a.port();
  uint16_t nb = m_named_b.port();
  ASSERT_TRUE(wait_until([&] { return soa_serial(na, "example.net.") == serial("example.net"); }));
  ASSERT_TRUE(wait_until([&] { return soa_serial(nb, "example.net.") == serial("example.net"); }));

  // A change made on host a: both mdns serve it, both BINDs take it by IXFR.
  auto change = [&](const std::string& data) {
    Ran r = ctl("a", {"record", "set", "example.net", "www", "--type", "A", "--data", data});
    ASSERT_EQ(r.code, 0) << r.err;
    uint32_t want = serial("example.net");
    for (uint16_t mdns : {m_mdns_a.port(), m_mdns_b.port()}) {
      EXPECT_TRUE(wait_until([&] { return soa_serial(mdns, "example.net.") == want; }));
      // The records moved with the serial (one snapshot of the store).
      EXPECT_EQ(dig(mdns, {"www.example.net.", "A", "+short"}).out, data + "\n");
    }
    for (uint16_t ns : {na, nb}) {
      Ran n = ctl("b", {"notify", "example.net", "--to", "127.0.0.1:" + std::to_string(ns)});
      EXPECT_EQ(n.code, 0) << n.out << n.err;
      EXPECT_TRUE(wait_until([&] { return soa_serial(ns, "example.net.") == want; }));
      EXPECT_EQ(dig(ns, {"www.example.net.", "A", "+short"}).out, data + "\n");
    }
  };
  change("192.0.2.77");
  EXPECT_TRUE(wait_until([&] { return m_mdns_a.log_has("[example.net.] IXFR, outgoing"); }));
  EXPECT_TRUE(wait_until([&] { return m_mdns_b.log_has("[example.net.] IXFR, outgoing"); }));

  // PostgreSQL goes away: both mdns keep answering SOA queries from what they had.
  uint32_t before = serial("example.net");
  Ran down = run({"bash", pg_script(), "down", m_url_file}, std::chrono::seconds(60));
  ASSERT_EQ(down.code, 0) << down.err;
  // Every answer comes from memory: records, NXDOMAIN and NODATA as well as the SOA.
  for (uint16_t mdns : {m_mdns_a.port(), m_mdns_b.port()}) {
    for (int i = 0; i < 3; ++i) {
      EXPECT_EQ(soa_serial(mdns, "example.net."), before);
      EXPECT_EQ(dig(mdns, {"www.example.net.", "A", "+short"}).out, "192.0.2.77\n");
      EXPECT_NE(dig(mdns, {"nothing-here.example.net.", "A"}).out.find("status: NXDOMAIN"),
                std::string::npos);
      Ran nodata = dig(mdns, {"www.example.net.", "TXT"});
      EXPECT_NE(nodata.out.find("status: NOERROR"), std::string::npos) << nodata.out;
      EXPECT_NE(nodata.out.find("ANSWER: 0"), std::string::npos) << nodata.out;
    }
  }
  Ran up = run({"bash", pg_script(), "up", m_url_file}, std::chrono::seconds(60));
  ASSERT_EQ(up.code, 0) << up.err;
  // Back: the next change reaches both mdns and both BINDs.
  change("192.0.2.78");
  EXPECT_TRUE(m_mdns_a.log_has("store is back")) << m_mdns_a.log();
  EXPECT_TRUE(m_mdns_b.log_has("store is back")) << m_mdns_b.log();
}
