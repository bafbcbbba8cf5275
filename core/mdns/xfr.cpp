// Zone transfers out: AXFR (RFC 5936) and IXFR (RFC 1995), over TCP, TSIG-signed
// message by message when the request was (RFC 8945 §5.3.1).

#include "core/dns/rrtype.hpp"
#include "core/dns/serial.hpp"
#include "core/mdns/request.hpp"

#include <algorithm>
#include <array>

namespace dnsctl::mdns {
namespace {

// Fills messages up to the size limit and sends each when full: many RRs per message,
// RRsets never split, the question in every message.
class Stream {
public:
  Stream(const Request& req, TransferLog& log)
      : m_req(req)
      , m_log(log)
      , m_max(std::min<size_t>(req.limits.max_message, 65535)) {
    start();
  }

  // Adds one RRset; false when the client went away (or an RRset fits no message).
  bool put(std::span<const uint8_t> owner_wire,
           uint16_t type,
           uint32_t ttl,
           std::span<const uint8_t> packed) {
    if (m_r->append(owner_wire, type, ttl, packed)) {
      count(packed);
      return true;
    }
    if (m_r->rr_count() > 0) {
      if (!flush()) {
        return false;
      }
      start();
      if (m_r->append(owner_wire, type, ttl, packed)) {
        count(packed);
        return true;
      }
    }
    // An RRset bigger than the configured message size goes alone in a message as big
    // as DNS allows (writes refuse RRsets that would not fit even that).
    start(65535);
    if (!m_r->append(owner_wire, type, ttl, packed)) {
      return false;
    }
    count(packed);
    if (!flush()) {
      return false;
    }
    start();
    return true;
  }

  // An RRset as the source stores it: its owner is a sort key.
  bool put(const RRsetView& v) {
    size_t n = dns::Name::wire_from_sort_key(v.owner.data(), v.owner.size(), m_owner);
    return n > 0 && put({m_owner.data(), n}, v.type, v.ttl, v.packed);
  }

  bool put_soa(const dns::Rdata& soa, uint32_t ttl, const ZoneInfo& zone) {
    return put(
        {zone.apex.wire(), zone.apex.size()}, dns::rrtype::k_soa, ttl, dns::pack_rdata({soa}));
  }

  bool flush() {
    if (!m_req.send(*m_r)) {
      return false;
    }
    ++m_log.messages;
    m_log.bytes += m_r->wire().size();
    return true;
  }

private:
  void start(size_t max = 0) {
    m_r.emplace(m_req.reply(max != 0 ? max : m_max));
    m_r->set_aa();
  }
  void count(std::span<const uint8_t> packed) {
    size_t off = 0;
    while (off + 2 <= packed.size()) {
      off += 2 + ((static_cast<size_t>(packed[off]) << 8) | packed[off + 1]);
      ++m_log.records;
    }
  }

