// Authoritative answers to ordinary queries (RFC 1034 §4.3.2, RFC 2308, RFC 4592,
// RFC 6672).

#include "core/dns/rrtype.hpp"
#include "core/mdns/request.hpp"

#include <algorithm>

namespace dnsctl::mdns {
namespace {

// How many CNAMEs (stored, wildcard or synthesised from a DNAME) one answer follows
// inside the zone, as BIND; a loop ends earlier, where it comes back.
constexpr int k_max_chain = 16;

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

// The zone cut or DNAME at an ancestor of the name asked: only those two types are
// copied (the apex may hold large RRsets that do not matter here).
std::optional<Found> redirection_at(ZoneSource& src, const ZoneInfo& zone, Key owner, bool apex) {
  std::optional<Found> ns;
  std::optional<Found> dname;
  src.rrsets_at(zone, owner, [&](const RRsetView& v) {
    bool cut = v.type == dns::rrtype::k_ns && !apex;
    if (cut || v.type == dns::rrtype::k_dname) {
      (cut ? ns : dname) =
          Found{{owner.begin(), owner.end()}, v.type, v.ttl, {v.packed.begin(), v.packed.end()}};
    }
  });
  // A zone cut hides whatever else is at its owner (RFC 6672 §2.3: a DNAME beside NS
  // is not used).
  return ns ? ns : dname;
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

bool within(Key name, Key apex) {
  return name.size() >= apex.size() && std::equal(apex.begin(), apex.end(), name.begin());
}

// The ancestors of `name` from the apex (included) down, not `name` itself (sort keys
// end every label with a 0 octet; octets 0 and 1 inside a label are escaped).
std::vector<size_t> ancestor_lengths(Key name, size_t apex_size) {
  std::vector<size_t> out;
  for (size_t len = apex_size; len < name.size(); ++len) {
    if (name[len - 1] == 0) {
      out.push_back(len);
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

// One answer under construction: the QNAME, then every name a CNAME leads to.
class Answer {
public:
  Answer(const Request& req, const ZoneInfo& zone)
      : m_req(req)
      , m_zone(zone)
      , m_src(req.source)
      , m_r(req.reply(req.reply_max))
      , m_name(req.query.qname_key()) {}

  void run() {
    for (int hop = 0;; ++hop) {
      if (!step()) {
        break;
      }
      if (hop == k_max_chain) {
        break; // what is in the answer so far goes out; the resolver takes it from there
      }
    }
    put_additional();
    if (m_aa) {
      m_r.set_aa();
    }
    m_req.send(m_r);
  }

private:
  // Answers for m_name; true when a CNAME moved m_name to another name in the zone.
  bool step() {
    uint16_t qtype = m_req.query.qtype();
    // Below a zone cut the answer is a referral; below a DNAME, a synthesised CNAME.
    for (size_t len : ancestor_lengths(m_name, m_zone.apex_key.size())) {
      bool apex = len == m_zone.apex_key.size();
      if (apex && m_zone.apex_dname == false) {
        continue;
      }
      Key cut(m_name.data(), len);
      auto found = redirection_at(m_src, m_zone, cut, apex);
      // Written once: a catalog shared between threads (store_cache.hpp) comes with it
      // known, and is never written here.
      if (apex && !m_zone.apex_dname.has_value()) {
        m_zone.apex_dname = found.has_value();
      }
      if (!found) {
        continue;
      }
      if (found->type == dns::rrtype::k_ns) {
        referral(*found);
        return false;
      }
      return follow_dname(*found);
    }
    auto sets = rrsets_at(m_src, m_zone, m_name);
    if (!sets.empty()) {
      const Found* ns = of_type(sets, dns::rrtype::k_ns);
      if (ns != nullptr && m_name != m_zone.apex_key && qtype != dns::rrtype::k_ds) {
        referral(*ns);
        return false;
      }
      return answer_from(sets, false);
    }
    // RFC 8020: a name with descendants exists (an empty non-terminal): NODATA.
    if (m_src.has_descendants(m_zone, m_name)) {
      negative(dns::rcode::k_noerror);
      return false;
    }
    // RFC 4592: the wildcard at the closest encloser, if there is one.
    std::vector<uint8_t> wildcard = closest_encloser();
    wildcard.push_back('*');
    wildcard.push_back(0);
    auto wild = rrsets_at(m_src, m_zone, wildcard);
    if (!wild.empty()) {
      return answer_from(wild, true);
    }
    // RFC 6604 §2.1: the RCODE is that of the last name of the chain.
    negative(dns::rcode::k_nxdomain);
    return false;
  }

  std::vector<uint8_t> closest_encloser() {
    const auto& apex = m_zone.apex_key;
    for (size_t len = m_name.size() - 1; len > apex.size(); --len) {
      if (m_name[len - 1] != 0) {
        continue;
      }
      Key candidate(m_name.data(), len);
      if (m_src.rrsets_at(m_zone, candidate, [](const RRsetView&) {}) > 0
          || m_src.has_descendants(m_zone, candidate)) {
        return {candidate.begin(), candidate.end()};
      }
    }
    return apex;
  }

  // Answers from the RRsets found at the name (or its wildcard, `synthesized`).
  bool answer_from(const std::vector<Found>& sets, bool synthesized) {
    uint16_t qtype = m_req.query.qtype();
    if (qtype == dns::rrtype::k_any) {
      // The SOA lives in the catalog, not among the RRsets: ANY at the apex adds it.
      if (m_name == m_zone.apex_key
          && !put_here(dns::rrtype::k_soa, m_zone.ttl, dns::pack_rdata({m_zone.soa}))) {
        return false;
      }
      for (const auto& f : sets) {
        // Over UDP an answer that does not fit ends at the last whole RRset, with TC.
        if (!put(f, synthesized)) {
          break;
        }
      }
      return false;
    }
    if (const Found* f = of_type(sets, qtype); f != nullptr) {
      put(*f, synthesized);
      return false;
    }
    const Found* c = of_type(sets, dns::rrtype::k_cname);
    if (c == nullptr) {
      negative(dns::rcode::k_noerror); // NODATA
      return false;
    }
    // RFC 1034 §4.3.2 step 3a: the CNAME, then the answer for its target when the
    // target is in this zone.
    if (!put(*c, synthesized)) {
      return false;
    }
    auto targets = dns::unpack_rdata(c->packed.data(), c->packed.size());
    if (targets.empty()) {
      return false;
    }
    return move_to(dns::Name::from_wire(targets.front().data(), targets.front().size()));
  }

  // RFC 6672 §3.2: the DNAME, a CNAME from the name to its substitute, then the
  // answer for the substitute when it is in this zone.
  bool follow_dname(const Found& dname) {
    auto targets = dns::unpack_rdata(dname.packed.data(), dname.packed.size());
    if (targets.empty() || !put(dname, false)) {
      return false;
    }
    dns::Name target = dns::Name::from_wire(targets.front().data(), targets.front().size());
    dns::Name name = dns::Name::from_sort_key(m_name.data(), m_name.size());
    dns::Name owner = dns::Name::from_sort_key(dname.owner.data(), dname.owner.size());
    size_t prefix = name.size() - owner.size(); // the labels below the DNAME, in wire form
    if (prefix + target.size() > dns::k_max_name_wire) {
      m_r.set_rcode(dns::rcode::k_yxdomain); // RFC 6672 §2.2: the result is too long
      return false;
    }
    std::vector<uint8_t> wire(name.wire(), name.wire() + prefix);
    wire.insert(wire.end(), target.wire(), target.wire() + target.size());
    dns::Name substitute = dns::Name::from_wire(wire.data(), wire.size());
    // The CNAME is not stored: its TTL is the DNAME's (RFC 6672 §3.1).
    auto packed = dns::pack_rdata({dns::Rdata(wire.begin(), wire.end())});
    if (!put_here(dns::rrtype::k_cname, dname.ttl, packed)
        || m_req.query.qtype() == dns::rrtype::k_cname) {
      return false; // a CNAME was asked for: this is it
    }
    return move_to(substitute);
  }

  bool move_to(const dns::Name& target) {
    auto key = target.sort_key();
    if (!within(key, m_zone.apex_key)) {
      return false; // elsewhere: the resolver asks for it (RFC 1034 §4.3.2 step 3a)
    }
    // A loop ends where it comes back, as in Knot: each name is answered once.
    m_visited.push_back(std::move(m_name));
    if (std::find(m_visited.begin(), m_visited.end(), key) != m_visited.end()) {
      return false;
    }
    m_name = std::move(key);
    m_first = false;
    return true;
  }

  // A referral (RFC 1034 §4.3.2 step 3b): the delegation's NS in the authority
  // section, their addresses as glue in the additional. Not authoritative unless a CNAME
  // of ours led here (AA speaks for the first name of the answer).
  void referral(const Found& ns) {
    if (m_first) {
      m_aa = false;
    }
    if (m_r.put(dns::Section::authority, wire_of(ns.owner), dns::rrtype::k_ns, ns.ttl, ns.packed)) {
      note_targets(ns);
    }
  }

  // RFC 1034 §3.7 and §4.3.2 step 6: the addresses of the names NS, MX and SRV RRs
  // point to, when this zone holds them (as Knot does). In a referral these are the
  // glue: below the cut (RFC 9471 §2.1) and sibling glue elsewhere in the zone.
  void note_targets(const Found& f) {
    size_t skip = f.type == dns::rrtype::k_mx    ? 2
                  : f.type == dns::rrtype::k_srv ? 6
                  : f.type == dns::rrtype::k_ns  ? 0
                                                 : std::string::npos;
    if (skip == std::string::npos) {
      return;
    }
    for (const auto& rd : dns::unpack_rdata(f.packed.data(), f.packed.size())) {
      if (rd.size() <= skip) {
        continue;
      }
      dns::Name t = dns::Name::from_wire(rd.data() + skip, rd.size() - skip);
      if (within(t.sort_key(), m_zone.apex_key)
          && std::find(m_targets.begin(), m_targets.end(), t) == m_targets.end()) {
        m_targets.push_back(std::move(t));
      }
    }
  }

  // Additional data never sets TC: what does not fit is left out (RFC 2181 §9).
  void put_additional() {
    for (const auto& t : m_targets) {
      for (const auto& g : rrsets_at(m_src, m_zone, t.sort_key())) {
        if (g.type == dns::rrtype::k_a || g.type == dns::rrtype::k_aaaa) {
          m_r.put(dns::Section::additional, {t.wire(), t.size()}, g.type, g.ttl, g.packed, false);
        }
      }
    }
  }

  void negative(uint16_t rcode) {
    m_r.set_rcode(rcode);
    put_soa_authority(m_r, m_zone);
  }

  // An RRset into the answer, owned by the name being answered when `synthesized`
  // (a wildcard match) or by its own owner.
  bool put(const Found& f, bool synthesized) {
    bool ok = synthesized
                  ? put_here(f.type, f.ttl, f.packed)
                  : m_r.put(dns::Section::answer, wire_of(f.owner), f.type, f.ttl, f.packed);
    if (ok && m_req.query.qtype() != dns::rrtype::k_any) {
      note_targets(f);
    }
    return ok;
  }

  // An RRset owned by the name being answered: the QNAME is written as a pointer.
  bool put_here(uint16_t type, uint32_t ttl, std::span<const uint8_t> packed) {
    if (m_first) {
      return m_r.put_as_qname(dns::Section::answer, type, ttl, packed);
    }
    return m_r.put(dns::Section::answer, wire_of(m_name), type, ttl, packed);
  }

  const Request& m_req;
  const ZoneInfo& m_zone;
  ZoneSource& m_src;
  dns::Response m_r;
  std::vector<uint8_t> m_name;                 // sort key of the name being answered
  std::vector<std::vector<uint8_t>> m_visited; // the names answered before it
  std::vector<dns::Name> m_targets;            // names whose addresses go in the additional section
  bool m_first = true;                         // m_name is the QNAME
  bool m_aa = true;
};

} // namespace

void answer_query(const Request& req, const ZoneInfo& zone) {
  // The SOA at the apex, the most asked question here, straight from the catalog.
  if (req.query.qname_key() == zone.apex_key && req.query.qtype() == dns::rrtype::k_soa) {
    dns::Response r = req.reply(req.reply_max);
    r.set_aa();
    r.put_as_qname(dns::Section::answer, dns::rrtype::k_soa, zone.ttl, dns::pack_rdata({zone.soa}));
    req.send(r);
    return;
  }
  Answer(req, zone).run();
}

} // namespace dnsctl::mdns
