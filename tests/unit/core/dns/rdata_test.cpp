#include "core/dns/rdata.hpp"
#include "core/dns/rrtype.hpp"

#include <gtest/gtest.h>

using namespace dnsctl::dns;

namespace {

struct Case {
  const char* type;
  const char* data;
  const char* expect; // normalized presentation form, or nullptr when invalid
};

// Valid and invalid inputs in one table, for every type the issue names.
const Case k_cases[] = {
    {"A", "192.0.2.1", "192.0.2.1"},
    {"A", "192.0.2.256", nullptr},
    {"A", "2001:db8::1", nullptr},
    {"AAAA", "2001:DB8::1", "2001:db8::1"},
    {"AAAA", "192.0.2.1", nullptr},
    {"CNAME", "www", "www.example.com."},
    {"CNAME", "target.example.org.", "target.example.org."},
    {"CNAME", "a..b", nullptr},
    {"MX", "10 mail", "10 mail.example.com."},
    {"MX", "10 Mail.Example.ORG.", "10 mail.example.org."},
    {"MX", "70000 mail", nullptr},
    {"MX", "mail", nullptr},
    {"NS", "ns1.example.org.", "ns1.example.org."},
    {"NS", "", nullptr},
    {"PTR", "host.example.org.", "host.example.org."},
    {"PTR", "1 2", nullptr},
    {"SRV", "10 60 5060 sip.example.org.", "10 60 5060 sip.example.org."},
    {"SRV", "10 60 sip.example.org.", nullptr},
    {"SRV", "10 60 70000 sip.example.org.", nullptr},
    {"TXT", "\"v=spf1 -all\"", "\"v=spf1 -all\""},
    {"TXT", "hello world", "\"hello\" \"world\""},
    {"TXT", "\"unterminated", nullptr},
    {"SPF", "\"v=spf1 mx -all\"", "\"v=spf1 mx -all\""},
    {"CAA", "0 issue \"letsencrypt.org\"", "0 issue \"letsencrypt.org\""},
    {"CAA", "0 issue", nullptr},
    {"CAA", "256 issue \"ca.example.net\"", nullptr},
    {"SSHFP",
     "1 1 0123456789abcdef0123456789abcdef01234567",
     "1 1 0123456789ABCDEF0123456789ABCDEF01234567"},
    {"SSHFP", "1 1 nothex", nullptr},
    {"NAPTR",
     "100 10 \"U\" \"E2U+sip\" \"!^.*$!sip:info@example.com!\" .",
     "100 10 \"U\" \"E2U+sip\" \"!^.*$!sip:info@example.com!\" ."},
    {"NAPTR", "100 10 U", nullptr},
    {"CERT", "PGP 0 0 AAECAwQF", "3 0 0 AAECAwQF"},
    {"CERT", "PGP 0 0 !!notbase64", nullptr},
    {"DS",
     "60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118",
     "60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118"},
    {"DS", "60485 5 1 XYZ", nullptr},
    {"TLSA",
     "3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
     "3 1 1 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF"},
    {"TLSA", "3 1 1 zz", nullptr},
};

} // namespace

TEST(Rdata, ParsesEveryNamedTypeGoodAndBad) {
  auto origin = *Name::parse("example.com.");
  RdataParser parser;
  for (const auto& c : k_cases) {
    SCOPED_TRACE(std::string(c.type) + " " + c.data);
    auto type = parse_storable_type(c.type);
    ASSERT_TRUE(type) << type.error().message;
    auto r = parser.parse(origin, *type, c.data);
    if (c.expect == nullptr) {
      ASSERT_FALSE(r);
      EXPECT_NE(r.error().message.find(c.type), std::string::npos) << r.error().message;
    } else {
      ASSERT_TRUE(r) << r.error().message;
      EXPECT_EQ(rdata_to_text(*type, *r), c.expect);
    }
  }
}

TEST(Rdata, RefusesWhatWouldEscapeTheLine) {
  auto origin = *Name::parse("example.com.");
  RdataParser parser;
  EXPECT_FALSE(parser.parse(origin, rrtype::k_txt, "\"a\"\nevil IN A 192.0.2.1"));
  auto comment = parser.parse(origin, rrtype::k_txt, "visible ; hidden");
  ASSERT_FALSE(comment);
  EXPECT_NE(comment.error().message.find("';'"), std::string::npos);
  EXPECT_TRUE(parser.parse(origin, rrtype::k_txt, "\"semi;colon\""));
  EXPECT_TRUE(parser.parse(origin, rrtype::k_txt, "semi\\;colon"));
  EXPECT_FALSE(parser.parse(origin, rrtype::k_a, "   "));
}

TEST(Rdata, CanonicalFormMakesSpellingsEqual) {
  auto origin = *Name::parse("example.com.");
  RdataParser parser;
  auto a = parser.parse(origin, rrtype::k_mx, "10 MAIL.example.com.");
  auto b = parser.parse(origin, rrtype::k_mx, "10 mail");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a, *b);
}

TEST(Rdata, PackRoundTrips) {
  std::vector<Rdata> in{{1, 2, 3}, {}, {9}};
  auto blob = pack_rdata(in);
  EXPECT_EQ(unpack_rdata(blob.data(), blob.size()), in);
  // A truncated blob yields what was whole, never reads past the end.
  EXPECT_EQ(unpack_rdata(blob.data(), blob.size() - 1).size(), 2u);
}

TEST(RrType, AcceptsStorableTypesOnly) {
  EXPECT_TRUE(parse_storable_type("a"));
  EXPECT_TRUE(parse_storable_type("TLSA"));
  auto soa = parse_storable_type("SOA");
  ASSERT_FALSE(soa);
  EXPECT_NE(soa.error().message.find("managed"), std::string::npos);
  EXPECT_FALSE(parse_storable_type("RRSIG"));
  EXPECT_FALSE(parse_storable_type("AXFR"));
  auto bogus = parse_storable_type("BOGUS");
  ASSERT_FALSE(bogus);
  EXPECT_NE(bogus.error().message.find("expected one of"), std::string::npos);
}
