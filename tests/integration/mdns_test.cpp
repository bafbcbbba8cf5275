// mdns against real clients (dig, kdig) and real secondaries (BIND named, Knot knotd)
// on loopback.

#include "core/dns/knot.hpp"
#include "core/dns/name.hpp"
#include "core/util/text.hpp"
#include "tests/integration/harness.hpp"

#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

using namespace dnsctl::itest;

namespace {

// A hand-made AXFR query for example.net., with its TCP length prefix.
const uint8_t k_axfr_query[] = {0, 29,  0x12, 0x34, 0,   0,   0,   1,   0,   0,   0,
                                0, 0,   0,    7,    'e', 'x', 'a', 'm', 'p', 'l', 'e',
                                3, 'n', 'e',  't',  0,   0,   252, 0,   1};

const char* k_pools = R"(- name: default
  ns_records: [{hostname: ns1.example.org.}, {hostname: ns2.example.org.}]
  targets:
    - type: bind9
      masters: [{host: 127.0.0.1, port: 5354}]
      options: {host: 127.0.0.1, port: 53, rndc_host: 127.0.0.1}
)";

// 127.0.0.1:port, for the hand-made clients below.
sockaddr_in loopback(uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string l;
  while (std::getline(in, l)) {
    if (!l.empty() && l[0] != ';') {
      out.push_back(l);
    }
  }
  return out;
}

// "owner ttl class type rdata" with runs of blanks made one space.
std::string squash(const std::string& l) {
  std::istringstream in(l);
  std::string w;
  std::string out;
  while (in >> w) {
    out += (out.empty() ? "" : " ") + w;
  }
  return out;
}

} // namespace

class MdnsTest : public ::testing::Test {
protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    m_dir = std::filesystem::temp_directory_path()
            / ("dnsctl-it-" + std::to_string(::getpid()) + "-" + info->name());
    std::filesystem::remove_all(m_dir);
    std::filesystem::create_directories(m_dir);
    m_db = (m_dir / "dnsctl.db").string();
    write_file(m_dir / "pools.yaml", k_pools);
    ASSERT_EQ(ctl({"pool", "update", (m_dir / "pools.yaml").string()}).code, 0);
  }
  void TearDown() override {
    if (HasFailure()) {
      for (auto* d : std::initializer_list<Daemon*>{&m_mdns, &m_named, &m_knot}) {
        std::string log = d->log();
        if (!log.empty()) {
          std::cerr << "---- log ----\n" << log.substr(log.size() > 6000 ? log.size() - 6000 : 0);
        }
      }
    }
    m_named.stop();
    m_knot.stop();
    m_mdns.stop();
    std::filesystem::remove_all(m_dir);
  }
  Ran ctl(const std::vector<std::string>& args, const std::string& input = "") {
    std::vector<std::string> argv{DNSCTL_BIN, "--db", m_db, "--config", "/dev/null"};
    argv.insert(argv.end(), args.begin(), args.end());
    dnsctl::process::Options o;
    o.stdin_data = input;
    auto r = dnsctl::process::run(argv, o);
    return r ? Ran{r->exit_code, r->out, r->err} : Ran{};
  }
  void import_all() {
    Ran r = ctl({"domain", "import", std::string(DNSCTL_TEST_DATA) + "/zones/good/all.zone"});
    ASSERT_EQ(r.code, 0) << r.err;
  }
  uint32_t serial(const std::string& zone) {
    auto j = nlohmann::json::parse(ctl({"domain", "show", zone, "-f", "json"}).out);
    return j["serial"].get<uint32_t>();
  }

  std::filesystem::path m_dir;
  std::string m_db;
  Mdns m_mdns;
  Named m_named;
  Knotd m_knot;
};

