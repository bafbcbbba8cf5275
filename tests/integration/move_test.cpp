// Issue 11: two pools on loopback, each with its own real BIND server (target and
// nameserver), fed by one real dnsctl mdns. Zones are placed by --attributes
// service_tier:gold|standard and served only by their pool's server; `domain move`
// puts a zone on the other server with that pool's NS, and the old server drops it;
// a pool-scoped TSIG key transfers only its own pool's zones.

#include "tests/integration/harness.hpp"

#include <nlohmann/json.hpp>

#include <unistd.h>

using namespace dnsctl::itest;

namespace {

std::string rcode(uint16_t port, const std::string& name) {
  Ran r = dig(port, {name, "SOA"});
  auto at = r.out.find("status: ");
  return at == std::string::npos ? "" : r.out.substr(at + 8, r.out.find(',', at) - at - 8);
}

std::string answer(uint16_t port, const std::string& name, const std::string& type) {
  Ran r = dig(port, {"+short", name, type});
  while (!r.out.empty() && r.out.back() == '\n') {
    r.out.pop_back();
  }
  return r.out;
}

// The records an AXFR signed with `key` ("hmac-sha256:name:secret") brings, or 0.
size_t axfr_records(uint16_t port, const std::string& zone, const std::string& key) {
  Ran r = dig(port, {"-y", key, zone, "AXFR", "+nocmd", "+nostats", "+noall", "+answer"});
  if (r.out.find("Transfer failed") != std::string::npos) {
    return 0;
  }
  size_t n = 0;
  for (char c : r.out) {
    n += c == '\n' ? 1 : 0;
  }
  return n;
}

} // namespace

class MoveTest : public ::testing::Test {
protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    m_dir = std::filesystem::temp_directory_path()
            / ("dnsctl-move-" + std::to_string(::getpid()) + "-" + info->name());
    std::filesystem::remove_all(m_dir);
    std::filesystem::create_directories(m_dir);
    m_db = (m_dir / "dnsctl.db").string();
  }
  void TearDown() override {
    if (HasFailure()) {
      for (auto* d : std::initializer_list<Daemon*>{&m_mdns, &m_gold, &m_std}) {
        std::string log = d->log();
        std::cerr << "---- log ----\n" << log.substr(log.size() > 4000 ? log.size() - 4000 : 0);
      }
    }
    m_gold.stop();
    m_std.stop();
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
  std::string pool(const std::string& name, const std::string& tier, Named& n, const char* ns) {
    std::string port = std::to_string(n.reserve_port());
    return "- name: " + name + "\n  attributes: {service_tier: " + tier
           + ", poll_retries: 50}\n  ns_records: [{hostname: " + ns
           + ", priority: 1}]\n  nameservers: [{host: 127.0.0.1, port: " + port
           + "}]\n  targets:\n    - type: bind9\n      masters: [{host: 127.0.0.1, port: "
           + std::to_string(m_mdns.reserve_port()) + "}]\n      options: {host: 127.0.0.1, port: "
           + port + ", rndc_host: 127.0.0.1, rndc_port: " + std::to_string(n.reserve_rndc_port())
           + ", rndc_key_file: " + n.rndc_key_file() + "}\n";
  }
  // "hmac-sha256:NAME:SECRET" of a new key scoped to `pool`.
  std::string pool_key(const std::string& name, const std::string& pool_name) {
    ok({"tsigkey", "create", name, "--scope", "pool", "--resource-id", pool_name});
    Ran s = ok({"tsigkey", "show", name, "-f", "value", "-c", "secret"});
    std::string secret = s.out.substr(0, s.out.find('\n'));
    return "hmac-sha256:" + name + ":" + secret;
  }

  std::filesystem::path m_dir;
  std::string m_db;
  Mdns m_mdns;
  Named m_gold;
  Named m_std;
};

