// Authoritative answers to ordinary queries (RFC 1034 §4.3.2, RFC 2308, RFC 4592).

#include "core/dns/rrtype.hpp"
#include "core/mdns/request.hpp"

#include <algorithm>

namespace dnsctl::mdns {
namespace {

struct Found {
  std::vector<uint8_t> owner; // sort key
  uint16_t type = 0;
  uint32_t ttl = 0;
  std::vector<uint8_t> packed;
};

std::vector<Found> rrsets_at(ZoneSource& src, const ZoneInfo& zone, Key owner) {
  std::vector<Found> out;
  src.rrsets_at(zone, owner, [&](const RRsetView& v) {
    out.push_back(
        Found{{owner.begin(), owner.end()}, v.type, v.ttl, {v.packed.begin(), v.packed.end()}});
  });
  return out;
}

const Found* of_type(const std::vector<Found>& sets, uint16_t type) {
  for (const auto& f : sets) {
    if (f.type == type) {
      return &f;
    }
  }
  return nullptr;
}

std::vector<uint8_t> wire_of(Key key) {
  dns::Name n = dns::Name::from_sort_key(key.data(), key.size());
  return {n.wire(), n.wire() + n.size()};
}

// The ancestors of `name` below `apex`, nearest to the apex first (sort keys).
std::vector<std::vector<uint8_t>> between(Key name, const std::vector<uint8_t>& apex) {
  std::vector<std::vector<uint8_t>> out;
  for (size_t len = apex.size() + 1; len < name.size(); ++len) {
    if (name[len - 1] == 0) {
      out.emplace_back(name.begin(), name.begin() + static_cast<std::ptrdiff_t>(len));
    }
  }
  return out;
}

// RFC 2308 §3: the SOA of a negative answer, its TTL capped by the SOA minimum.
void put_soa_authority(dns::Response& r, const ZoneInfo& zone) {
  auto packed = dns::pack_rdata({zone.soa});
  r.put(dns::Section::authority,
        {zone.apex.wire(), zone.apex.size()},
        dns::rrtype::k_soa,
        std::min(zone.ttl, zone.minimum),
        packed);
}

// A referral (RFC 1034 §4.3.2 step 3b): the delegation's NS in the authority section,
// their addresses below the cut as glue; not authoritative.
void send_referral(const Request& req, const ZoneInfo& zone, const Found& ns) {
  dns::Response r = req.reply(req.reply_max);
  auto owner = wire_of(ns.owner);
  if (!r.put(dns::Section::authority, owner, dns::rrtype::k_ns, ns.ttl, ns.packed)) {
    req.send(r);
    return;
  }
  for (const auto& target : dns::unpack_rdata(ns.packed.data(), ns.packed.size())) {
    dns::Name t = dns::Name::from_wire(target.data(), target.size());
    auto key = t.sort_key();
    bool below_cut =
        key.size() > ns.owner.size() && std::equal(ns.owner.begin(), ns.owner.end(), key.begin());
    if (!below_cut) {
      continue;
    }
    for (const auto& g : rrsets_at(req.source, zone, key)) {
      if (g.type == dns::rrtype::k_a || g.type == dns::rrtype::k_aaaa) {
        r.put(dns::Section::additional, {t.wire(), t.size()}, g.type, g.ttl, g.packed, false);
      }
    }
  }
  req.send(r);
}

void send_negative(const Request& req, const ZoneInfo& zone, uint16_t rcode) {
  dns::Response r = req.reply(req.reply_max);
  r.set_aa();
  r.set_rcode(rcode);
  put_soa_authority(r, zone);
  req.send(r);
}

// Answers from the RRsets found at the name (or its wildcard, `synthesized`).
void send_answer(const Request& req,
                 const ZoneInfo& zone,
                 const std::vector<Found>& sets,
                 bool synthesized) {
  uint16_t qtype = req.query.qtype();
  std::vector<const Found*> answer;
  if (qtype == dns::rrtype::k_any) {
    for (const auto& f : sets) {
      answer.push_back(&f);
    }
  } else if (const Found* f = of_type(sets, qtype); f != nullptr) {
    answer.push_back(f);
  } else if (const Found* c = of_type(sets, dns::rrtype::k_cname); c != nullptr) {
    answer.push_back(c); // RFC 1034 §4.3.2: the CNAME, for the resolver to follow
  }
  if (answer.empty()) {
    send_negative(req, zone, dns::rcode::k_noerror); // NODATA
    return;
  }
  dns::Response r = req.reply(req.reply_max);
  r.set_aa();
  // The SOA lives in the catalog, not among the RRsets: ANY at the apex adds it.
  if (qtype == dns::rrtype::k_any && req.query.qname_key() == zone.apex_key
      && !r.put_as_qname(
          dns::Section::answer, dns::rrtype::k_soa, zone.ttl, dns::pack_rdata({zone.soa}))) {
    req.send(r);
    return;
  }
  for (const Found* f : answer) {
    // Over UDP an answer that does not fit ends at the last whole RRset, with TC.
    bool ok = synthesized
                  ? r.put_as_qname(dns::Section::answer, f->type, f->ttl, f->packed)
                  : r.put(dns::Section::answer, wire_of(f->owner), f->type, f->ttl, f->packed);
    if (!ok) {
      break;
    }
  }
  req.send(r);
}

} // namespace

void answer_query(const Request& req, const ZoneInfo& zone) {
  const auto& qkey = req.query.qname_key();
  uint16_t qtype = req.query.qtype();
  ZoneSource& src = req.source;

  // The SOA at the apex, the most asked question here, straight from the catalog.
  if (qkey == zone.apex_key && qtype == dns::rrtype::k_soa) {
    dns::Response r = req.reply(req.reply_max);
    r.set_aa();
    r.put_as_qname(dns::Section::answer, dns::rrtype::k_soa, zone.ttl, dns::pack_rdata({zone.soa}));
    req.send(r);
    return;
  }
  // Below a delegation the answer is a referral.
  for (const auto& cut : between(qkey, zone.apex_key)) {
    auto sets = rrsets_at(src, zone, cut);
    if (const Found* ns = of_type(sets, dns::rrtype::k_ns); ns != nullptr) {
      send_referral(req, zone, *ns);
      return;
    }
  }
  auto sets = rrsets_at(src, zone, qkey);
  if (!sets.empty()) {
    const Found* ns = of_type(sets, dns::rrtype::k_ns);
    if (ns != nullptr && qkey != zone.apex_key && qtype != dns::rrtype::k_ds) {
      send_referral(req, zone, *ns);
      return;
    }
    send_answer(req, zone, sets, false);
    return;
  }
  // RFC 8020: a name with descendants exists (an empty non-terminal): NODATA.
  if (src.has_descendants(zone, qkey)) {
    send_negative(req, zone, dns::rcode::k_noerror);
    return;
  }
  // RFC 4592: the wildcard at the closest encloser, if there is one.
  std::vector<uint8_t> encloser;
  for (size_t len = qkey.size() - 1; len >= zone.apex_key.size(); --len) {
    if (qkey[len - 1] != 0) {
      continue;
    }
    Key candidate(qkey.data(), len);
    if (len == zone.apex_key.size() || src.rrsets_at(zone, candidate, [](const RRsetView&) {}) > 0
        || src.has_descendants(zone, candidate)) {
      encloser.assign(candidate.begin(), candidate.end());
      break;
    }
  }
  std::vector<uint8_t> wildcard = encloser;
  wildcard.push_back('*');
  wildcard.push_back(0);
  auto wild = rrsets_at(src, zone, wildcard);
  if (!wild.empty()) {
    send_answer(req, zone, wild, true);
    return;
  }
  send_negative(req, zone, dns::rcode::k_nxdomain);
}

} // namespace dnsctl::mdns
