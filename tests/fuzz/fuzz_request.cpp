// libFuzzer target for mdns's request path: message parsing, TSIG verification and
// dispatch to queries and transfers, exactly as the server calls it, on a zone in
// memory. Bits of the request id pick the transport and the limits, so the fuzzer
// explores UDP and TCP, enforced TSIG and small transfer messages without a framing
// of its own: the seeds are plain DNS messages (tests/data/packets/malformed.txt).
//
// Every reply must itself be a DNS message libknot parses, within the size the
// transport allows: a reply we could not send correctly is a bug too.

#include "core/mdns/handler.hpp"
#include "tests/support/memory_source.hpp"
#include "tests/support/packets.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace {

struct Target {
  dnsctl::test::MemorySource source;
  std::unique_ptr<dnsctl::mdns::Handler> handler;

  Target() {
    source.add_zone_file("example.net.",
                         std::string(DNSCTL_TEST_DATA) + "/zones/mdns/example.net.zone");
    source.add_zone_file("chains.test.",
                         std::string(DNSCTL_TEST_DATA) + "/zones/mdns/chains.test.zone");
    source.add_zone("other.org.", "@ 300 SOA ns hm 1 2 3 4 5\n@ 300 NS ns.example.org.\n", 2);
    source.allow(1, "127.0.0.1");
    source.add_key({"xfr.",
                    "hmac-sha256",
                    "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=",
                    dnsctl::model::KeyScope::all,
                    ""});
    source.add_key({"pool2.",
                    "hmac-sha1",
                    "c2VjcmV0c2VjcmV0c2VjcmV0",
                    dnsctl::model::KeyScope::pool,
                    "pool-2"});
    handler = std::make_unique<dnsctl::mdns::Handler>(source);
  }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Target* t = new Target(); // NOLINT: lives for the process, as in the server
  uint8_t bits = size >= 2 ? data[1] : 0;
  bool tcp = (bits & 1) != 0;
  dnsctl::mdns::Limits limits;
  limits.tsig_enforce = (bits & 2) != 0;
  if ((bits & 4) != 0) {
    limits.max_message = 512;
    limits.udp_payload = 512;
  }
  auto peer = dnsctl::test::peer(tcp, (bits & 8) != 0 ? "192.0.2.9" : "127.0.0.1");
  size_t cap = tcp ? 65535 : std::max<size_t>(512, limits.udp_payload);
  t->handler->handle({data, size}, peer, limits, [&](std::span<const uint8_t> m) {
    std::vector<uint8_t> reply(m.begin(), m.end());
    if (reply.size() > cap || !dnsctl::test::parse_reply(reply).parsed) {
      std::fprintf(stderr, "bad reply: %zu bytes (cap %zu)\n", reply.size(), cap);
      std::abort();
    }
    return true;
  });
  return 0;
}