TEST_F(MdnsTest, AxfrByDigAndKdigHasEveryRecordAsStored) {
  DNSCTL_REQUIRE_TOOLS("dig", "kdig");
  import_all();
  ASSERT_TRUE(m_mdns.start(m_dir, m_db));
  Ran d = dig(m_mdns.port(), {"example.net.", "AXFR", "+nocomments", "+nostats", "+nocmd"});
  ASSERT_EQ(d.code, 0) << d.err;
  auto rrs = lines(d.out);
  // The SOA first and last (RFC 5936 §2.2), no other SOA between.
  ASSERT_GE(rrs.size(), 3u);
  EXPECT_NE(rrs.front().find("\tSOA\t"), std::string::npos);
  EXPECT_EQ(rrs.front(), rrs.back());
  size_t soas = 0;
  for (const auto& l : rrs) {
    soas += l.find("\tSOA\t") != std::string::npos ? 1 : 0;
  }
  EXPECT_EQ(soas, 2u);
  // kdig prints rdata with libknot, as the store does: compare record by record with
  // what `record list` holds.
  Ran k = kdig(m_mdns.port(), {"example.net.", "AXFR", "+nocomments"});
  ASSERT_EQ(k.code, 0) << k.err;
  std::multiset<std::string> got;
  for (const auto& l : lines(k.out)) {
    auto s = squash(l);
    if (s.find(" SOA ") == std::string::npos) {
      got.insert(s);
    }
  }
  std::multiset<std::string> want;
  auto sets = nlohmann::json::parse(ctl({"record", "list", "example.net", "-f", "json"}).out);
  for (const auto& rs : sets) {
    if (rs["type"] == "SOA") {
      continue;
    }
    int ttl = rs["ttl"].is_null() ? 3600 : rs["ttl"].get<int>();
    for (const auto& d2 : rs["data"]) {
      want.insert(rs["name"].get<std::string>() + " " + std::to_string(ttl) + " IN "
                  + rs["type"].get<std::string>() + " " + d2.get<std::string>());
    }
  }
  EXPECT_EQ(got, want);
  EXPECT_EQ(got.size() + 2, rrs.size());
  EXPECT_TRUE(m_mdns.log_has("[example.net.] AXFR, outgoing, remote 127.0.0.1@"));
}

TEST_F(MdnsTest, AnswersAndTheLatestSerialRightAfterACommit) {
  DNSCTL_REQUIRE_TOOLS("dig");
  import_all();
  ASSERT_TRUE(m_mdns.start(m_dir, m_db));
  uint16_t p = m_mdns.port();
  for (int i = 0; i < 3; ++i) {
    ctl({"record",
         "create",
         "example.net",
         "--name",
         "n" + std::to_string(i),
         "--type",
         "A",
         "--data",
         "192.0.2.1"});
    // No waiting: the next query sees the commit.
    EXPECT_EQ(soa_serial(p, "example.net."), serial("example.net"));
  }
  Ran nx = dig(p, {"nope.example.net.", "A"});
  EXPECT_NE(nx.out.find("status: NXDOMAIN"), std::string::npos);
  EXPECT_NE(nx.out.find("flags: qr aa"), std::string::npos);
  EXPECT_NE(nx.out.find("IN\tSOA\t"), std::string::npos); // RFC 2308: the SOA in authority
  Ran nodata = dig(p, {"www.example.net.", "MX"});
  EXPECT_NE(nodata.out.find("status: NOERROR"), std::string::npos);
  EXPECT_NE(nodata.out.find("ANSWER: 0, AUTHORITY: 1"), std::string::npos);
  Ran out = dig(p, {"example.com.", "SOA"});
  EXPECT_NE(out.out.find("status: REFUSED"), std::string::npos);
  Ran notimp = dig(p, {"example.net.", "SOA", "+opcode=2"});
  EXPECT_NE(notimp.out.find("status: NOTIMP"), std::string::npos);
  Ran badvers = dig(p, {"example.net.", "SOA", "+edns=1", "+noednsneg"});
  EXPECT_NE(badvers.out.find("status: BADVERS"), std::string::npos) << badvers.out;
  // dig always uses TCP for AXFR: send one over UDP by hand. RFC 5936 §4.2: refused.
  int s = ::socket(AF_INET, SOCK_DGRAM, 0);
  timeval tv{5, 0};
  ::setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  sockaddr_in a = loopback(p);
  ASSERT_EQ(::sendto(s,
                     k_axfr_query + 2,
                     sizeof(k_axfr_query) - 2,
                     0,
                     reinterpret_cast<sockaddr*>(&a),
                     sizeof(a)), // NOLINT
            static_cast<ssize_t>(sizeof(k_axfr_query) - 2));
  uint8_t reply[512];
  ssize_t n = ::recv(s, reply, sizeof(reply), 0);
  ::close(s);
  ASSERT_GE(n, 12);
  EXPECT_EQ(reply[0], 0x12);         // the query's id
  EXPECT_EQ(reply[3] & 0x0f, 5);     // REFUSED
  EXPECT_EQ(reply[6] + reply[7], 0); // no answer records
}

