#include "core/util/result.hpp"
#include "core/util/text.hpp"
#include "core/util/uuid.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

using namespace dnsctl;

namespace {

Result<int> parse_small(const std::string& s) {
  auto n = text::parse_uint(s, 0, 9);
  if (!n) {
    return make_error(Errc::invalid_input, "not a digit: " + s);
  }
  return static_cast<int>(*n);
}

Result<int> sum(const std::string& a, const std::string& b) {
  DNSCTL_TRY_ASSIGN(int x, parse_small(a));
  DNSCTL_TRY_ASSIGN(int y, parse_small(b));
  return x + y;
}

Status check_both(const std::string& a, const std::string& b) {
  DNSCTL_TRY(sum(a, b));
  DNSCTL_TRY([&]() -> Status {
    DNSCTL_TRY(parse_small(b)); // a TRY inside a TRY's lambda: no clash of names
    return {};
  }());
  return {};
}

} // namespace

TEST(ResultTest, TryReturnsTheFirstErrorAndAssignsValues) {
  EXPECT_EQ(*sum("2", "3"), 5);
  EXPECT_EQ(sum("x", "3").error().message, "not a digit: x");
  EXPECT_EQ(sum("2", "y").error().message, "not a digit: y");
  EXPECT_TRUE(check_both("1", "2"));
  EXPECT_EQ(check_both("1", "z").error().message, "not a digit: z");
}

TEST(ResultTest, ValueOfAnErrorThrowsWithTheError) {
  Result<int> r = make_error(Errc::not_found, "no such zone");
  try {
    (void)r.value();
    FAIL() << "no throw";
  } catch (const BadResultAccess& e) {
    EXPECT_NE(std::string(e.what()).find("no such zone"), std::string::npos) << e.what();
  }
}

TEST(TextTest, GlobMatchIsCaseInsensitiveAndLinear) {
  EXPECT_TRUE(text::glob_match("ex*", "Example.com."));
  EXPECT_TRUE(text::glob_match("*.com.", "example.com."));
  EXPECT_TRUE(text::glob_match("?x*e.c?m.", "example.com."));
  EXPECT_TRUE(text::glob_match("*", ""));
  EXPECT_FALSE(text::glob_match("ex", "example.com."));
  EXPECT_FALSE(text::glob_match("*.net.", "example.com."));
  // A pattern that backtracks exponentially in a naive matcher returns at once.
  std::string s(5000, 'a');
  EXPECT_FALSE(text::glob_match("*a*a*a*a*a*a*a*a*a*a*b", s));
}

TEST(TextTest, ParseSecondsIsTheOneParserOfSeconds) {
  using std::chrono::milliseconds;
  EXPECT_EQ(text::parse_seconds("0.05"), milliseconds(50));
  EXPECT_EQ(text::parse_seconds("10"), milliseconds(10000));
  EXPECT_EQ(text::parse_seconds("86400"), milliseconds(86400000));
  for (const char* bad : {"", "-1", "1s", "soon", "86401", "nan", "1e9"}) {
    EXPECT_FALSE(text::parse_seconds(bad)) << bad;
  }
  EXPECT_FALSE(text::parse_seconds("3601", 3600));
}

TEST(UuidTest, NameBasedIdsAreStableAndDistinct) {
  std::string a = uuid::from_name("zone www.example.com. 1");
  EXPECT_EQ(a, uuid::from_name("zone www.example.com. 1"));
  EXPECT_TRUE(uuid::is_valid(a));
  EXPECT_EQ(a[14], '8'); // version 8
  std::string b = uuid::from_name("zone www.example.com. 28");
  EXPECT_NE(a, b);
  // Names that differ only at the end still differ early in the id.
  EXPECT_NE(a.substr(0, 8), b.substr(0, 8));
  // Pinned: ids printed today must find the same recordset after an upgrade.
  EXPECT_EQ(a, "e481b5e0-f7b7-8e9e-93d9-9b96b957aa52");
}
