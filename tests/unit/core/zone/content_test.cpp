#include "core/dns/name.hpp"
#include "core/zone/content.hpp"

#include <gtest/gtest.h>

using namespace dnsctl;

namespace {

void add(zone::ZoneContent& c,
         const char* owner,
         uint16_t type,
         uint32_t ttl,
         std::vector<uint8_t> rdata,
         uint32_t line) {
  auto n = dns::Name::parse(owner);
  c.add(n->wire(), type, ttl, rdata, line, 0);
}

} // namespace

TEST(ZoneContent, GroupsSortsAndDeduplicates) {
  zone::ZoneContent c;
  c.add_file("z.zone");
  add(c, "b.example.net.", 1, 300, {192, 0, 2, 2}, 1);
  add(c, "A.example.net.", 1, 300, {192, 0, 2, 1}, 2);
  add(c, "b.example.net.", 1, 300, {192, 0, 2, 1}, 3);
  add(c, "b.example.net.", 1, 300, {192, 0, 2, 2}, 4); // the same record again
  add(c, "example.net.", 6, 300, {0}, 5);
  auto warnings = c.finish();
  EXPECT_TRUE(warnings.empty());
  ASSERT_EQ(c.rrsets().size(), 3u);
  EXPECT_EQ(c.records(), 4u);
  auto name = [&](size_t i) {
    auto k = c.key(c.rrsets()[i]);
    return dns::Name::from_sort_key(k.data(), k.size()).to_text();
  };
  EXPECT_EQ(name(0), "example.net.");
  EXPECT_EQ(name(1), "a.example.net."); // owners are lower-cased
  EXPECT_EQ(name(2), "b.example.net.");
  EXPECT_EQ(c.rrsets()[2].count, 2u);
  EXPECT_EQ(c.rrsets()[2].line, 1u); // where the RRset's first record is
}

TEST(ZoneContent, TtlOfTheFirstRecordWinsWithAWarning) {
  zone::ZoneContent c;
  c.add_file("z.zone");
  add(c, "www.example.net.", 1, 600, {192, 0, 2, 2}, 9);
  add(c, "www.example.net.", 1, 300, {192, 0, 2, 1}, 4);
  auto warnings = c.finish();
  ASSERT_EQ(c.rrsets().size(), 1u);
  EXPECT_EQ(c.rrsets()[0].ttl, 300u);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0],
            "z.zone:9: TTL 600 differs from 300, the TTL of the RRset's first "
            "record (line 4): using 300");
}
