// Issue 11, item 3: `domain move`, the store's side. Both pools have fake targets (no
// control calls) and no nameservers, so sync runs the whole move here: the new pool's
// targets add the zone, then the old pool's delete it, in one `sync`. The same move
// against real BIND servers is tests/integration/move_test.cpp.

#include "tests/cli/harness.hpp"

using namespace dnsctl::test;

namespace {

const char* k_pools = R"(- name: gold
  attributes: {service_tier: gold}
  ns_records: [{hostname: ns1.gold.example.org., priority: 1}]
  targets: [{type: fake, description: gold-1, options: {host: 127.0.0.1, port: 9}}]
- name: standard
  id: 794ccc2c-d751-44fe-b57f-8894c9f5c842
  attributes: {service_tier: standard}
  ns_records: [{hostname: ns1.std.example.org., priority: 1},
               {hostname: ns2.std.example.org., priority: 2}]
  targets: [{type: fake, description: std-1, options: {host: 127.0.0.1, port: 9}}]
)";

} // namespace

class MoveCli : public CliTest {
protected:
  void SetUp() override {
    CliTest::SetUp();
    ok({"pool", "update", write_temp("pools.yaml", k_pools)});
    ok({"zone", "create", "a.example.", "--email", "h@example.org"});
    ok({"record", "create", "a.example.", "--name", "www", "--type", "A", "--data", "192.0.2.1"});
    ok({"sync"});
  }
  // "pool target-description action/status" for every target row of the zone.
  std::vector<std::string> targets() {
    std::vector<std::string> out;
    Ran r = dnsctl({"status", "a.example.", "-f", "json"});
    for (const auto& row : nlohmann::json::parse(r.out)) {
      if (row["kind"] == "target") {
        std::string server = row["server"]; // "fake 127.0.0.1:9 (gold-1)"
        auto open = server.find('(');
        out.push_back(row["pool"].get<std::string>() + " "
                      + server.substr(open + 1, server.find(')') - open - 1) + " "
                      + row["state"].get<std::string>());
      }
    }
    return out;
  }
  int64_t journal_steps() {
    auto conn = store_connection();
    dnsctl::db::Statement st(*conn,
                             "SELECT count(*) FROM zone_journal j JOIN zones z "
                             "ON z.id = j.zone_id WHERE z.name = 'a.example.'");
    st.step();
    return st.column(0).int64();
  }
  std::string ns() {
    return ok({"record", "list", "a.example.", "--type", "NS", "-f", "value", "-c", "data"}).out;
  }
};