TEST_F(MdnsTest, UdpAnswersAreCutAtAnRRsetAndMarkedTc) {
  DNSCTL_REQUIRE_TOOLS("dig");
  import_all();
  std::vector<std::string> args{
      "record", "create", "example.net", "--name", "big", "--type", "TXT"};
  for (int i = 0; i < 20; ++i) {
    args.emplace_back("--data");
    args.emplace_back("\"" + std::string(90, static_cast<char>('a' + i)) + "\"");
  }
  ASSERT_EQ(ctl(args).code, 0);
  ASSERT_TRUE(m_mdns.start(m_dir, m_db));
  uint16_t p = m_mdns.port();
  // No EDNS: 512 bytes. The RRset (about 1900 bytes) does not fit: none of it is sent.
  Ran plain = dig(p, {"big.example.net.", "TXT", "+noedns", "+ignore"});
  EXPECT_NE(plain.out.find("flags: qr aa tc"), std::string::npos) << plain.out;
  EXPECT_NE(plain.out.find("ANSWER: 0"), std::string::npos) << plain.out;
  // EDNS 4096 asked, but our buffer is 1232: still truncated.
  Ran edns = dig(p, {"big.example.net.", "TXT", "+bufsize=4096", "+ignore"});
  EXPECT_NE(edns.out.find(" tc"), std::string::npos) << edns.out;
  EXPECT_NE(edns.out.find("udp: 1232"), std::string::npos) << edns.out;
  // With room for it, the whole RRset; over TCP too.
  Ran mdns_big = dig(p, {"www.example.net.", "A", "+noedns"});
  EXPECT_EQ(mdns_big.out.find(" tc"), std::string::npos);
  Ran tcp = dig(p, {"big.example.net.", "TXT", "+tcp"});
  EXPECT_NE(tcp.out.find("ANSWER: 20"), std::string::npos) << tcp.out;
}

TEST_F(MdnsTest, BindSecondaryLoadsTheZoneThenFollowsByIxfr) {
  DNSCTL_REQUIRE_TOOLS("named", "rndc", "rndc-confgen", "dig");
  import_all();
  ASSERT_TRUE(m_mdns.start(m_dir, m_db));
  ASSERT_TRUE(m_named.start(m_dir / "named", {{"example.net.", m_mdns.port(), "", ""}}));
  uint16_t ns = m_named.port();
  ASSERT_TRUE(wait_until([&] { return soa_serial(ns, "example.net.") == serial("example.net"); }));
  EXPECT_NE(dig(ns, {"www.example.net.", "A", "+short"}).out.find("192.0.2.1"), std::string::npos);
  EXPECT_NE(dig(ns, {"_sip._tcp.example.net.", "SRV", "+short"}).out.find("5060"),
            std::string::npos);

  ASSERT_EQ(
      ctl({"record", "set", "example.net", "www", "--type", "A", "--data", "192.0.2.77"}).code, 0);
  Ran n = ctl({"notify", "example.net", "--to", "127.0.0.1:" + std::to_string(ns)});
  EXPECT_EQ(n.code, 0) << n.out << n.err;
  EXPECT_NE(n.out.find("NOERROR"), std::string::npos) << n.out;
  ASSERT_TRUE(wait_until([&] { return soa_serial(ns, "example.net.") == serial("example.net"); }));
  EXPECT_EQ(dig(ns, {"www.example.net.", "A", "+short"}).out, "192.0.2.77\n");
  // mdns served the change as an IXFR, and BIND took a handful of records, not the zone.
  EXPECT_TRUE(wait_until([&] { return m_mdns.log_has("[example.net.] IXFR, outgoing"); }))
      << m_mdns.log();
  // At debug level 3 BIND logs how it was answered.
  EXPECT_TRUE(wait_until([&] { return m_named.log_has("got incremental response"); }))
      << m_named.log();
}

TEST_F(MdnsTest, KnotSecondaryFollowsByIxfr) {
  DNSCTL_REQUIRE_TOOLS("knotd", "knotc", "dig");
  import_all();
  ASSERT_TRUE(m_mdns.start(m_dir, m_db));
  ASSERT_TRUE(m_knot.start(m_dir / "knot", {{"example.net.", m_mdns.port(), "", ""}}));
  uint16_t kp = m_knot.port();
  ASSERT_TRUE(wait_until([&] { return soa_serial(kp, "example.net.") == serial("example.net"); }))
      << m_knot.log();
  ASSERT_EQ(ctl({"record", "apply", "example.net"}, "add knot1 300 A 192.0.2.91\ndel txt\n").code,
            0);
  Ran n = ctl({"notify", "example.net", "--to", "127.0.0.1:" + std::to_string(kp)});
  EXPECT_EQ(n.code, 0) << n.out << n.err;
  ASSERT_TRUE(wait_until([&] { return soa_serial(kp, "example.net.") == serial("example.net"); }));
  EXPECT_EQ(dig(kp, {"knot1.example.net.", "A", "+short"}).out, "192.0.2.91\n");
  EXPECT_NE(dig(kp, {"txt.example.net.", "TXT"}).out.find("NXDOMAIN"), std::string::npos);
  EXPECT_TRUE(m_knot.log_has("IXFR, incoming")) << m_knot.log();
  EXPECT_FALSE(m_knot.log_has("fallback to AXFR"));
}

