#include "core/pools/diff.hpp"
#include "core/pools/parse.hpp"

#include <gtest/gtest.h>

using namespace dnsctl;
using pools::DeleteMissing;
using pools::PoolChange;

namespace {

const char* k_base = R"(- name: default
  description: Default
  attributes: {tier: gold}
  ns_records:
    - hostname: ns1.example.org.
      priority: 1
    - hostname: ns2.example.org.
      priority: 2
  nameservers:
    - host: 192.0.2.2
  targets:
    - type: bind9
      description: one
      masters: [{host: 192.0.2.1, port: 5354}]
      options: {rndc_host: 192.0.2.2, rndc_port: 953}
    - type: bind9
      description: two
      masters: [{host: 192.0.2.1, port: 5354}]
      options: {rndc_host: 192.0.2.3, rndc_port: 953}
  also_notifies:
    - host: 192.0.2.9
)";

// The "stored" side: parsed, with ids as the store would give them.
std::vector<model::Pool> stored(const std::string& yaml) {
  auto p = pools::parse_text(yaml, "t");
  EXPECT_TRUE(p) << p.error().message;
  int64_t id = 100;
  for (auto& pool : *p) {
    pool.id = ++id;
    pool.uuid = "00000000-0000-4000-8000-00000000000" + std::to_string(id % 10);
    for (auto& r : pool.ns_records)
      r.id = ++id;
    for (auto& n : pool.nameservers)
      n.id = ++id;
    for (auto& a : pool.also_notifies)
      a.id = ++id;
    for (auto& t : pool.targets) {
      t.id = ++id;
      t.uuid = "target-" + std::to_string(id);
      for (auto& m : t.masters)
        m.id = ++id;
    }
  }
  return *p;
}

pools::Diff
run(const std::string& before, const std::string& after, DeleteMissing del = DeleteMissing::no) {
  auto want = pools::parse_text(after, "t");
  EXPECT_TRUE(want) << want.error().message;
  return pools::diff(stored(before), *want, del);
}

std::string lines(const pools::Diff& d) {
  std::string s;
  for (const auto& l : d.lines)
    s += std::string(1, l.op) + std::string(static_cast<size_t>(l.depth) * 2, ' ') + l.text + "\n";
  return s;
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  auto pos = s.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  return s.replace(pos, from.size(), to);
}

} // namespace

TEST(PoolsDiff, IdenticalFileIsEmpty) {
  auto d = run(k_base, k_base);
  EXPECT_TRUE(d.empty()) << lines(d);
  EXPECT_TRUE(d.lines.empty());
}

TEST(PoolsDiff, NewPoolIsCreatedWithAllChildren) {
  auto d = run("[]", k_base);
  ASSERT_EQ(d.changes.size(), 1u);
  EXPECT_EQ(d.changes[0].kind, PoolChange::Kind::create);
  EXPECT_EQ(d.changes[0].new_targets.size(), 2u);
  EXPECT_NE(lines(d).find("+  ns_record ns1.example.org."), std::string::npos) << lines(d);
}

TEST(PoolsDiff, MissingPoolIsKeptUnlessDelete) {
  auto keep = run(k_base, "[]");
  EXPECT_TRUE(keep.empty());
  EXPECT_EQ(keep.kept, std::vector<std::string>{"default"});
  auto del = run(k_base, "[]", DeleteMissing::yes);
  ASSERT_EQ(del.changes.size(), 1u);
  EXPECT_EQ(del.changes[0].kind, PoolChange::Kind::remove);
}

TEST(PoolsDiff, ScalarAndAttributeChanges) {
  auto after = replace(replace(k_base, "description: Default", "description: New"),
                       "{tier: gold}",
                       "{tier: silver, zone: a}");
  auto d = run(k_base, after);
  auto l = lines(d);
  EXPECT_NE(l.find("~  description: \"Default\" -> \"New\""), std::string::npos) << l;
  EXPECT_NE(l.find("~  attribute tier: \"gold\" -> \"silver\""), std::string::npos) << l;
  EXPECT_NE(l.find("+  attribute zone: \"a\""), std::string::npos) << l;
  EXPECT_FALSE(d.changes[0].ns_changed);
}

TEST(PoolsDiff, NsRecordChangesKeepIdsAndFlagZones) {
  auto after = replace(k_base,
                       "    - hostname: ns2.example.org.\n      priority: 2\n",
                       "    - hostname: ns3.example.org.\n      priority: 2\n");
  auto d = run(k_base, after);
  ASSERT_EQ(d.changes.size(), 1u);
  EXPECT_TRUE(d.changes[0].ns_changed);
  auto l = lines(d);
  EXPECT_NE(l.find("+  ns_record ns3.example.org."), std::string::npos) << l;
  EXPECT_NE(l.find("-  ns_record ns2.example.org."), std::string::npos) << l;
  EXPECT_NE(d.changes[0].desired.ns_records[0].id, 0); // ns1 kept its id
  EXPECT_EQ(d.changes[0].desired.ns_records[1].id, 0); // ns3 is new
}

TEST(PoolsDiff, PriorityOnlyChangeDoesNotTouchZones) {
  auto after = replace(k_base, "priority: 2", "priority: 5");
  auto d = run(k_base, after);
  ASSERT_EQ(d.changes.size(), 1u);
  EXPECT_FALSE(d.changes[0].ns_changed);
  EXPECT_NE(lines(d).find("priority 2 -> 5"), std::string::npos);
}

