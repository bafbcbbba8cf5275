// How sync reads a nameserver's answer to its SOA query: only the answer to its own
// message counts, and nothing a server (or anybody on the path) sends can crash it.

#include "core/dns/message.hpp"
#include "core/dns/rrtype.hpp"
#include "core/dns/soa.hpp"

#include <gtest/gtest.h>

using namespace dnsctl::dns;

namespace {

// The reply a server gives: QR, AA when `aa`, RCODE, and the SOA of `owner` (serial
// `serial`) in the answer section unless serial is 0.
std::vector<uint8_t>
reply(uint16_t id, const char* owner, uint32_t serial, bool aa, int rcode = 0) {
  std::vector<uint8_t> buf(512);
  Name apex = *Name::parse(owner);
  Response r(buf, id, k_opcode_query, apex, rrtype::k_soa);
  if (aa) {
    r.set_aa();
  }
  r.set_rcode(static_cast<uint16_t>(rcode));
  if (serial != 0) {
    auto soa =
        soa_rdata(*Name::parse("ns1.example.org."), *Name::parse("h.example.org."), serial, {});
    r.put_as_qname(Section::answer, rrtype::k_soa, 3600, pack_rdata({soa}));
  }
  size_t size = r.wire().size();
  buf.at(2) |= 0x80; // QR: a response (the message is written into buf)
  buf.resize(size);
  return buf;
}

} // namespace

TEST(SoaAnswer, TheSerialOfOurZoneFromOurAnswer) {
  Name apex = *Name::parse("example.org.");
  auto a = parse_soa_answer(reply(7, "example.org.", 2024010101, true), 7, apex);
  EXPECT_EQ(a.rcode, 0);
  EXPECT_TRUE(a.aa);
  ASSERT_TRUE(a.serial);
  EXPECT_EQ(*a.serial, 2024010101u);
  // Owner case does not matter (RFC 4343).
  EXPECT_EQ(parse_soa_answer(reply(7, "EXAMPLE.org.", 5, true), 7, apex).serial, 5u);
}

TEST(SoaAnswer, RefusedAndOtherZonesHaveNoSerial) {
  Name apex = *Name::parse("example.org.");
  auto refused = parse_soa_answer(reply(7, "example.org.", 0, false, rcode::k_refused), 7, apex);
  EXPECT_EQ(refused.rcode, rcode::k_refused);
  EXPECT_FALSE(refused.serial);
  EXPECT_FALSE(parse_soa_answer(reply(7, "example.net.", 9, true), 7, apex).serial);
}

TEST(SoaAnswer, NotOurAnswerOrMalformedIsIgnored) {
  Name apex = *Name::parse("example.org.");
  auto good = reply(7, "example.org.", 9, true);
  EXPECT_EQ(parse_soa_answer(good, 8, apex).rcode, -1); // another id
  auto query = good;
  query[2] &= 0x7f; // QR clear: a query, not an answer
  EXPECT_EQ(parse_soa_answer(query, 7, apex).rcode, -1);
  EXPECT_EQ(parse_soa_answer({good.data(), 11}, 7, apex).rcode, -1); // short of a header
  auto cut = good;
  cut.resize(cut.size() - 5); // the SOA cut short
  EXPECT_EQ(parse_soa_answer(cut, 7, apex).rcode, -1);
  auto extra = good;
  extra[7] = 3; // ANCOUNT says 3, one is there
  EXPECT_EQ(parse_soa_answer(extra, 7, apex).rcode, -1);
  EXPECT_EQ(parse_soa_answer({}, 7, apex).rcode, -1);
}