TEST_F(MoveCli, ByPoolOneSerialStepThenTheOldPoolDropsIt) {
  auto before = json({"zone", "show", "a.example."});
  int64_t steps = journal_steps();
  EXPECT_EQ(before["pool"], "standard");
  EXPECT_EQ(ns(), "ns1.std.example.org. ns2.std.example.org.\n");
  auto moved = json({"zone", "move", "a.example.", "--pool", "gold"});
  EXPECT_EQ(moved["pool"], "gold");
  EXPECT_EQ(moved["moving_from"], "standard");
  // One serial step (the serial follows the clock, so only greater), one journal entry.
  EXPECT_GT(moved["serial"].get<uint32_t>(), before["serial"].get<uint32_t>());
  EXPECT_EQ(journal_steps(), steps + 1);
  EXPECT_EQ(moved["placement"][0], "--pool gold -> gold");
  EXPECT_EQ(ns(), "ns1.gold.example.org.\n");
  EXPECT_EQ(ok({"record", "list", "a.example.", "--type", "SOA", "-f", "value", "-c", "data"})
                .out.rfind("ns1.gold.example.org. ", 0),
            0u);
  // In transit: on both pools, the old one held.
  EXPECT_EQ(
      targets(),
      (std::vector<std::string>{"gold gold-1 create/pending", "standard std-1 held/pending"}));
  EXPECT_EQ(dnsctl({"status", "a.example."}).code, 1);
  // A record change in transit goes to the new pool only.
  ok({"record", "create", "a.example.", "--name", "mail", "--type", "A", "--data", "192.0.2.2"});
  EXPECT_EQ(
      targets(),
      (std::vector<std::string>{"gold gold-1 create/pending", "standard std-1 held/pending"}));
  // One sync: the new pool adds it, then the old pool deletes it. The plan shows both
  // (issue 29, item 11: the old pool's deletion was missing from it).
  auto plan = json({"sync", "--dry-run"});
  ASSERT_EQ(plan.size(), 2u) << plan.dump();
  EXPECT_EQ(plan[0]["action"], "add");
  EXPECT_EQ(plan[1]["action"], "remove");
  EXPECT_NE(plan[1]["target"].get<std::string>().find("std-1"), std::string::npos);
  EXPECT_EQ(plan[1]["note"], "held: deleted once the new pool serves the zone");
  auto ran = json({"sync"});
  ASSERT_EQ(ran.size(), 2u) << ran.dump();
  EXPECT_EQ(ran[0]["action"], "add");
  EXPECT_EQ(ran[0]["target"].get<std::string>().find("gold-1") != std::string::npos, true);
  EXPECT_EQ(ran[1]["action"], "remove");
  EXPECT_EQ(ran[1]["target"].get<std::string>().find("std-1") != std::string::npos, true);
  EXPECT_EQ(targets(), (std::vector<std::string>{"gold gold-1 none/active"}));
  auto after = json({"zone", "show", "a.example."});
  EXPECT_EQ(after["status"], "ACTIVE");
  EXPECT_TRUE(after["moving_from"].is_null());
  ok({"status", "a.example."});
  EXPECT_TRUE(json({"sync", "--dry-run"}).empty());
}

TEST_F(MoveCli, ByAttributesTheSchedulerChoosesAndTheAttributesAreReplaced) {
  auto moved = json({"zone", "move", "a.example.", "--attributes", "service_tier:gold"});
  EXPECT_EQ(moved["pool"], "gold");
  EXPECT_EQ(moved["attributes"], nlohmann::json::array({"service_tier:gold"}));
  EXPECT_EQ(moved["placement"][0], "attribute: gold, standard -> gold");
  ok({"sync"});
  // Back by attributes: the scheduler picks standard.
  moved = json({"zone", "move", "a.example.", "--attributes", "service_tier:standard"});
  EXPECT_EQ(moved["pool"], "standard");
  EXPECT_EQ(ns(), "ns1.std.example.org. ns2.std.example.org.\n");
}

TEST_F(MoveCli, KeepSourceForgetsTheOldPoolsServers) {
  ok({"zone", "move", "a.example.", "--pool", "gold", "--keep-source"});
  auto ran = json({"sync"});
  ASSERT_EQ(ran.size(), 1u) << ran.dump();
  EXPECT_EQ(ran[0]["action"], "add");
  EXPECT_EQ(targets(), (std::vector<std::string>{"gold gold-1 none/active"}));
  EXPECT_TRUE(json({"zone", "show", "a.example."})["moving_from"].is_null());
}

TEST_F(MoveCli, DryRunWritesNothing) {
  std::string before = store_dump();
  auto dry = json({"zone", "move", "a.example.", "--pool", "gold", "--dry-run"});
  EXPECT_EQ(dry["pool"], "gold");
  EXPECT_EQ(dry["moving_from"], "standard");
  EXPECT_EQ(store_dump(), before);
  Ran table = ok({"zone", "move", "a.example.", "--pool", "gold", "--dry-run"});
  EXPECT_NE(table.out.find("dry run: nothing was written"), std::string::npos) << table.out;
  Ran create = ok({"zone", "create", "b.example.", "--email", "h@example.org", "--dry-run"});
  EXPECT_NE(create.out.find("dry run: nothing was written"), std::string::npos) << create.out;
  EXPECT_EQ(store_dump(), before);
}

