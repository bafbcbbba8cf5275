#pragma once
// Requests built and replies taken apart for the handler tests and the fuzz target,
// with libknot as a client would.

#include "core/mdns/handler.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dnsctl::test {

struct QueryOptions {
  uint16_t id = 0x1234;
  uint8_t opcode = 0;
  std::optional<uint16_t> edns_payload; // an OPT RR with this size
  uint8_t edns_version = 0;
  bool dnssec_ok = false;              // the DO bit in the OPT RR
  std::optional<uint32_t> ixfr_serial; // the client's SOA in the authority section
  std::string key_name;                // TSIG-sign with this key (hmac-sha256)
  std::string key_secret;              // base64
};

std::vector<uint8_t>
make_query(const std::string& qname, uint16_t qtype, const QueryOptions& o = {});

struct Reply {
  bool parsed = false;
  uint16_t id = 0;
  bool qr = false;
  bool aa = false;
  bool tc = false;
  uint16_t rcode = 0; // with the OPT RR's extended bits
  uint16_t qdcount = 0;
  std::vector<uint16_t> answer;         // types, in order
  std::vector<std::string> owners;      // of the answer RRs
  std::vector<uint16_t> authority;      // types
  std::vector<uint16_t> additional;     // types, OPT and TSIG included
  size_t answer_rrs = 0;                // RRs (an RRset of 3 counts 3)
  std::vector<std::string> answer_text; // "owner TTL TYPE rdata", one per RR
  size_t size = 0;
  std::optional<uint16_t> edns_payload;
  bool edns_do = false;
  std::optional<uint16_t> tsig_error;
};

Reply parse_reply(const std::vector<uint8_t>& wire);

// A peer on 127.0.0.1 (or `ip`), over UDP or TCP.
mdns::Peer peer(bool tcp, const std::string& ip = "127.0.0.1");

// Every message the handler sends for one request.
std::vector<std::vector<uint8_t>> ask(mdns::Handler& h,
                                      const std::vector<uint8_t>& request,
                                      bool tcp = false,
                                      const mdns::Limits& limits = {},
                                      const std::string& ip = "127.0.0.1");

} // namespace dnsctl::test