TEST_F(MdnsTest, TsigSignedTransfersToBindAndDig) {
  DNSCTL_REQUIRE_TOOLS("named", "rndc", "rndc-confgen", "dig");
  import_all();
  auto key = nlohmann::json::parse(ctl({"tsigkey", "create", "xfr.example.net", "-f", "json"}).out);
  std::string secret = key["secret"];
  // Unsigned requests are refused: what works below is signed.
  ASSERT_TRUE(m_mdns.start(m_dir, m_db, {"--tsig-enforce"}));
  uint16_t p = m_mdns.port();
  EXPECT_NE(dig(p, {"example.net.", "SOA"}).out.find("status: REFUSED"), std::string::npos);
  Ran signed_axfr = dig(p, {"example.net.", "AXFR", "-y", "hmac-sha256:xfr.example.net:" + secret});
  EXPECT_EQ(signed_axfr.out.find("Couldn't verify"), std::string::npos) << signed_axfr.out;
  EXPECT_NE(signed_axfr.out.find("XFR size:"), std::string::npos) << signed_axfr.out;

  ASSERT_TRUE(m_named.start(m_dir / "named", {{"example.net.", p, "xfr.example.net.", secret}}));
  uint16_t ns = m_named.port();
  ASSERT_TRUE(wait_until([&] { return soa_serial(ns, "example.net.") == serial("example.net"); }));
  EXPECT_TRUE(m_mdns.log_has("AXFR, outgoing, remote 127.0.0.1@"));
  EXPECT_TRUE(m_mdns.log_has("key xfr.example.net."));
}

TEST_F(MdnsTest, WrongKeysGetBadsigAndBadkeyWithTheRequestId) {
  DNSCTL_REQUIRE_TOOLS("dig");
  import_all();
  ctl({"tsigkey", "create", "xfr.example.net"});
  ASSERT_TRUE(m_mdns.start(m_dir, m_db));
  uint16_t p = m_mdns.port();
  std::string wrong = "hmac-sha256:xfr.example.net:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
  Ran badsig = dig(p, {"example.net.", "SOA", "-y", wrong});
  EXPECT_NE(badsig.out.find("status: NOTAUTH"), std::string::npos) << badsig.out;
  EXPECT_NE(badsig.out.find("BADSIG"), std::string::npos) << badsig.out;
  Ran badkey = dig(p,
                   {"example.net.",
                    "SOA",
                    "-y",
                    "hmac-sha256:nosuch.key:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="});
  EXPECT_NE(badkey.out.find("BADKEY"), std::string::npos) << badkey.out;
  // dig matched the answers to its queries: same id, or it would have timed out.
  EXPECT_EQ(badkey.out.find("timed out"), std::string::npos);
  Ran axfr = dig(p, {"example.net.", "AXFR", "-y", wrong});
  // Issue 14, item 6: one line per failure, with the remote and the key, in the
  // grammar of the transfer lines.
  EXPECT_TRUE(wait_until([&] {
    return m_mdns.log_has("[example.net.] query SOA, remote 127.0.0.1@")
           && m_mdns.log_has(" UDP, key xfr.example.net., refused, TSIG BADSIG")
           && m_mdns.log_has(" UDP, key nosuch.key., refused, TSIG BADKEY")
           && m_mdns.log_has("[example.net.] AXFR, outgoing, remote 127.0.0.1@")
           && m_mdns.log_has(" TCP, key xfr.example.net., refused, TSIG BADSIG");
  })) << m_mdns.log();
}