  const Request& m_req;
  TransferLog& m_log;
  size_t m_max;
  std::optional<dns::Response> m_r;
  std::array<uint8_t, dns::k_max_name_wire> m_owner{};
};

bool stream_axfr(const Request& req, const ZoneInfo& zone, TransferLog& log) {
  Stream s(req, log);
  // RFC 5936 §2.2: the SOA first and last, everything else between, in canonical order.
  if (!s.put_soa(zone.soa, zone.ttl, zone)) {
    return false;
  }
  bool ok = req.source.for_each_rrset(zone, [&](const RRsetView& v) { return s.put(v); });
  return ok && s.put_soa(zone.soa, zone.ttl, zone) && s.flush();
}

// RFC 1995 §4: the current SOA; per step the old SOA, what it removed, the new SOA,
// what it added; the current SOA again.
bool stream_ixfr(const Request& req,
                 const ZoneInfo& zone,
                 const std::vector<JournalStep>& steps,
                 TransferLog& log) {
  Stream s(req, log);
  if (!s.put_soa(zone.soa, zone.ttl, zone)) {
    return false;
  }
  auto put = [&](const RRsetView& v) { return s.put(v); };
  for (const auto& step : steps) {
    if (!s.put_soa(step.soa_from, step.soa_ttl, zone)
        || !req.source.for_each_journal_rr(step, false, put)
        || !s.put_soa(step.soa_to, step.soa_ttl, zone)
        || !req.source.for_each_journal_rr(step, true, put)) {
      return false;
    }
  }
  return s.put_soa(zone.soa, zone.ttl, zone) && s.flush();
}

// Transfers go to the pool's own servers, --allow-transfer blocks, and keys that cover
// the zone; everyone else is refused.
bool allowed(const Request& req, const ZoneInfo& zone) {
  if (req.key != nullptr) {
    return key_covers(*req.key, zone);
  }
  return !zone.needs_key
         && transfers_without_key(req.source.served(), req.limits, req.peer, zone.pool_id);
}

// The single current SOA: the answer to an IXFR from a client that is up to date, and
// to one over UDP that we will not fit (RFC 1995 §2: it retries over TCP).
void send_soa_only(const Request& req, const ZoneInfo& zone, TransferLog& log) {
  dns::Response r = req.reply(req.reply_max);
  r.set_aa();
  r.put_as_qname(dns::Section::answer, dns::rrtype::k_soa, zone.ttl, dns::pack_rdata({zone.soa}));
  if (req.send(r)) {
    log.messages = 1;
    log.records = 1;
    log.bytes = r.wire().size();
    log.complete = true;
  }
}

} // namespace

std::optional<TransferLog> transfer(const Request& req) {
  const dns::Query& q = req.query;
  TransferLog log;
  log.kind = q.qtype() == dns::rrtype::k_axfr ? "AXFR" : "IXFR";
  log.key = req.key != nullptr ? req.key->name : "";
  const ZoneInfo* zone = req.source.served().find_zone(q.qname_key());
  if (zone == nullptr || zone->apex_key != q.qname_key()) {
    log.zone = q.qname().to_text();
    log.refused = true;
    req.send_rcode(dns::rcode::k_notauth); // RFC 5936 §2.2.1: not authoritative for it
    return log;
  }
  log.zone = zone->apex.to_text();
  log.serial = zone->serial;
  if (!allowed(req, *zone)) {
    log.refused = true;
    req.send_rcode(dns::rcode::k_refused);
    return log;
  }
  // The SOA and every RRset from one read of the store (issue 14, item 9): the
  // catalog's serial may be older than the records by a commit.
  struct Release {
    explicit Release(ZoneSource& s)
        : source(s) {}
    ~Release() { source.end_snapshot(); }
    Release(const Release&) = delete;
    Release& operator=(const Release&) = delete;
    ZoneSource& source;
  } release(req.source);
  auto pinned = req.source.begin_snapshot(*zone);
  if (!pinned) {
    log.refused = true;
    req.send_rcode(dns::rcode::k_notauth); // deleted since the catalog was read
    return log;
  }
  zone = &*pinned;
  log.serial = zone->serial;
  if (q.qtype() == dns::rrtype::k_ixfr) {
    auto client = q.ixfr_serial();
    if (!client) {
      log.refused = true;
      req.send_rcode(dns::rcode::k_formerr); // RFC 1995 §3: the query carries the SOA
      return log;
    }
    // RFC 1995 §2: a client already at (or past) our serial gets the one SOA; over UDP
    // so does everyone else, and retries over TCP. A client serial exactly 2^31 away
    // has no order to ours (RFC 1982 §3.2): it gets the whole zone, since one SOA would
    // tell it that it is up to date, and it would wait for ever.
    auto order = dns::Serial(zone->serial) <=> dns::Serial(*client);
    if (req.peer.tcp && order == std::partial_ordering::unordered) {
      log.kind = "IXFR (AXFR fallback)";
      log.complete = stream_axfr(req, *zone, log);
      return log;
    }
    if (order != std::partial_ordering::greater || !req.peer.tcp) {
      log.kind = "IXFR (single SOA)";
      send_soa_only(req, *zone, log);
      return log;
    }
    if (auto steps = req.source.journal_from(*zone, *client)) {
      log.complete = stream_ixfr(req, *zone, *steps, log);
      return log;
    }
    log.kind = "IXFR (AXFR fallback)"; // the journal does not reach the client's serial
  } else if (!req.peer.tcp) {
    log.refused = true;
    req.send_rcode(dns::rcode::k_refused); // RFC 5936 §4.2: no AXFR over UDP
    return log;
  }
  log.complete = stream_axfr(req, *zone, log);
  return log;
}

} // namespace dnsctl::mdns
