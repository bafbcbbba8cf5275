// The request path without sockets: packets in, packets out, from a zone in memory.
// The integration tests check the same behaviour against real clients; these pin each
// RFC rule down one case at a time.

#include "core/dns/message.hpp"
#include "core/dns/rrtype.hpp"
#include "core/mdns/handler.hpp"
#include "tests/support/memory_source.hpp"
#include "tests/support/packets.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>

using namespace dnsctl;
using namespace dnsctl::test;
namespace rt = dnsctl::dns::rrtype;
namespace rc = dnsctl::dns::rcode;

namespace {

// tests/data/zones/mdns/example.net.zone: apex NS and MX, www (A x2, AAAA), alias CNAME,
// *.wild TXT, a.b.c A (b.c and c are empty non-terminals), sub NS + DS with glue
// ns.sub A, big TXT (six 100-byte strings).
const std::string k_zone_file = std::string(DNSCTL_TEST_DATA) + "/zones/mdns/example.net.zone";
// CNAME chains, loops, wildcard CNAMEs, DNAMEs: see the file.
const std::string k_chains_file = std::string(DNSCTL_TEST_DATA) + "/zones/mdns/chains.test.zone";

// One of the pool's servers: it may transfer without a key.
const char* k_secondary = "192.0.2.200";
const char* k_secret = "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI="; // 32 bytes

class HandlerTest : public ::testing::Test {
protected:
  void SetUp() override {
    m_src.add_zone_file("example.net.", k_zone_file);
    m_src.add_zone_file("chains.test.", k_chains_file);
    m_src.add_zone("other.org.", "@ 300 SOA ns hm 1 2 3 4 5\n@ 300 NS ns.example.org.\n", 2);
    m_src.allow(1, k_secondary);
    m_src.add_key({"xfr.", "hmac-sha256", k_secret, model::KeyScope::all, ""});
    m_src.add_key({"pool2.", "hmac-sha256", k_secret, model::KeyScope::pool, "pool-2"});
  }

  // The one reply to a request (fails the test when there is not exactly one).
  Reply one(const std::vector<uint8_t>& q,
            bool tcp = false,
            const mdns::Limits& l = {},
            const std::string& ip = k_secondary) {
    auto msgs = ask(m_handler, q, tcp, l, ip);
    EXPECT_EQ(msgs.size(), 1u);
    return msgs.empty() ? Reply{} : parse_reply(msgs[0]);
  }

