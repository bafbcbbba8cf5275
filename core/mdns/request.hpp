#pragma once
// What the parts of the handler share about the request being answered (internal to
// core/mdns).

#include "core/dns/message.hpp"
#include "core/mdns/handler.hpp"

namespace dnsctl::mdns {

struct Request {
  const dns::Query& query;
  const Peer& peer;
  const Limits& limits;
  const Sink& sink;
  ZoneSource& source;
  std::vector<uint8_t>& out;
  dns::Signer& signer; // inactive when the request is unsigned
  const KeyInfo* key;  // the verified key, or nullptr
  size_t reply_max;    // 512, the EDNS size, or 65535 over TCP
  bool edns;           // the reply carries an OPT RR

  // Room to keep free for the OPT and TSIG RRs.
  size_t trailer() const { return (edns ? 11 : 0) + signer.wire_size(); }
  // A reply in `out`, with room kept for OPT and TSIG.
  dns::Response reply(size_t max) const;
  // Adds OPT and TSIG and hands the message to the sink.
  bool send(dns::Response& r, uint16_t extended_rcode = 0) const;
  // A reply that is only an RCODE (and the question).
  void send_rcode(uint16_t rcode) const;
};

// A key may serve a zone: ALL keys any, POOL keys their pool's, ZONE keys their zone.
bool key_covers(const KeyInfo& key, const ZoneInfo& zone);

void answer_query(const Request& req, const ZoneInfo& zone);
std::optional<TransferLog> transfer(const Request& req);

} // namespace dnsctl::mdns
