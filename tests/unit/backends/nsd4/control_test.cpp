// nsd-control addzones/delzones replies as NSD 4.6.1 prints them, including the
// delete of an absent zone that Designate retried into ERROR (it looked for "not found").
#include "backends/nsd4/control.hpp"

#include <gtest/gtest.h>

using namespace dnsctl::backends::nsd4;
using Kind = LineOutcome::Kind;

TEST(NsdControl, AddzonesReplies) {
  auto r = read_addzones("added: a.test.\n"
                         "zone b.test. already exists\n"
                         "added: b.test.\n"
                         "error pattern nopat does not exist\n"
                         "error for input line 'c.test.'\n"
                         "added 2 zones\n");
  EXPECT_EQ(r["a.test."].kind, Kind::done);
  EXPECT_EQ(r["b.test."].kind, Kind::exists); // NSD says "added" too: the zone was there
  EXPECT_EQ(r["c.test."].kind, Kind::failed);
  EXPECT_EQ(r["c.test."].message, "error pattern nopat does not exist");
  EXPECT_FALSE(r.contains("d.test."));
}

TEST(NsdControl, DelzonesReplies) {
  auto r = read_delzones("removed: a.test.\n"
                         "warning zone zz.test. not present\n"
                         "error for input line 'zz.test.'\n"
                         "error zone defined in nsd.conf, cannot delete it in this manner: "
                         "remove it from nsd.conf yourself and repattern\n"
                         "error for input line 'static.test.'\n"
                         "deleted 1 zones\n");
  EXPECT_EQ(r["a.test."].kind, Kind::done);
  EXPECT_EQ(r["zz.test."].kind, Kind::missing);
  EXPECT_EQ(r["static.test."].kind, Kind::failed);
  EXPECT_NE(r["static.test."].message.find("defined in nsd.conf"), std::string::npos);
}

TEST(NsdControl, Zonestatus) {
  std::string one = "zone:\tb.test.\n\tpattern: slave\n\tstate: refreshing\n";
  EXPECT_EQ(zonestatus_pattern(one), "slave");
  auto all = zonestatus_all(one + "zone:\tc.test.\n\tpattern: other\n");
  EXPECT_EQ(all.size(), 2U);
  EXPECT_EQ(all["c.test."], "other");
}