TEST_F(MoveTest, ZonesPlacedByAttributesThenMovedToTheOtherPool) {
  DNSCTL_REQUIRE_TOOLS("named", "rndc", "rndc-confgen", "dig");
  ASSERT_TRUE(m_gold.start(m_dir / "gold", {})) << m_gold.log();
  ASSERT_TRUE(m_std.start(m_dir / "std", {})) << m_std.log();
  write_file(m_dir / "pools.yaml",
             pool("gold", "gold", m_gold, "ns1.gold.example.org.")
                 + pool("standard", "standard", m_std, "ns1.std.example.org."));
  ok({"pool", "update", (m_dir / "pools.yaml").string()});
  ASSERT_TRUE(m_mdns.start(m_dir, m_db, {}, "g.example."));
  for (const auto& [zone, tier] : std::vector<std::pair<std::string, std::string>>{
           {"g.example.", "gold"}, {"s.example.", "standard"}}) {
    Ran c = ok({"zone",
                "create",
                zone,
                "--email",
                "h@example.org",
                "--attributes",
                "service_tier:" + tier,
                "-f",
                "value",
                "-c",
                "pool"});
    EXPECT_EQ(c.out, (tier == "gold" ? "gold\n" : "standard\n"));
    ok({"record", "create", zone, "--name", "www", "--type", "A", "--data", "192.0.2.7"});
  }
  Ran s = ok({"sync"});
  // Each zone only on its pool's server.
  EXPECT_EQ(answer(m_gold.port(), "www.g.example.", "A"), "192.0.2.7");
  EXPECT_EQ(answer(m_std.port(), "www.s.example.", "A"), "192.0.2.7");
  EXPECT_EQ(rcode(m_gold.port(), "s.example."), "REFUSED");
  EXPECT_EQ(rcode(m_std.port(), "g.example."), "REFUSED");

  // A gold-scoped key transfers gold's zones only; a standard one, standard's.
  std::string gold_key = pool_key("gold-xfr.", "gold");
  std::string std_key = pool_key("std-xfr.", "standard");
  EXPECT_GT(axfr_records(m_mdns.port(), "g.example.", gold_key), 3u);
  EXPECT_EQ(axfr_records(m_mdns.port(), "s.example.", gold_key), 0u);
  EXPECT_EQ(axfr_records(m_mdns.port(), "g.example.", std_key), 0u);

  // Move g.example. to standard: one serial step with standard's NS.
  uint32_t before = soa_serial(m_gold.port(), "g.example.");
  auto moved = nlohmann::json::parse(
      ok({"zone", "move", "g.example.", "--pool", "standard", "-f", "json"}).out);
  // One serial step: an IXFR from the old serial has one difference sequence (4 SOAs).
  uint32_t after = moved["serial"].get<uint32_t>();
  EXPECT_GT(after, before);
  Ran ixfr = dig(m_mdns.port(),
                 {"-y",
                  std_key,
                  "g.example.",
                  "IXFR=" + std::to_string(before),
                  "+nocmd",
                  "+nostats",
                  "+noall",
                  "+answer"});
  size_t soas = 0;
  for (size_t at = ixfr.out.find("\tSOA\t"); at != std::string::npos;
       at = ixfr.out.find("\tSOA\t", at + 1)) {
    ++soas;
  }
  EXPECT_EQ(soas, 4u) << ixfr.out;
  EXPECT_EQ(moved["moving_from"], "gold");
  // In transit: status shows both servers, the old one held, and says not in sync.
  Ran st = ctl({"status", "g.example.", "-f", "json"});
  EXPECT_EQ(st.code, 1);
  std::vector<std::string> pools_seen;
  for (const auto& row : nlohmann::json::parse(st.out)) {
    pools_seen.push_back(row["pool"].get<std::string>() + " " + row["kind"].get<std::string>() + " "
                         + row["state"].get<std::string>());
  }
  EXPECT_EQ(pools_seen,
            (std::vector<std::string>{"gold target held/pending",
                                      "standard target create/pending",
                                      "standard nameserver never polled"}));
  // The transfer scope follows the zone at once.
  EXPECT_EQ(axfr_records(m_mdns.port(), "g.example.", gold_key), 0u);
  EXPECT_GT(axfr_records(m_mdns.port(), "g.example.", std_key), 3u);

  s = ok({"sync", "-f", "json"});
  auto steps = nlohmann::json::parse(s.out);
  std::vector<std::string> actions;
  for (const auto& row : steps) {
    if (row["action"] != "poll" && row["action"] != "poll (gone)") {
      actions.push_back(row["action"].get<std::string>());
    }
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"addzone", "delzone"})) << s.out;
  // The new server serves the new serial and NS; the old one no longer has it.
  EXPECT_EQ(soa_serial(m_std.port(), "g.example."), after);
  EXPECT_EQ(answer(m_std.port(), "g.example.", "NS"), "ns1.std.example.org.");
  EXPECT_EQ(answer(m_std.port(), "www.g.example.", "A"), "192.0.2.7");
  EXPECT_EQ(rcode(m_gold.port(), "g.example."), "REFUSED");
  EXPECT_TRUE(m_gold.rndc({"showzone", "g.example."}).code != 0);
  // The move is over: ACTIVE, in sync, nothing left to do.
  auto shown = nlohmann::json::parse(ok({"zone", "show", "g.example.", "-f", "json"}).out);
  EXPECT_EQ(shown["status"], "ACTIVE");
  EXPECT_TRUE(shown["moving_from"].is_null());
  ok({"status"});
  EXPECT_EQ(ok({"sync", "--dry-run", "-f", "json"}).out, "[]\n");
  // s.example. never moved.
  EXPECT_EQ(answer(m_std.port(), "www.s.example.", "A"), "192.0.2.7");
}