  MemorySource m_src;
  mdns::Handler m_handler{m_src};
};

struct QueryCase {
  const char* what;
  const char* qname;
  uint16_t qtype;
  uint16_t rcode;
  bool aa;
  std::vector<uint16_t> answer;
  std::vector<uint16_t> authority;
};

TEST_F(HandlerTest, AnswersEachKindOfNameAsRfc1034Says) {
  const std::vector<QueryCase> cases = {
      {"SOA at the apex", "example.net.", rt::k_soa, rc::k_noerror, true, {rt::k_soa}, {}},
      {"apex NS", "example.net.", rt::k_ns, rc::k_noerror, true, {rt::k_ns}, {}},
      {"an RRset of two", "www.example.net.", rt::k_a, rc::k_noerror, true, {rt::k_a}, {}},
      {"case does not matter",
       "WwW.ExAmPlE.NeT.",
       rt::k_aaaa,
       rc::k_noerror,
       true,
       {rt::k_aaaa},
       {}},
      {"NODATA: the SOA", "www.example.net.", rt::k_mx, rc::k_noerror, true, {}, {rt::k_soa}},
      {"NXDOMAIN: the SOA", "nope.example.net.", rt::k_a, rc::k_nxdomain, true, {}, {rt::k_soa}},
      {"empty non-terminal: NODATA (RFC 8020)",
       "b.c.example.net.",
       rt::k_a,
       rc::k_noerror,
       true,
       {},
       {rt::k_soa}},
      {"below a name with data",
       "x.www.example.net.",
       rt::k_a,
       rc::k_nxdomain,
       true,
       {},
       {rt::k_soa}},
      {"CNAME for another type: followed to its target",
       "alias.example.net.",
       rt::k_a,
       rc::k_noerror,
       true,
       {rt::k_cname, rt::k_a},
       {}},
      {"CNAME asked for",
       "alias.example.net.",
       rt::k_cname,
       rc::k_noerror,
       true,
       {rt::k_cname},
       {}},
      {"wildcard (RFC 4592)",
       "x.y.wild.example.net.",
       rt::k_txt,
       rc::k_noerror,
       true,
       {rt::k_txt},
       {}},
      {"wildcard, other type",
       "x.wild.example.net.",
       rt::k_a,
       rc::k_noerror,
       true,
       {},
       {rt::k_soa}},
      {"referral at the cut", "sub.example.net.", rt::k_a, rc::k_noerror, false, {}, {rt::k_ns}},
      {"referral below the cut",
       "deep.sub.example.net.",
       rt::k_a,
       rc::k_noerror,
       false,
       {},
       {rt::k_ns}},
      {"DS at the cut is ours", "sub.example.net.", rt::k_ds, rc::k_noerror, true, {rt::k_ds}, {}},
      {"ANY at the apex",
       "example.net.",
       rt::k_any,
       rc::k_noerror,
       true,
       {rt::k_soa, rt::k_ns, rt::k_mx},
       {}},
      {"outside our zones", "example.com.", rt::k_soa, rc::k_refused, false, {}, {}},
      {"the parent of a zone", "net.", rt::k_soa, rc::k_refused, false, {}, {}},
      {"another zone", "www.other.org.", rt::k_a, rc::k_nxdomain, true, {}, {rt::k_soa}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    Reply r = one(make_query(c.qname, c.qtype));
    ASSERT_TRUE(r.parsed);
    EXPECT_TRUE(r.qr);
    EXPECT_EQ(r.id, 0x1234);
    EXPECT_EQ(r.qdcount, 1);
    EXPECT_EQ(r.rcode, c.rcode);
    EXPECT_EQ(r.aa, c.aa);
    EXPECT_FALSE(r.tc);
    EXPECT_EQ(r.answer, c.answer);
    EXPECT_EQ(r.authority, c.authority);
  }
}

struct ChainCase {
  const char* what;
  const char* qname;
  uint16_t qtype;
  uint16_t rcode;
  bool aa;
  std::vector<std::string> answer; // "owner TYPE", in order
  std::vector<uint16_t> authority;
};

std::vector<std::string> answer_lines(const Reply& r) {
  std::vector<std::string> out;
  for (size_t i = 0; i < r.answer.size() && i < r.owners.size(); ++i) {
    out.push_back(r.owners[i] + " " + dns::type_to_text(r.answer[i]));
  }
  return out;
}

TEST_F(HandlerTest, CnamesAndDnamesAreFollowedInsideTheZone) {
  const std::vector<ChainCase> cases = {
      {"a chain of two (RFC 1034 §4.3.2 step 3a)",
       "one.chains.test.",
       rt::k_a,
       rc::k_noerror,
       true,
       {"one.chains.test. CNAME", "two.chains.test. CNAME", "host.chains.test. A"},
       {}},
      {"the CNAME itself asked for",
       "one.chains.test.",
       rt::k_cname,
       rc::k_noerror,
       true,
       {"one.chains.test. CNAME"},
       {}},
      {"ANY is not followed",
       "one.chains.test.",
       rt::k_any,
       rc::k_noerror,
       true,
       {"one.chains.test. CNAME"},
       {}},
      {"a target with no such type: NODATA after the chain",
       "one.chains.test.",
       rt::k_mx,
       rc::k_noerror,
       true,
       {"one.chains.test. CNAME", "two.chains.test. CNAME"},
       {rt::k_soa}},
      {"a loop ends where it comes back",
       "loop1.chains.test.",
       rt::k_a,
       rc::k_noerror,
       true,
       {"loop1.chains.test. CNAME", "loop2.chains.test. CNAME"},
       {}},
      {"a CNAME to itself",
       "self.chains.test.",
       rt::k_a,
       rc::k_noerror,
       true,
       {"self.chains.test. CNAME"},
       {}},
      {"a target in another zone is the resolver's to follow",
       "away.chains.test.",
       rt::k_a,
       rc::k_noerror,
       true,
       {"away.chains.test. CNAME"},
       {}},
      {"a target that does not exist: NXDOMAIN (RFC 6604)",
       "dead.chains.test.",
       rt::k_a,
       rc::k_nxdomain,
       true,
       {"dead.chains.test. CNAME"},
       {rt::k_soa}},
      {"a wildcard CNAME is synthesised and followed (RFC 4592 §2.2.2)",
       "x.y.wc.chains.test.",
       rt::k_a,
       rc::k_noerror,
       true,
       {"x.y.wc.chains.test. CNAME", "host.chains.test. A"},
       {}},
      {"a CNAME to a name the wildcard covers",
       "towild.chains.test.",
       rt::k_aaaa,
       rc::k_noerror,
       true,
       {"towild.chains.test. CNAME", "x.wc.chains.test. CNAME", "host.chains.test. AAAA"},
       {}},
      {"a CNAME into a delegation: the referral after it",
       "tosub.chains.test.",
       rt::k_a,
       rc::k_noerror,
       true,
       {"tosub.chains.test. CNAME"},
       {rt::k_ns}},
      {"below a DNAME: the DNAME and the CNAME made from it (RFC 6672 §3.2)",
       "x.dn.chains.test.",
       rt::k_a,
       rc::k_noerror,
       true,
       {"dn.chains.test. DNAME", "x.dn.chains.test. CNAME"},
       {}},
      {"the DNAME's own name is not redirected",
       "dn.chains.test.",
       rt::k_a,
       rc::k_noerror,
       true,
       {},
       {rt::k_soa}},
      {"the DNAME asked for",
       "dn.chains.test.",
       rt::k_dname,
       rc::k_noerror,
       true,
       {"dn.chains.test. DNAME"},
       {}},
      {"a DNAME into the zone is followed",
       "www.inside.chains.test.",
       rt::k_a,
       rc::k_noerror,
       true,
       {"inside.chains.test. DNAME",
        "www.inside.chains.test. CNAME",
        "www.in.target.chains.test. A"},
       {}},
      {"a CNAME to a name below a DNAME",
       "todn.chains.test.",
       rt::k_a,
       rc::k_noerror,
       true,
       {"todn.chains.test. CNAME",
        "inside.chains.test. DNAME",
        "www.inside.chains.test. CNAME",
        "www.in.target.chains.test. A"},
       {}},
      {"a substitute over 255 octets: YXDOMAIN (RFC 6672 §2.2)",
       "aaaaaaaaaaaaaaaaaaaa.grow.chains.test.",
       rt::k_a,
       rc::k_yxdomain,
       true,
       {"grow.chains.test. DNAME"},
       {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    Reply r = one(make_query(c.qname, c.qtype));
    ASSERT_TRUE(r.parsed);
    EXPECT_EQ(r.rcode, c.rcode);
    EXPECT_EQ(r.aa, c.aa);
    EXPECT_FALSE(r.tc);
    EXPECT_EQ(answer_lines(r), c.answer);
    EXPECT_EQ(r.authority, c.authority);
  }
}

TEST_F(HandlerTest, ADnameAtTheApexRedirectsEveryNameBelowIt) {
  m_src.add_zone("moved.test.",
                 "@ 300 SOA ns hm 1 2 3 4 5\n@ 300 NS ns.example.org.\n"
                 "@ 300 DNAME example.org.\n",
                 1);
  for (int i = 0; i < 2; ++i) { // the second answer comes from what the first found
    Reply r = one(make_query("www.moved.test.", rt::k_a));
    EXPECT_EQ(r.rcode, rc::k_noerror);
    EXPECT_EQ(r.answer_text,
              (std::vector<std::string>{"moved.test. 300 DNAME example.org.",
                                        "www.moved.test. 300 CNAME www.example.org."}));
  }
  // A zone without one: below its apex, names answer as before.
  EXPECT_EQ(one(make_query("www.example.net.", rt::k_a)).answer, std::vector<uint16_t>{rt::k_a});
  EXPECT_EQ(one(make_query("www.example.net.", rt::k_a)).answer, std::vector<uint16_t>{rt::k_a});
}

TEST_F(HandlerTest, TheSynthesisedCnameTakesTheDnamesTtlAndTarget) {
  Reply r = one(make_query("x.dn.chains.test.", rt::k_a));
  EXPECT_EQ(r.answer_text,
            (std::vector<std::string>{"dn.chains.test. 300 DNAME example.org.",
                                      "x.dn.chains.test. 300 CNAME x.example.org."}));
}

TEST_F(HandlerTest, AnswersKeepTheNamesAsAsked) {
  Reply wild = one(make_query("x.y.wild.example.net.", rt::k_txt));
  ASSERT_EQ(wild.owners.size(), 1u);
  EXPECT_EQ(wild.owners[0], "x.y.wild.example.net."); // synthesized, not "*.wild"
  Reply www = one(make_query("www.example.net.", rt::k_a));
  EXPECT_EQ(www.answer_rrs, 2u);
}

TEST_F(HandlerTest, AReferralCarriesTheGlueBelowTheCut) {
  Reply r = one(make_query("host.sub.example.net.", rt::k_a));
  EXPECT_EQ(r.authority, std::vector<uint16_t>{rt::k_ns});
  EXPECT_EQ(r.additional, std::vector<uint16_t>{rt::k_a});
}

TEST_F(HandlerTest, RefusesOpcodesAndClassesItDoesNotServe) {
  QueryOptions status;
  status.opcode = 2;
  EXPECT_EQ(one(make_query("example.net.", rt::k_soa, status)).rcode, rc::k_notimp);
  QueryOptions update;
  update.opcode = 5;
  EXPECT_EQ(one(make_query("example.net.", rt::k_soa, update)).rcode, rc::k_notimp);
  QueryOptions notify;
  notify.opcode = 4; // we are the primary: nobody notifies us
  EXPECT_EQ(one(make_query("example.net.", rt::k_soa, notify)).rcode, rc::k_notimp);
}

TEST_F(HandlerTest, EdnsIsEchoedAndOnlyVersionZeroSpoken) {
  QueryOptions e;
  e.edns_payload = 4096;
  Reply r = one(make_query("www.example.net.", rt::k_a, e));
  EXPECT_EQ(r.rcode, rc::k_noerror);
  ASSERT_TRUE(r.edns_payload.has_value());
  EXPECT_EQ(*r.edns_payload, 1232); // ours, not theirs
  Reply plain = one(make_query("www.example.net.", rt::k_a));
  EXPECT_FALSE(plain.edns_payload.has_value()); // no OPT to a client that sent none

  e.edns_version = 1;
  Reply v1 = one(make_query("www.example.net.", rt::k_a, e));
  EXPECT_EQ(v1.rcode, rc::k_badvers); // RFC 6891 §6.1.3
  EXPECT_TRUE(v1.answer.empty());
  ASSERT_TRUE(v1.edns_payload.has_value());
}

TEST_F(HandlerTest, TheDoBitIsCopiedIntoEveryAnswerWithAnOpt) {
  // RFC 3225 §3: whatever the answer, BADVERS and TSIG errors included.
  QueryOptions e;
  e.edns_payload = 1232;
  e.dnssec_ok = true;
  struct Case {
    const char* what;
    const char* qname;
    uint16_t qtype;
    uint8_t version;
    std::string key;
    uint16_t rcode;
  };
  const std::vector<Case> cases = {
      {"an answer", "www.example.net.", rt::k_a, 0, "", rc::k_noerror},
      {"the apex SOA", "example.net.", rt::k_soa, 0, "", rc::k_noerror},
      {"NXDOMAIN", "nope.example.net.", rt::k_a, 0, "", rc::k_nxdomain},
      {"REFUSED", "example.com.", rt::k_a, 0, "", rc::k_refused},
      {"BADVERS", "www.example.net.", rt::k_a, 1, "", rc::k_badvers},
      {"BADKEY", "www.example.net.", rt::k_a, 0, "nokey.", rc::k_notauth},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    QueryOptions o = e;
    o.edns_version = c.version;
    o.key_name = c.key;
    o.key_secret = k_secret;
    Reply r = one(make_query(c.qname, c.qtype, o));
    EXPECT_EQ(r.rcode, c.rcode);
    ASSERT_TRUE(r.edns_payload.has_value());
    EXPECT_TRUE(r.edns_do);
  }
  e.dnssec_ok = false;
  EXPECT_FALSE(one(make_query("www.example.net.", rt::k_a, e)).edns_do);
}

TEST_F(HandlerTest, UdpAnswersAreCutAtAnRRsetAndMarkedTc) {
  // Six 100-byte TXT records: about 640 bytes.
  Reply small = one(make_query("big.example.net.", rt::k_txt));
  EXPECT_TRUE(small.tc);
  EXPECT_TRUE(small.answer.empty()); // never half an RRset
  EXPECT_LE(small.size, 512u);
  QueryOptions e;
  e.edns_payload = 1232;
  Reply edns = one(make_query("big.example.net.", rt::k_txt, e));
  EXPECT_FALSE(edns.tc);
  EXPECT_EQ(edns.answer_rrs, 6u);
  // An advertised size below 512 counts as 512 (RFC 6891 §6.2.5).
  e.edns_payload = 100;
  Reply tiny = one(make_query("www.example.net.", rt::k_a, e));
  EXPECT_FALSE(tiny.tc);
  EXPECT_EQ(tiny.answer_rrs, 2u);
  // Over TCP there is room for everything.
  Reply tcp = one(make_query("big.example.net.", rt::k_txt), true);
  EXPECT_FALSE(tcp.tc);
  EXPECT_EQ(tcp.answer_rrs, 6u);
  // A smaller UDP limit of ours wins over the client's.
  mdns::Limits l;
  l.udp_payload = 512;
  e.edns_payload = 4096;
  Reply ours = one(make_query("big.example.net.", rt::k_txt, e), false, l);
  EXPECT_TRUE(ours.tc);
  EXPECT_EQ(*ours.edns_payload, 512);
}

// Every message of a transfer, parsed.
std::vector<Reply> all(const std::vector<std::vector<uint8_t>>& msgs) {
  std::vector<Reply> out;
  for (const auto& m : msgs) {
    out.push_back(parse_reply(m));
  }
  return out;
}

TEST_F(HandlerTest, AxfrIsSoaFirstAndLastOverTcpOnly) {
  auto msgs = all(ask(m_handler, make_query("example.net.", rt::k_axfr), true, {}, k_secondary));
  ASSERT_EQ(msgs.size(), 1u);
  const Reply& r = msgs[0];
  EXPECT_EQ(r.rcode, rc::k_noerror);
  EXPECT_TRUE(r.aa);
  EXPECT_EQ(r.qdcount, 1);
  ASSERT_GE(r.answer.size(), 3u);
  EXPECT_EQ(r.answer.front(), rt::k_soa);
  EXPECT_EQ(r.answer.back(), rt::k_soa);
  EXPECT_EQ(r.answer_rrs, 21u); // 19 records and the SOA twice
  // Not over UDP (RFC 5936 §4.2), not for a name that is not a zone apex.
  EXPECT_EQ(one(make_query("example.net.", rt::k_axfr)).rcode, rc::k_refused);
  EXPECT_EQ(one(make_query("www.example.net.", rt::k_axfr), true).rcode, rc::k_notauth);
  EXPECT_EQ(one(make_query("example.com.", rt::k_axfr), true).rcode, rc::k_notauth);
}

TEST_F(HandlerTest, AxfrSplitsIntoMessagesAtTheConfiguredSize) {
  mdns::Limits l;
  l.max_message = 512;
  auto msgs = all(ask(m_handler, make_query("example.net.", rt::k_axfr), true, l, k_secondary));
  ASSERT_GT(msgs.size(), 2u);
  size_t rrs = 0;
  for (size_t i = 0; i < msgs.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_TRUE(msgs[i].aa);
    EXPECT_EQ(msgs[i].qdcount, 1); // RFC 5936 §2.2.1: the question may repeat
    if (msgs[i].size > 512) {
      // The big TXT RRset (about 640 bytes) goes alone, whole, in a bigger message.
      EXPECT_EQ(msgs[i].answer, std::vector<uint16_t>{rt::k_txt});
      EXPECT_EQ(msgs[i].answer_rrs, 6u);
    }
    rrs += msgs[i].answer_rrs;
  }
  EXPECT_EQ(rrs, 21u);
  EXPECT_EQ(msgs.front().answer.front(), rt::k_soa);
  EXPECT_EQ(msgs.back().answer.back(), rt::k_soa);
}

TEST_F(HandlerTest, IxfrGivesTheSoaWhenUpToDateAndTheZoneWhenTheJournalIsShort) {
  QueryOptions o;
  o.ixfr_serial = 7;
  Reply same = one(make_query("example.net.", rt::k_ixfr, o), true);
  EXPECT_EQ(same.answer, std::vector<uint16_t>{rt::k_soa});
  o.ixfr_serial = 9; // ahead of us
  EXPECT_EQ(one(make_query("example.net.", rt::k_ixfr, o), true).answer,
            std::vector<uint16_t>{rt::k_soa});
  o.ixfr_serial = 3; // the memory source has no journal: the whole zone
  auto msgs = all(ask(m_handler, make_query("example.net.", rt::k_ixfr, o), true, {}, k_secondary));
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].answer_rrs, 21u);
  // Over UDP, what does not fit is the single SOA (RFC 1995 §2).
  EXPECT_EQ(one(make_query("example.net.", rt::k_ixfr, o)).answer,
            std::vector<uint16_t>{rt::k_soa});
  // An IXFR without the client's SOA is malformed (RFC 1995 §3).
  EXPECT_EQ(one(make_query("example.net.", rt::k_ixfr), true).rcode, rc::k_formerr);
  // Exactly 2^31 away (RFC 1982 §3.2: no order): the whole zone, not one SOA, which
  // would tell the client it is up to date and leave it waiting (issue 14, item 15).
  o.ixfr_serial = 7u + 0x80000000u;
  auto far = all(ask(m_handler, make_query("example.net.", rt::k_ixfr, o), true, {}, k_secondary));
  ASSERT_EQ(far.size(), 1u);
  EXPECT_EQ(far[0].answer_rrs, 21u);
}

TEST_F(HandlerTest, TransfersNeedAnAllowedAddressOrAKey) {
  auto axfr = make_query("example.net.", rt::k_axfr);
  // 127.0.0.1 is not one of the pool's servers.
  EXPECT_EQ(one(axfr, true, {}, "198.51.100.1").rcode, rc::k_refused);
  EXPECT_EQ(one(axfr, true, {}, k_secondary).rcode, rc::k_noerror);
  EXPECT_EQ(one(axfr, true, {}, "127.0.0.1").rcode, rc::k_refused);
  mdns::Limits l;
  l.allow_transfer.push_back(*net::Cidr::parse("198.51.100.0/24"));
  EXPECT_EQ(one(axfr, true, l, "198.51.100.1").rcode, rc::k_noerror);
  l.allow_transfer.push_back(*net::Cidr::parse("2001:db8::/32"));
  EXPECT_EQ(one(axfr, true, l, "2001:db8::5").rcode, rc::k_noerror);
  EXPECT_EQ(one(axfr, true, l, "2001:db9::5").rcode, rc::k_refused);
  // Queries stay open to everyone.
  EXPECT_EQ(one(make_query("example.net.", rt::k_soa), false, {}, "198.51.100.1").rcode,
            rc::k_noerror);
}

TEST_F(HandlerTest, TsigSignsEveryMessageAndRefusesBadKeys) {
  QueryOptions k;
  k.key_name = "xfr.";
  k.key_secret = k_secret;
  mdns::Limits l;
  l.max_message = 512;
  auto msgs =
      all(ask(m_handler, make_query("example.net.", rt::k_axfr, k), true, l, "198.51.100.1"));
  ASSERT_GT(msgs.size(), 1u);
  for (const auto& m : msgs) {
    EXPECT_EQ(m.rcode, rc::k_noerror);
    ASSERT_TRUE(m.tsig_error.has_value()); // signed, every one
    EXPECT_EQ(*m.tsig_error, 0);
  }
  // A key we do not know: NOTAUTH, BADKEY, the request's id.
  QueryOptions unknown = k;
  unknown.key_name = "nobody.";
  Reply badkey = one(make_query("example.net.", rt::k_axfr, unknown), true);
  EXPECT_EQ(badkey.rcode, rc::k_notauth);
  EXPECT_EQ(badkey.id, 0x1234);
  ASSERT_TRUE(badkey.tsig_error.has_value());
  EXPECT_EQ(*badkey.tsig_error, rc::k_badkey);
  // The right name with the wrong secret: BADSIG.
  QueryOptions wrong = k;
  wrong.key_secret = "d3JvbmdzZWNyZXR3cm9uZ3NlY3JldHdyb25nc2VjcmU=";
  Reply badsig = one(make_query("example.net.", rt::k_axfr, wrong), true);
  EXPECT_EQ(badsig.rcode, rc::k_notauth);
  ASSERT_TRUE(badsig.tsig_error.has_value());
  EXPECT_EQ(*badsig.tsig_error, rc::k_badsig);
  // Errors to signed requests are signed: an AXFR of a zone we do not have.
  Reply notauth = one(make_query("example.com.", rt::k_axfr, k), true);
  EXPECT_EQ(notauth.rcode, rc::k_notauth);
  ASSERT_TRUE(notauth.tsig_error.has_value());
  EXPECT_EQ(*notauth.tsig_error, 0);
}

TEST_F(HandlerTest, PoolScopedKeysSeeOnlyTheirPoolsZones) {
  QueryOptions k;
  k.key_name = "pool2.";
  k.key_secret = k_secret;
  EXPECT_EQ(one(make_query("other.org.", rt::k_axfr, k), true, {}, "198.51.100.1").rcode,
            rc::k_noerror);
  EXPECT_EQ(one(make_query("example.net.", rt::k_axfr, k), true, {}, "198.51.100.1").rcode,
            rc::k_refused);
}

TEST_F(HandlerTest, EnforcedTsigRefusesUnsignedQueriesAndTransfers) {
  mdns::Limits l;
  l.tsig_enforce = true;
  EXPECT_EQ(one(make_query("example.net.", rt::k_soa), false, l).rcode, rc::k_refused);
  EXPECT_EQ(one(make_query("example.net.", rt::k_axfr), true, l, k_secondary).rcode, rc::k_refused);
  QueryOptions k;
  k.key_name = "xfr.";
  k.key_secret = k_secret;
  Reply signed_soa = one(make_query("example.net.", rt::k_soa, k), false, l);
  EXPECT_EQ(signed_soa.rcode, rc::k_noerror);
  EXPECT_TRUE(signed_soa.tsig_error.has_value());
}

} // namespace

namespace {

std::vector<uint8_t> from_hex(const std::string& hex) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

const std::map<std::string, uint16_t> k_rcodes = {{"NOERROR", rc::k_noerror},
                                                  {"FORMERR", rc::k_formerr},
                                                  {"NOTIMP", rc::k_notimp},
                                                  {"REFUSED", rc::k_refused},
                                                  {"NOTAUTH", rc::k_notauth},
                                                  {"BADVERS", rc::k_badvers}};

} // namespace

// Each malformed request gets the one answer RFC 1035 and its successors allow, or
// none, and never brings the handler down (the fuzz target explores around these).
TEST_F(HandlerTest, MalformedRequestsGetFormerrOrNothing) {
  std::ifstream in(std::string(DNSCTL_TEST_DATA) + "/packets/malformed.txt");
  ASSERT_TRUE(in);
  std::string line;
  size_t cases = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') {
      continue;
    }
    auto bar1 = line.find(" | ");
    auto bar2 = line.find(" | ", bar1 + 3);
    ASSERT_NE(bar2, std::string::npos) << line;
    std::string expect = line.substr(0, bar1);
    std::string what = line.substr(bar1 + 3, bar2 - bar1 - 3);
    auto packet = from_hex(line.substr(bar2 + 3));
    SCOPED_TRACE(what);
    ++cases;
    for (bool tcp : {false, true}) {
      // "REFUSED/NOERROR": one answer over UDP, another over TCP.
      std::string want = expect.find('/') == std::string::npos ? expect
                         : tcp                                 ? expect.substr(expect.find('/') + 1)
                                                               : expect.substr(0, expect.find('/'));
      auto msgs = ask(m_handler, packet, tcp, {}, k_secondary);
      if (want == "none") {
        EXPECT_TRUE(msgs.empty());
        continue;
      }
      ASSERT_EQ(msgs.size(), 1u) << (tcp ? "tcp" : "udp");
      Reply r = parse_reply(msgs[0]);
      ASSERT_TRUE(r.parsed);
      EXPECT_TRUE(r.qr);
      EXPECT_EQ(r.id, 0x1234); // the client can match it to its query
      ASSERT_TRUE(k_rcodes.count(want) != 0) << want;
      EXPECT_EQ(r.rcode, k_rcodes.at(want)) << (tcp ? "tcp" : "udp");
      EXPECT_LE(r.size, tcp ? 65535u : 512u);
    }
  }
  EXPECT_GE(cases, 40u);
}
