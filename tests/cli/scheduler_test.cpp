// Issue 11, item 2: the scheduler. Each row: pools, [scheduler] filters, the zone's
// attributes -> the pool chosen, or the error. Designate's documented chains
// ("attribute, fallback", "pool_id_attribute, fallback") fail with two pools and a zone
// without attributes, as they do there; the default chain does not.

#include "core/util/text.hpp"
#include "tests/cli/harness.hpp"

#include <fstream>
#include <set>

using namespace dnsctl::test;

namespace {

// gold and standard carry attributes; standard has Designate's default_pool_id, so it
// is the default pool. "open" has none, so Designate's attribute filter keeps it for
// any zone.
std::string pool_yaml(const std::string& name,
                      const std::string& id,
                      const std::string& attributes,
                      int octet) {
  std::string ip = "192.0.2." + std::to_string(octet);
  return "- name: " + name + "\n" + (id.empty() ? "" : "  id: " + id + "\n")
         + "  attributes: " + attributes + "\n  ns_records: [{hostname: ns1." + name
         + ".example.org., priority: 1}]\n  nameservers: [{host: " + ip
         + ", port: 53}]\n  targets:\n    - type: bind9\n      masters: [{host: 192.0.2.1, "
           "port: 5354}]\n      options: {host: "
         + ip + ", rndc_host: " + ip + "}\n";
}

const std::string k_gold_id = "11111111-2222-4333-8444-555555555555";
const std::string k_default_id = "794ccc2c-d751-44fe-b57f-8894c9f5c842";

std::string gold() {
  return pool_yaml("gold", k_gold_id, "{service_tier: gold, fast_ttl: true}", 10);
}
std::string standard(bool is_default) {
  return pool_yaml("standard", is_default ? k_default_id : "", "{service_tier: standard}", 20);
}
std::string open_pool() {
  return pool_yaml("open", "", "{}", 30);
}

} // namespace

class SchedulerCli : public CliTest {
protected:
  void pools(const std::string& yaml) { ok({"pool", "update", write_temp("pools.yaml", yaml)}); }
  void chain(const std::string& filters) {
    std::ofstream(m_config, std::ios::trunc)
        << (filters.empty() ? "" : "[scheduler]\nfilters = " + filters + "\n");
  }
  Ran place(const std::vector<std::string>& attributes, const std::vector<std::string>& more = {}) {
    std::vector<std::string> args{"zone",
                                  "create",
                                  "z.example.",
                                  "--email",
                                  "h@example.org",
                                  "--dry-run",
                                  "-f",
                                  "value",
                                  "-c",
                                  "pool"};
    if (!attributes.empty()) {
      args.emplace_back("--attributes");
      args.insert(args.end(), attributes.begin(), attributes.end());
    }
    args.insert(args.end(), more.begin(), more.end());
    return dnsctl(args);
  }
};