TEST(PoolsDiff, NsOrderChangeMovesTheMname) {
  auto after =
      replace(replace(k_base, "ns1.example.org.", "nsX"), "ns2.example.org.", "ns1.example.org.");
  after = replace(after, "nsX", "ns2.example.org.");
  auto d = run(k_base, after);
  ASSERT_EQ(d.changes.size(), 1u);
  EXPECT_TRUE(d.changes[0].ns_changed);
}

TEST(PoolsDiff, NameserverAndAlsoNotifyChanges) {
  auto after = replace(replace(k_base, "    - host: 192.0.2.2\n", "    - host: 192.0.2.4\n"),
                       "    - host: 192.0.2.9\n",
                       "    - host: 192.0.2.9\n      port: 5300\n");
  auto l = lines(run(k_base, after));
  EXPECT_NE(l.find("+  nameserver 192.0.2.4 port 53"), std::string::npos) << l;
  EXPECT_NE(l.find("-  nameserver 192.0.2.2 port 53"), std::string::npos) << l;
  EXPECT_NE(l.find("+  also_notify 192.0.2.9 port 5300"), std::string::npos) << l;
  EXPECT_NE(l.find("-  also_notify 192.0.2.9 port 53"), std::string::npos) << l;
}

TEST(PoolsDiff, TargetOptionAndMasterChangesKeepTheTarget) {
  auto after = replace(k_base,
                       "options: {rndc_host: 192.0.2.3, rndc_port: 953}",
                       "options: {rndc_host: 192.0.2.3, rndc_port: 954, view: internal}");
  after = replace(after,
                  "      description: two\n      masters: [{host: 192.0.2.1, port: 5354}]",
                  "      description: two\n      masters: [{host: 192.0.2.7, port: 5354}]");
  auto d = run(k_base, after);
  ASSERT_EQ(d.changes.size(), 1u);
  const auto& c = d.changes[0];
  EXPECT_TRUE(c.new_targets.empty());
  ASSERT_EQ(c.moved_masters.size(), 1u);
  EXPECT_EQ(c.desired.targets[1].uuid, c.current->targets[1].uuid);
  auto l = lines(d);
  EXPECT_NE(l.find("~  target bind9 \"two\""), std::string::npos) << l;
  EXPECT_NE(l.find("~    option rndc_port: \"953\" -> \"954\""), std::string::npos) << l;
  EXPECT_NE(l.find("+    option view: \"internal\""), std::string::npos) << l;
  EXPECT_NE(l.find("+    master 192.0.2.7 port 5354"), std::string::npos) << l;
  EXPECT_NE(l.find("-    master 192.0.2.1 port 5354"), std::string::npos) << l;
}

TEST(PoolsDiff, TargetsAddedAndRemoved) {
  auto after = replace(k_base,
                       "    - type: bind9\n      description: two\n      masters: [{host: "
                       "192.0.2.1, port: 5354}]\n      options: {rndc_host: 192.0.2.3, rndc_port: "
                       "953}\n",
                       "    - type: bind9\n      description: three\n      masters: [{host: "
                       "192.0.2.1, port: 5354}]\n      options: {rndc_host: 192.0.2.5, rndc_port: "
                       "953}\n");
  auto d = run(k_base, after);
  ASSERT_EQ(d.changes.size(), 1u);
  // "three" shares neither description nor address with "two": another server, which
  // must get every zone from scratch.
  auto l = lines(d);
  EXPECT_NE(l.find("+  target bind9 \"three\""), std::string::npos) << l;
  EXPECT_NE(l.find("-  target bind9 \"two\""), std::string::npos) << l;
  EXPECT_EQ(d.changes[0].new_targets, std::vector<size_t>{1});
  auto with_third = replace(k_base,
                            "  also_notifies:",
                            "    - type: bind9\n      description: three\n"
                            "      masters: [{host: 192.0.2.1, port: 5354}]\n"
                            "  also_notifies:");
  auto d2 = run(k_base, with_third);
  ASSERT_EQ(d2.changes.size(), 1u);
  EXPECT_EQ(d2.changes[0].new_targets, std::vector<size_t>{2});
  auto d3 = run(with_third, k_base);
  EXPECT_NE(lines(d3).find("-  target bind9 \"three\""), std::string::npos) << lines(d3);
}

TEST(PoolsDiff, TargetsMatchByDescriptionWhenReordered) {
  auto swapped = std::string(R"(- name: default
  description: Default
  attributes: {tier: gold}
  ns_records:
    - hostname: ns1.example.org.
      priority: 1
    - hostname: ns2.example.org.
      priority: 2
  nameservers:
    - host: 192.0.2.2
  targets:
    - type: bind9
      description: two
      masters: [{host: 192.0.2.1, port: 5354}]
      options: {rndc_host: 192.0.2.3, rndc_port: 953}
    - type: bind9
      description: one
      masters: [{host: 192.0.2.1, port: 5354}]
      options: {rndc_host: 192.0.2.2, rndc_port: 953}
  also_notifies:
    - host: 192.0.2.9
)");
  auto d = run(k_base, swapped);
  ASSERT_EQ(d.changes.size(), 1u);
  const auto& c = d.changes[0];
  EXPECT_EQ(c.desired.targets[0].uuid, c.current->targets[1].uuid);
  EXPECT_TRUE(c.new_targets.empty());
  EXPECT_TRUE(c.moved_masters.empty());
}

TEST(PoolsDiff, CatalogZoneChange) {
  auto after = std::string(k_base) + "  catalog_zone:\n    catalog_zone_fqdn: cat.example.org.\n";
  auto l = lines(run(k_base, after));
  EXPECT_NE(l.find("~  catalog_zone: none -> cat.example.org."), std::string::npos) << l;
}