TEST_F(MdnsTest, TransfersOutsideTheAclAreRefused) {
  DNSCTL_REQUIRE_TOOLS("dig");
  import_all();
  ASSERT_TRUE(m_mdns.start(m_dir, m_db));
  uint16_t p = m_mdns.port();
  // The pool's servers are at 127.0.0.1; 127.0.0.9 is nobody's.
  Ran refused = dig(p, {"example.net.", "AXFR", "-b", "127.0.0.9"});
  EXPECT_NE(refused.out.find("Transfer failed"), std::string::npos) << refused.out;
  EXPECT_TRUE(m_mdns.log_has("remote 127.0.0.9@"));
  EXPECT_TRUE(m_mdns.log_has("refused"));
  // Queries stay open.
  EXPECT_EQ(dig(p, {"www.example.net.", "A", "+short", "-b", "127.0.0.9"}).out,
            "192.0.2.1\n192.0.2.2\n");
  // --allow-transfer opens it to a block.
  m_mdns.stop();
  ASSERT_TRUE(m_mdns.start(m_dir, m_db, {"--allow-transfer", "127.0.0.8/29"}));
  Ran allowed = dig(m_mdns.port(), {"example.net.", "AXFR", "-b", "127.0.0.9"});
  EXPECT_NE(allowed.out.find("XFR size"), std::string::npos) << allowed.out;
}

TEST_F(MdnsTest, ASlowReaderHoldsUpNobodyAndIdleConnectionsClose) {
  DNSCTL_REQUIRE_TOOLS("dig");
  // A zone big enough that its AXFR fills the socket buffers.
  std::string zone = "$ORIGIN example.net.\n@ SOA ns hm 1 2 3 4 5\n@ NS ns.example.org.\n";
  for (int i = 0; i < 20000; ++i) {
    zone += "h" + std::to_string(i) + " A 192.0.2." + std::to_string(i % 250) + "\n";
  }
  write_file(m_dir / "big.zone", zone);
  ASSERT_EQ(ctl({"domain", "import", (m_dir / "big.zone").string()}).code, 0);
  ASSERT_TRUE(m_mdns.start(m_dir, m_db, {"--tcp-idle-timeout", "1"}));
  uint16_t p = m_mdns.port();
  auto connect_tcp = [&]() {
    int s = ::socket(AF_INET, SOCK_STREAM, 0);
    int small = 4096;
    ::setsockopt(s, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
    sockaddr_in a = loopback(p);
    EXPECT_EQ(::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof(a)), 0); // NOLINT
    return s;
  };
  // Ask for the AXFR (a hand-made query: dig always reads) and never read.
  int slow = connect_tcp();
  ASSERT_EQ(::send(slow, k_axfr_query, sizeof(k_axfr_query), 0),
            static_cast<ssize_t>(sizeof(k_axfr_query)));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // Meanwhile other transfers and queries go through at once.
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 3; ++i) {
    Ran r = dig(p, {"example.net.", "AXFR", "+stats"});
    EXPECT_NE(r.out.find("XFR size: 20004 records"), std::string::npos);
  }
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(dig(p, {"h7.example.net.", "A", "+short"}).out, "192.0.2.7\n");
  }
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(10));
  ::close(slow);
  // An idle connection is closed by the server after the idle timeout.
  int idle = connect_tcp();
  timeval tv{5, 0};
  ::setsockopt(idle, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  char c = 0;
  auto t1 = std::chrono::steady_clock::now();
  EXPECT_EQ(::recv(idle, &c, 1, 0), 0); // orderly close, not the 5 s receive timeout
  EXPECT_LT(std::chrono::steady_clock::now() - t1, std::chrono::seconds(4));
  ::close(idle);
}

namespace {

// One AXFR of `zone` over TCP, read to its last SOA: the serial it announces and how
// many A records it carries whose owner starts with "w". nullopt when it fails.
std::optional<std::pair<uint32_t, int>> axfr_count(uint16_t port, const std::string& zone) {
  auto name = dnsctl::dns::Name::parse(zone);
  std::vector<uint8_t> q{0, 0, 0x51, 0x52, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0};
  q.insert(q.end(), name->wire(), name->wire() + name->size());
  q.insert(q.end(), {0, 252, 0, 1});
  q[1] = static_cast<uint8_t>(q.size() - 2);
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  timeval tv{10, 0};
  ::setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  sockaddr_in a = loopback(port);
  std::optional<std::pair<uint32_t, int>> out;
  auto read_all = [&](uint8_t* p, size_t n) {
    while (n > 0) {
      ssize_t got = ::recv(s, p, n, 0);
      if (got <= 0) {
        return false;
      }
      p += got;
      n -= static_cast<size_t>(got);
    }
    return true;
  };
  if (::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0 // NOLINT
      && ::send(s, q.data(), q.size(), 0) == static_cast<ssize_t>(q.size())) {
    int soas = 0;
    uint32_t serial = 0;
    int ws = 0;
    uint8_t len[2];
    while (soas < 2 && read_all(len, 2)) {
      std::vector<uint8_t> msg((size_t{len[0]} << 8) | len[1]);
      if (!read_all(msg.data(), msg.size())) {
        break;
      }
      knot_pkt_t* pkt = knot_pkt_new(msg.data(), msg.size(), nullptr);
      if (knot_pkt_parse(pkt, 0) != KNOT_EOK || knot_wire_get_rcode(pkt->wire) != 0) {
        knot_pkt_free(pkt);
        break;
      }
      const knot_pktsection_t* an = knot_pkt_section(pkt, KNOT_ANSWER);
      for (uint16_t i = 0; i < an->count; ++i) {
        const knot_rrset_t* rr = knot_pkt_rr(an, i);
        if (rr->type == KNOT_RRTYPE_SOA) {
          serial = knot_soa_serial(rr->rrs.rdata);
          ++soas;
        } else if (rr->type == KNOT_RRTYPE_A && rr->owner[0] > 0 && rr->owner[1] == 'w') {
          ws += rr->rrs.count;
        }
      }
      knot_pkt_free(pkt);
    }
    if (soas == 2) {
      out.emplace(serial, ws);
    }
  }
  ::close(s);
  return out;
}

} // namespace

