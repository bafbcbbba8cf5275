#include "core/zonefile/generate.hpp"

#include <gtest/gtest.h>

using dnsctl::zonefile::expand_generate;
using dnsctl::zonefile::is_generate_line;

namespace {

struct Case {
  const char* args;
  const char* expect; // the lines, or the error fragment when `ok` is false
  bool ok;
};

// BIND's $GENERATE, good and bad inputs in one table.
const Case k_cases[] = {
    {"1-3 host$ A 192.0.2.$", "host1 A 192.0.2.1\nhost2 A 192.0.2.2\nhost3 A 192.0.2.3\n", true},
    {"0-4/2 h$ 300 IN A 192.0.2.$",
     "h0 300 IN A 192.0.2.0\nh2 300 IN A 192.0.2.2\nh4 300 IN A 192.0.2.4\n",
     true},
    {"1-2 h${10} CNAME t${-1}", "h11 CNAME t0\nh12 CNAME t1\n", true},
    {"9-10 h${0,3} A 192.0.2.1", "h009 A 192.0.2.1\nh010 A 192.0.2.1\n", true},
    {"255-255 h${0,2,x}-${0,2,X}-${0,0,o} A 192.0.2.1", "hff-FF-377 A 192.0.2.1\n", true},
    {"10-10 ${0,4,n} PTR h$.example.net.", "a.0.0.0 PTR h10.example.net.\n", true},
    {"171-171 ${0,2,N} PTR x.", "B.A PTR x.\n", true},
    {"1-1 a\\$b$ TXT \"$$\"", "a$b1 TXT \"$\"\n", true},
    {"1-1 h$ IN 60 A 192.0.2.$ ; a comment", "h1 IN 60 A 192.0.2.1\n", true},
    {"5-1 h$ A 192.0.2.1", "range \"5-1\"", false},
    {"1-2/0 h$ A 192.0.2.1", "step", false},
    {"a-b h$ A 192.0.2.1", "range \"a-b\"", false},
    {"1-2 h${0,2,q} A 192.0.2.1", "bad base", false},
    {"1-2 h${0 A 192.0.2.1", "unclosed ${", false},
    {"1-2 h$", "needs a range, an owner, a type and rdata", false},
    {"1-2 h${-5} A 192.0.2.1", "negative", false},
};

} // namespace

TEST(Generate, ExpandsLikeBind) {
  for (const auto& c : k_cases) {
    SCOPED_TRACE(c.args);
    std::string out;
    auto r = expand_generate(c.args, out);
    if (c.ok) {
      ASSERT_TRUE(r) << r.error().message;
      EXPECT_EQ(out, c.expect);
    } else {
      ASSERT_FALSE(r);
      EXPECT_NE(r.error().message.find(c.expect), std::string::npos) << r.error().message;
    }
  }
}

TEST(Generate, RefusesHugeRanges) {
  std::string out;
  auto r = expand_generate("0-4294967295 h$ A 192.0.2.1", out, 1000);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("more than 1000"), std::string::npos);
  EXPECT_TRUE(out.empty());
}

TEST(Generate, RecognisesTheDirective) {
  EXPECT_TRUE(is_generate_line("$GENERATE 1-2 a A 192.0.2.1"));
  EXPECT_TRUE(is_generate_line("$generate\t1-2 a A 192.0.2.1"));
  EXPECT_FALSE(is_generate_line(" $GENERATE 1-2"));
  EXPECT_FALSE(is_generate_line("$GENERATEX 1-2"));
}
