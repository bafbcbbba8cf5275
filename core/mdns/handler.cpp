#include "core/mdns/handler.hpp"

#include "core/dns/rrtype.hpp"
#include "core/mdns/request.hpp"

#include <algorithm>
#include <chrono>

namespace dnsctl::mdns {

namespace {

constexpr uint16_t k_class_in = 1;
constexpr uint16_t k_class_any = 255;
constexpr size_t k_udp_floor = 512; // RFC 1035 §4.2.1

} // namespace

bool key_covers(const KeyInfo& key, const ZoneInfo& zone) {
  switch (key.scope) {
  case model::KeyScope::all:
    return true;
  case model::KeyScope::pool:
    return key.resource_id == zone.pool_uuid;
  case model::KeyScope::zone:
    return key.resource_id == zone.uuid;
  }
  return false;
}

bool transfers_without_key(const ServedSet& served,
                           const Limits& limits,
                           const Peer& peer,
                           std::optional<int64_t> pool_id) {
  std::string ip = peer.ip();
  if (ip.rfind("::ffff:", 0) == 0) {
    ip = ip.substr(7); // a dual-stack socket reports IPv4 clients as ::ffff:a.b.c.d
  }
  for (const auto& [pool, addresses] : served.pool_addresses) {
    if ((!pool_id || pool == *pool_id)
        && std::find(addresses.begin(), addresses.end(), ip) != addresses.end()) {
      return true;
    }
  }
  return std::any_of(limits.allow_transfer.begin(),
                     limits.allow_transfer.end(),
                     [&](const net::Cidr& c) { return c.contains(peer); });
}

dns::Response Request::reply(size_t max) const {
  dns::Response r(query, out, max);
  r.reserve(trailer());
  return r;
}

bool Request::send(dns::Response& r, uint16_t extended_rcode) const {
  r.release(trailer());
  if (edns) {
    r.add_opt(limits.udp_payload, extended_rcode, query.edns_do());
  }
  if (signer.active() && !r.sign(signer)) {
    return false;
  }
  return sink(r.wire());
}

void Request::send_rcode(uint16_t rcode) const {
  dns::Response r = reply(reply_max);
  r.set_rcode(rcode);
  send(r, rcode > 15 ? rcode : 0);
}

namespace {

// The log line of a request whose TSIG failed: who, which key, which error.
TransferLog tsig_failure(const dns::Query& q, uint16_t tsig_error) {
  TransferLog log;
  log.zone = q.qname().to_text();
  uint16_t t = q.qtype();
  log.kind = t == dns::rrtype::k_axfr || t == dns::rrtype::k_ixfr ? dns::type_to_text(t)
                                                                  : "query " + dns::type_to_text(t);
  log.key = q.tsig_key_name();
  log.refused = true;
  log.tsig_error = tsig_error == dns::rcode::k_badkey    ? "BADKEY"
                   : tsig_error == dns::rcode::k_badsig  ? "BADSIG"
                   : tsig_error == dns::rcode::k_badtime ? "BADTIME"
                                                         : "error " + std::to_string(tsig_error);
  return log;
}

} // namespace

Handler::Handler(ZoneSource& source)
    : m_source(source)
    , m_out(65535) {}

std::optional<TransferLog> Handler::handle(std::span<const uint8_t> request,
                                           const Peer& peer,
                                           const Limits& limits,
                                           const Sink& sink) {
  if (!dns::Query::is_request(request)) {
    return std::nullopt; // responses and runts get nothing: never answer an answer
  }
  auto parsed = dns::Query::parse(request);
  if (!parsed) {
    auto formerr = dns::Query::formerr_for(request);
    if (!formerr.empty()) {
      sink(formerr);
    }
    return std::nullopt;
  }
  const dns::Query& q = *parsed;
  bool edns = q.has_edns();
  size_t reply_max =
      peer.tcp ? 65535
      : edns ? std::max<size_t>(k_udp_floor, std::min<size_t>(q.edns_payload(), limits.udp_payload))
             : k_udp_floor;
  dns::Signer signer;
  Request req{q, peer, limits, sink, m_source, m_out, signer, nullptr, reply_max, edns};

  if (q.opcode() != dns::k_opcode_query) {
    req.send_rcode(dns::rcode::k_notimp);
    return std::nullopt;
  }
  if (q.qdcount() != 1) {
    req.send_rcode(dns::rcode::k_formerr);
    return std::nullopt;
  }
  // RFC 8945 §5.2: a key we do not know, or a MAC that does not verify, gets NOTAUTH
  // with the TSIG error, unsigned; BADTIME is signed (the signer stays active).
  if (q.has_tsig()) {
    const KeyInfo* key = m_source.served().find_key(q.tsig_key_name());
    uint16_t tsig_error = dns::rcode::k_badkey;
    if (key != nullptr && key->algorithm == q.tsig_algorithm()) {
      auto v = dns::Signer::verify(q, key->name, key->algorithm, key->secret);
      if (!v) {
        req.send_rcode(dns::rcode::k_formerr);
        return std::nullopt;
      }
      signer = std::move(v->first);
      tsig_error = v->second;
      req.key = key;
    }
    if (tsig_error != 0) {
      dns::Response r = req.reply(reply_max);
      r.set_rcode(dns::rcode::k_notauth);
      if (signer.active()) {
        req.send(r); // BADTIME: signed
      } else {
        r.release(req.trailer());
        if (edns) {
          r.add_opt(limits.udp_payload, 0, q.edns_do());
        }
        r.add_tsig_error(q, tsig_error);
        sink(r.wire());
      }
      return tsig_failure(q, tsig_error);
    }
  }
  // RFC 6891 §6.1.3: we speak EDNS version 0 only.
  if (edns && q.edns_version() > 0) {
    req.send_rcode(dns::rcode::k_badvers);
    return std::nullopt;
  }
  if (q.qclass() != k_class_in && q.qclass() != k_class_any) {
    req.send_rcode(dns::rcode::k_refused);
    return std::nullopt;
  }
  if (limits.tsig_enforce && req.key == nullptr) {
    req.send_rcode(dns::rcode::k_refused);
    return std::nullopt;
  }
  if (q.qtype() == dns::rrtype::k_axfr || q.qtype() == dns::rrtype::k_ixfr) {
    auto started = std::chrono::steady_clock::now();
    auto log = transfer(req);
    if (log) {
      log->ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
              .count();
    }
    return log;
  }
  // A DS record lives in the parent: at a zone apex it is the parent zone's answer.
  const ServedSet& set = m_source.served();
  const ZoneInfo* zone = set.find_zone(q.qname_key());
  if (zone != nullptr && q.qtype() == dns::rrtype::k_ds && zone->apex_key == q.qname_key()) {
    auto parent = zone->apex.parent().sort_key();
    if (const ZoneInfo* p = set.find_zone(parent); p != nullptr) {
      zone = p;
    }
  }
  if (zone == nullptr || (req.key != nullptr && !key_covers(*req.key, *zone))) {
    req.send_rcode(dns::rcode::k_refused);
    return std::nullopt;
  }
  answer_query(req, *zone);
  return std::nullopt;
}

} // namespace dnsctl::mdns