// Issue 14, item 5: a server that rejects our TSIG answers unsigned with the error in
// its TSIG RR (RFC 8945 §5.3.2); the report names the error and the key.
TEST_F(MdnsTest, NotifyNamesTheTsigErrorAndTheKey) {
  DNSCTL_REQUIRE_TOOLS("named", "rndc", "rndc-confgen");
  import_all();
  const std::string named_secret = "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=";
  ASSERT_TRUE(
      m_named.start(m_dir / "named", {{"example.net.", free_port(), "nkey.", named_secret}}));
  // The same key name with another secret, and a key named does not know.
  auto id_of = [](const Ran& r) { return r.out.substr(0, r.out.find('\n')); };
  std::string nkey = id_of(ctl({"tsigkey",
                                "create",
                                "nkey.",
                                "--secret",
                                "b3RoZXJvdGhlcm90aGVyb3RoZXJvdGhlcm90aGVyMTI=",
                                "-f",
                                "value",
                                "-c",
                                "id"}));
  std::string stranger = id_of(ctl({"tsigkey", "create", "stranger.", "-f", "value", "-c", "id"}));
  std::string port = std::to_string(m_named.port());
  std::string yaml = "- name: default\n  ns_records: [{hostname: ns1.example.org.}]\n  targets:\n";
  int n = 0;
  for (const auto& key : {nkey, stranger}) {
    yaml += "    - type: bind9\n      tsigkey_id: " + key
            + "\n      masters: [{host: 127.0.0.1, port: 5354}]\n      options: {host: 127.0.0.1, "
              "port: "
            + port + ", rndc_host: 127.0.0.1, rndc_port: " + std::to_string(9000 + n++) + "}\n";
  }
  write_file(m_dir / "keys.yaml", yaml);
  Ran up = ctl({"pool", "update", (m_dir / "keys.yaml").string()});
  ASSERT_EQ(up.code, 0) << up.err;
  Ran r = ctl({"notify", "example.net", "--timeout", "2", "-f", "json"});
  EXPECT_EQ(r.code, 1) << r.err;
  std::string errors;
  for (const auto& row : nlohmann::json::parse(r.out)) {
    errors += row["error"].get<std::string>() + "\n";
  }
  EXPECT_NE(errors.find("BADSIG: the server's secret for key nkey. (hmac-sha256) differs"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("BADKEY: the server does not know key stranger."), std::string::npos)
      << errors;
}

// Issue 14, item 9: under concurrent writes an AXFR announced serial S and carried a
// record committed at S+1. Each write here adds one record "wN" and bumps the serial
// by one, so a transfer at serial S must carry exactly S - S0 of them.
TEST_F(MdnsTest, AnAxfrIsOneMomentOfTheZoneUnderAConcurrentWriter) {
  ASSERT_EQ(ctl({"domain", "create", "race.test", "--email", "h@race.test"}).code, 0);
  for (int i = 0; i < 50; ++i) {
    ctl({"record",
         "create",
         "race.test",
         "--name",
         "h" + std::to_string(i),
         "--type",
         "A",
         "--data",
         "192.0.2.1"});
  }
  uint32_t s0 = serial("race.test");
  ASSERT_TRUE(m_mdns.start(m_dir, m_db, {}, "race.test."));
  std::atomic<bool> stop{false};
  std::atomic<int> writes{0};
  std::thread writer([&] {
    for (int i = 1; !stop; ++i) {
      Ran r = ctl({"record",
                   "create",
                   "race.test",
                   "--name",
                   "w" + std::to_string(i),
                   "--type",
                   "A",
                   "--data",
                   "192.0.2.2"});
      if (r.code != 0) {
        ADD_FAILURE() << r.err;
        return;
      }
      ++writes;
    }
  });
  std::atomic<int> transfers{0};
  std::atomic<int> mismatches{0};
  std::mutex m;
  std::string first_mismatch;
  std::vector<std::thread> readers;
  // 8 s, or longer until the writer has committed 20 times. Under ASan on two shared
  // cores three readers starved the writer (21 writes in 60 s, 13 once): one reader
  // there, which leaves the writer a core.
#ifdef DNSCTL_TEST_SANITIZED
  const int reader_count = 1;
  const int min_writes = 10; // a sanitized write takes 0.6 s alone, 2.4 s beside a reader
#else
  const int reader_count = 3;
  const int min_writes = 20;
#endif
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(8);
  auto last_call = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  for (int t = 0; t < reader_count; ++t) {
    readers.emplace_back([&] {
      while (true) {
        auto now = std::chrono::steady_clock::now();
        bool enough = writes >= 20 && transfers >= 500 && (now >= deadline || transfers >= 3000);
        if (enough || now >= last_call) {
          break;
        }
        auto got = axfr_count(m_mdns.port(), "race.test.");
        if (!got) {
          ++mismatches;
          continue;
        }
        ++transfers;
        if (static_cast<int64_t>(got->second) != static_cast<int64_t>(got->first - s0)) {
          ++mismatches;
          std::lock_guard<std::mutex> lock(m);
          if (first_mismatch.empty()) {
            first_mismatch = "serial " + std::to_string(got->first) + " carried "
                             + std::to_string(got->second) + " w records, not "
                             + std::to_string(got->first - s0);
          }
        }
      }
    });
  }
  for (auto& r : readers) {
    r.join();
  }
  stop = true;
  writer.join();
  std::cerr << transfers << " transfers beside " << writes << " writes\n";
  EXPECT_GE(writes, min_writes);
  EXPECT_GE(transfers, 500);
  EXPECT_EQ(mismatches, 0) << first_mismatch;
  // Issue 14, item 15: lines the threads logged at once are whole lines, not pieces
  // of several interleaved.
  std::istringstream log(m_mdns.log());
  std::string line;
  size_t lines = 0;
  while (std::getline(log, line)) {
    ++lines;
    EXPECT_EQ(line.rfind("dnsctl: ", 0), 0u) << line;
  }
  EXPECT_GE(lines, 500u);
}

// A second mdns, or anything else, on the mdns's port was silently shared through
// SO_REUSEPORT: half the queries went to the other process.
TEST_F(MdnsTest, APortInUseIsAnErrorNotShared) {
  import_all();
  ASSERT_TRUE(m_mdns.start(m_dir, m_db));
  std::string at = "127.0.0.1:" + std::to_string(m_mdns.port());
  Ran second = ctl({"mdns", "--listen", at});
  EXPECT_NE(second.code, 0);
  EXPECT_NE(second.err.find("in use by another process"), std::string::npos) << second.err;
  // A UDP socket alone on a port (a resolver, a test tool) is found too. The port is
  // one free for TCP as well: a port of the kernel's choice for UDP was at times some
  // other test's TCP port, and the TCP error came first. Another process may still take
  // the TCP port in between: then try another.
  Ran udp;
  for (int attempt = 0; attempt < 5; ++attempt) {
    uint16_t port = free_port();
    int u = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a = loopback(port);
    ASSERT_EQ(::bind(u, reinterpret_cast<sockaddr*>(&a), sizeof(a)), 0); // NOLINT
    udp = ctl({"mdns", "--listen", "127.0.0.1:" + std::to_string(port)});
    ::close(u);
    if (udp.err.find("(TCP)") == std::string::npos) {
      break;
    }
  }
  EXPECT_NE(udp.code, 0);
  EXPECT_NE(udp.err.find("(UDP): in use by another process"), std::string::npos) << udp.err;
}

// Issue 14, item 11: 300 idle connections that sent one byte each locked every new
// TCP client out, the secondaries' transfers included, for the idle timeout, again and
// again. Room is kept for the pools' servers, and any other address gets 16.
TEST_F(MdnsTest, IdleConnectionsDoNotLockTheSecondariesOut) {
  DNSCTL_REQUIRE_TOOLS("named", "rndc", "rndc-confgen", "dig");
  import_all();
  ASSERT_TRUE(m_mdns.start(m_dir, m_db, {"--tcp-idle-timeout", "30"}));
  uint16_t p = m_mdns.port();
  // From 127.0.0.2: not one of the pool's servers (its target is 127.0.0.1).
  std::vector<int> idle;
  for (int i = 0; i < 300; ++i) {
    int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in from{};
    from.sin_family = AF_INET;
    from.sin_addr.s_addr = htonl(0x7f000002);
    ::bind(s, reinterpret_cast<sockaddr*>(&from), sizeof(from)); // NOLINT
    sockaddr_in a = loopback(p);
    if (::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0) { // NOLINT
      uint8_t one = 0;
      ::send(s, &one, 1, MSG_NOSIGNAL);
    }
    idle.push_back(s);
  }
  auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(m_named.start(m_dir / "named", {{"example.net.", p, "", ""}}));
  EXPECT_TRUE(wait_until(
      [&] { return soa_serial(m_named.port(), "example.net.") == serial("example.net"); },
      std::chrono::seconds(8)))
      << "the secondary did not transfer beside 300 idle connections";
  Ran tcp = dig(p, {"+tcp", "www.example.net.", "A", "+short"});
  EXPECT_EQ(tcp.code, 0);
  EXPECT_FALSE(tcp.out.empty());
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(8));
  EXPECT_TRUE(m_mdns.log_has("from 127.0.0.2), closing a new one")) << m_mdns.log();
  for (int s : idle) {
    ::close(s);
  }
}