TEST_F(SchedulerCli, FiltersAndChainsAsATable) {
  struct Case {
    std::string pools; // "GS": gold + standard (the default); "GSO": and open;
                       // "GS-": gold + standard, no default pool
    std::string chain; // "" : the default chain
    std::vector<std::string> attributes;
    std::string want; // a pool name, or "error: <text in the message>"
  };
  const std::vector<Case> cases{
      // The default chain: attribute, pool_id_attribute, in_doubt_default_pool, fallback.
      {"GS", "", {}, "standard"},
      {"GS", "", {"service_tier:gold"}, "gold"},
      {"GS", "", {"service_tier:standard"}, "standard"},
      {"GS", "", {"service_tier:gold", "fast_ttl:yes"}, "gold"},       // true == yes (oslo bool)
      {"GS", "", {"service_tier:gold", "fast_ttl:false"}, "standard"}, // no match: fallback
      {"GS", "", {"service_tier:GOLD"}, "standard"}, // values compare case-sensitively
      {"GS", "", {"pool_id:gold"}, "gold"},
      {"GS", "", {"pool_id:" + k_gold_id}, "gold"},
      {"GS", "", {"pool_id:nope"}, "error: attribute pool_id:nope names no pool"},
      {"GSO", "", {"service_tier:gold"}, "error: several pools match (gold, open)"},
      {"GS-", "", {}, "error: several pools match (gold, standard)"},
      {"GS-", "", {"service_tier:silver"}, "error: scheduler filter fallback needs a default pool"},
      // Designate's documented chains fail with two pools and no zone attribute.
      {"GS", "attribute, fallback", {}, "error: several pools match (gold, standard)"},
      {"GS", "pool_id_attribute, fallback", {}, "error: several pools match (gold, standard)"},
      {"GS", "attribute, fallback", {"service_tier:gold"}, "gold"},
      {"GS", "pool_id_attribute, fallback", {"pool_id:gold"}, "gold"},
      // Each filter alone.
      {"GS", "attribute", {"service_tier:silver"}, "error: no pool matches"},
      {"GSO", "attribute", {"service_tier:silver"}, "open"},
      {"GS", "default_pool", {"service_tier:gold"}, "standard"}, // Designate's default
      {"GS-", "default_pool", {}, "error: scheduler filter default_pool needs a default pool"},
      {"GS", "fallback", {}, "error: several pools match"}, // only acts on an empty list
      {"GS", "in_doubt_default_pool", {}, "standard"},
      {"GSO",
       "attribute, in_doubt_default_pool",
       {"service_tier:gold"},
       "error: several pools match (gold, open)"}, // the default is not among them
      {"GS", "pool_id_attribute", {"pool_id:standard"}, "standard"},
      {"GS",
       "attribute, pool_id_attribute",
       {"service_tier:gold", "pool_id:standard"},
       "gold"}, // a pool_id outside the candidates leaves them (Designate)
  };
  std::string loaded;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.pools + " [" + c.chain + "] " + dnsctl::text::join(c.attributes, " "));
    if (c.pools != loaded) {
      chain("");
      std::string yaml = c.pools == "GS-"   ? gold() + standard(false)
                         : c.pools == "GSO" ? gold() + standard(true) + open_pool()
                                            : gold() + standard(true);
      fresh_store();
      pools(yaml);
      loaded = c.pools;
    }
    chain(c.chain);
    std::string before = store_dump();
    Ran r = place(c.attributes);
    EXPECT_EQ(store_dump(), before) << "a dry run wrote";
    if (c.want.rfind("error: ", 0) == 0) {
      EXPECT_EQ(r.code, 2) << r.out;
      EXPECT_NE(r.err.find(c.want.substr(7)), std::string::npos) << r.err;
    } else {
      EXPECT_EQ(r.code, 0) << r.err;
      EXPECT_EQ(r.out, c.want + "\n");
    }
  }
}

TEST_F(SchedulerCli, RandomPicksOneOfTheCandidates) {
  pools(gold() + standard(true) + open_pool());
  chain("attribute, random");
  std::set<std::string> seen;
  for (int i = 0; i < 30 && seen.size() < 2; ++i) {
    Ran r = place({"service_tier:gold"});
    ASSERT_EQ(r.code, 0) << r.err;
    seen.insert(r.out);
  }
  EXPECT_EQ(seen, (std::set<std::string>{"gold\n", "open\n"}));
}

TEST_F(SchedulerCli, PoolWinsAndTheRealCreateStoresWhatTheDryRunSaid) {
  pools(gold() + standard(true));
  EXPECT_EQ(place({"service_tier:gold"}, {"--pool", "standard"}).out, "standard\n");
  auto dry = json({"zone",
                   "create",
                   "z.example.",
                   "--email",
                   "h@example.org",
                   "--attributes",
                   "service_tier:gold",
                   "--dry-run"});
  EXPECT_EQ(dry["pool"], "gold");
  EXPECT_EQ(dry["placement"][0], "attribute: gold, standard -> gold");
  EXPECT_EQ(dry["placement"].size(), 4u);
  auto made = json({"zone",
                    "create",
                    "z.example.",
                    "--email",
                    "h@example.org",
                    "--attributes",
                    "service_tier:gold"});
  EXPECT_EQ(made["pool"], "gold");
  EXPECT_EQ(json({"zone", "show", "z.example."})["pool"], "gold");
  // A dry run meets what the real run meets: the zone exists now.
  Ran again = dnsctl({"zone", "create", "z.example.", "--email", "h@example.org", "--dry-run"});
  EXPECT_EQ(again.code, 2);
  EXPECT_NE(again.err.find("already exists"), std::string::npos) << again.err;
}

TEST_F(SchedulerCli, ABadChainIsRefusedWhenTheConfigIsRead) {
  pools(gold() + standard(true));
  for (const auto& [filters, message] : std::vector<std::pair<std::string, std::string>>{
           {"attribute, bogus", "unknown scheduler filter \"bogus\""},
           {"", "the scheduler needs at least one filter"}}) {
    std::ofstream(m_config, std::ios::trunc) << "[scheduler]\nfilters = " << filters << "\n";
    Ran r = place({});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("scheduler.filters"), std::string::npos) << r.err;
  }
}
