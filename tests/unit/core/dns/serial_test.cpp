#include "core/dns/serial.hpp"

#include <gtest/gtest.h>

using dnsctl::dns::Serial;

TEST(Serial, ComparesInSequenceSpace) {
  EXPECT_TRUE(Serial(1) < Serial(2));
  EXPECT_TRUE(Serial(2) > Serial(1));
  EXPECT_TRUE(Serial(5) == Serial(5));
}

TEST(Serial, ComparesAcrossWrap) {
  // RFC 1982 §3.2: 4294967295 + 1 wraps to 0, which is greater.
  EXPECT_TRUE(Serial(0xffffffffu) < Serial(0));
  EXPECT_TRUE(Serial(0) > Serial(0xffffffffu));
  EXPECT_TRUE(Serial(0xfffffff0u) < Serial(0x10));
  EXPECT_TRUE(Serial(0x7fffffffu) > Serial(0));
  EXPECT_TRUE(Serial(0x80000001u) < Serial(0));
}

TEST(Serial, HalfSpaceApartIsUnordered) {
  auto r = Serial(0) <=> Serial(0x80000000u);
  EXPECT_EQ(r, std::partial_ordering::unordered);
  EXPECT_FALSE(Serial(0) < Serial(0x80000000u));
  EXPECT_FALSE(Serial(0) > Serial(0x80000000u));
}

TEST(Serial, NextIsUnixTimeWhenAhead) {
  EXPECT_EQ(Serial::next(Serial(1000), 2000).value(), 2000u);
}

TEST(Serial, NextIsOldPlusOneWhenClockIsBehind) {
  EXPECT_EQ(Serial::next(Serial(2000), 2000).value(), 2001u);
  EXPECT_EQ(Serial::next(Serial(2000), 1000).value(), 2001u);
}

TEST(Serial, NextWrapsModulo32Bits) {
  // A serial near the top of the space: old + 1 wraps, and still compares greater.
  Serial old(0xffffffffu);
  Serial n = Serial::next(old, 100); // time 100 is "ahead" of 2^32-1 in sequence space
  EXPECT_TRUE(n > old);
  // The clock is behind a serial at the top of the space: old + 1 wraps to 0.
  Serial top(0xffffffffu);
  Serial n2 = Serial::next(top, 0xfffffff0u);
  EXPECT_EQ(n2.value(), 0u);
  EXPECT_TRUE(n2 > top);
}