// A client that asks for a transfer and reads a little now and then is dropped after
// the write timeout, not kept for as long as it keeps reading a few bytes.
TEST_F(MdnsTest, TheWriteTimeoutCoversAWholeMessage) {
  std::string zone = "$ORIGIN example.net.\n@ SOA ns hm 1 2 3 4 5\n@ NS ns.example.org.\n";
  // 20 MB: more than the socket buffers on both sides hold.
  for (int i = 0; i < 100000; ++i) {
    zone += "h" + std::to_string(i) + " TXT \"" + std::string(200, 'x') + "\"\n";
  }
  write_file(m_dir / "big.zone", zone);
  ASSERT_EQ(ctl({"domain", "import", (m_dir / "big.zone").string()}).code, 0);
  ASSERT_TRUE(
      m_mdns.start(m_dir, m_db, {"--tcp-write-timeout", "2", "--max-message-size", "65535"}));
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  int small = 4096;
  ::setsockopt(s, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
  sockaddr_in a = loopback(m_mdns.port());
  ASSERT_EQ(::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof(a)), 0); // NOLINT
  ASSERT_EQ(::send(s, k_axfr_query, sizeof(k_axfr_query), 0),
            static_cast<ssize_t>(sizeof(k_axfr_query)));
  // Read 100 bytes every 200 ms: enough to restart a per-send timeout forever.
  auto t0 = std::chrono::steady_clock::now();
  bool ended = false;
  while (std::chrono::steady_clock::now() - t0 < std::chrono::seconds(12)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    char buf[100];
    ::recv(s, buf, sizeof(buf), MSG_DONTWAIT);
    if (m_mdns.log_has("incomplete (client gone)")) {
      ended = true;
      break;
    }
  }
  ::close(s);
  EXPECT_TRUE(ended) << m_mdns.log();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(8));
}

TEST_F(MdnsTest, NotifyReportsEachPeersAnswer) {
  DNSCTL_REQUIRE_TOOLS("named", "rndc", "rndc-confgen", "dig");
  import_all();
  ASSERT_TRUE(m_mdns.start(m_dir, m_db));
  ASSERT_TRUE(m_named.start(m_dir / "named", {{"example.net.", m_mdns.port(), "", ""}}));
  uint16_t dead = free_port();
  Ran r = ctl({"notify",
               "example.net",
               "--to",
               "127.0.0.1:" + std::to_string(m_named.port()),
               "--to",
               "127.0.0.1:" + std::to_string(dead),
               "--timeout",
               "2",
               "-f",
               "json"});
  EXPECT_EQ(r.code, 1) << r.err;
  auto rows = nlohmann::json::parse(r.out);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0]["rcode"], "NOERROR");
  EXPECT_EQ(rows[1]["rcode"], "");
  EXPECT_GE(rows[1]["attempts"].get<int>(), 2); // retried with back-off
  EXPECT_NE(rows[1]["error"].get<std::string>().find("no answer"), std::string::npos);
  EXPECT_NE(r.err.find("was not answered NOERROR by every peer"), std::string::npos);
}