// Issue 29, item 11: a zone placed by its tier attribute, moved by --pool to a pool of
// another tier, says so (the attribute would place it back on the next scheduling).
TEST_F(MoveCli, MovingByPoolAcrossTiersWarnsAboutTheAttribute) {
  ok({"zone",
      "create",
      "b.example.",
      "--email",
      "h@example.org",
      "--attributes",
      "service_tier:standard"});
  Ran moved = ok({"zone", "move", "b.example.", "--pool", "gold"});
  EXPECT_NE(moved.err.find("warning: zone b.example. keeps attribute service_tier:standard"),
            std::string::npos)
      << moved.err;
  // Without a conflict, no warning.
  Ran quiet = ok({"zone", "move", "a.example.", "--pool", "gold"});
  EXPECT_EQ(quiet.err.find("warning"), std::string::npos) << quiet.err;
  // The pools' attributes are a column of pool list.
  Ran pools = ok({"pool", "list", "-c", "name", "-c", "attributes", "-f", "value"});
  EXPECT_NE(pools.out.find("gold service_tier:gold"), std::string::npos) << pools.out;
}

TEST_F(MoveCli, DeletingAZoneInTransitDeletesItFromBothPools) {
  ok({"zone", "move", "a.example.", "--pool", "gold"});
  ok({"zone", "delete", "a.example."});
  EXPECT_EQ(
      targets(),
      (std::vector<std::string>{"gold gold-1 delete/pending", "standard std-1 delete/pending"}));
  ok({"sync"});
  EXPECT_EQ(dnsctl({"zone", "show", "a.example."}).code, 2);
}

TEST_F(MoveCli, RefusalsLeaveTheStoreAsItWas) {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  for (const auto& c : std::vector<Case>{
           {{"--pool", "standard"}, "zone a.example. is in pool standard already"},
           {{"--attributes", "service_tier:standard"},
            "is in pool standard already (the scheduler chose it)"},
           {{"--pool", "nosuch"}, "nosuch"},
           {{}, "say where to: --pool POOL or --attributes KEY:VALUE"},
           {{"--pool", "gold", "--attributes", "service_tier:gold"}, "excludes"},
           {{"--attributes", "pool_id:nope"}, "attribute pool_id:nope names no pool"},
       }) {
    std::string before = store_dump();
    std::vector<std::string> args{"zone", "move", "a.example."};
    args.insert(args.end(), c.args.begin(), c.args.end());
    Ran r = dnsctl(args);
    EXPECT_EQ(r.code, 2) << c.message;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
    EXPECT_EQ(store_dump(), before) << c.message;
  }
  ok({"zone", "move", "a.example.", "--pool", "gold"});
  // The old pool's servers still have the zone: the pool cannot go yet.
  std::string gold_only = k_pools;
  gold_only = gold_only.substr(0, gold_only.find("- name: standard"));
  Ran drop = dnsctl({"pool", "update", write_temp("gold.yaml", gold_only), "--delete"});
  EXPECT_EQ(drop.code, 2);
  EXPECT_NE(drop.err.find("pool standard cannot be deleted: it still holds 1 zone(s): a.example."),
            std::string::npos)
      << drop.err;
  Ran again = dnsctl({"zone", "move", "a.example.", "--pool", "standard"});
  EXPECT_EQ(again.code, 2);
  EXPECT_NE(again.err.find("is still moving from pool standard to gold"), std::string::npos)
      << again.err;
  ok({"sync"});
  ok({"zone", "delete", "a.example."});
  Ran deleting = dnsctl({"zone", "move", "a.example.", "--pool", "standard"});
  EXPECT_EQ(deleting.code, 2);
  EXPECT_NE(deleting.err.find("is being deleted"), std::string::npos) << deleting.err;
}
