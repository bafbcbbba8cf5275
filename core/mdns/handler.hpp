#pragma once
// Packet in, packets out: one request answered from a ZoneSource. No sockets here
// (server.cpp owns them), so the tests feed packets straight in.
//
// Queries get authoritative answers with AA (NXDOMAIN and NODATA with the SOA, CNAME,
// wildcards, referrals below delegations), REFUSED outside our zones, FORMERR for
// malformed requests and NOTIMP for other opcodes; EDNS(0) sizes are honoured and
// answers that do not fit over UDP are cut at an RRset and marked TC. AXFR (RFC 5936)
// and IXFR (RFC 1995) stream over TCP; TSIG (RFC 8945) is verified and every message
// of a signed conversation is signed.

#include "core/mdns/zone_source.hpp"
#include "core/util/net.hpp"
#include "core/util/result.hpp"

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace dnsctl::mdns {

// Who sent a request: its address (ip(), port(), text() "192.0.2.1@53001") and how.
struct Peer : net::SockAddr {
  bool tcp = false;
};

struct Limits {
  uint16_t udp_payload = 1232;           // our EDNS buffer size; UDP answers never exceed it
  size_t max_message = 16384;            // each message of a transfer
  bool tsig_enforce = false;             // unsigned queries and transfers are refused
  std::vector<net::Cidr> allow_transfer; // --allow-transfer: may transfer without a key
};

// What a transfer did, for the log line.
struct TransferLog {
  std::string zone;
  // AXFR, IXFR, IXFR (AXFR fallback), IXFR (up to date); "query TYPE" for a query
  // whose TSIG failed (every other query goes unlogged)
  std::string kind;
  std::string key; // "" when unsigned
  uint32_t serial = 0;
  size_t records = 0;
  size_t messages = 0;
  size_t bytes = 0;
  bool refused = false;
  std::string tsig_error; // "BADSIG", "BADKEY", "BADTIME": the request's TSIG failed
  bool complete = false;
  double ms = 0; // from the request to the last message handed to the socket
};

// Who may transfer without a key: a server of the pool `pool_id` (of any pool when it
// is nullopt: the TCP acceptor keeps room for them) or an --allow-transfer block.
bool transfers_without_key(const ServedSet& served,
                           const Limits& limits,
                           const Peer& peer,
                           std::optional<int64_t> pool_id);

// Receives each message of the answer; false when the client is gone (stop).
using Sink = std::function<bool(std::span<const uint8_t>)>;

class Handler {
public:
  explicit Handler(ZoneSource& source);

  // Answers one request. Returns what a transfer did (nullopt for other requests).
  std::optional<TransferLog> handle(std::span<const uint8_t> request,
                                    const Peer& peer,
                                    const Limits& limits,
                                    const Sink& sink);

private:
  ZoneSource& m_source;
  std::vector<uint8_t> m_out;
};

} // namespace dnsctl::mdns
