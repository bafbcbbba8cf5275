#include "tests/support/packets.hpp"

#include "core/dns/knot.hpp"
#include "core/dns/message.hpp"
#include "core/dns/rdata.hpp"
#include "core/dns/rrtype.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

namespace dnsctl::test {

std::vector<uint8_t> make_query(const std::string& qname, uint16_t qtype, const QueryOptions& o) {
  std::vector<uint8_t> buf(65535);
  dns::Name name = *dns::Name::parse(qname);
  dns::Response msg(buf, o.id, o.opcode, name, qtype);
  std::optional<dns::Signer> signer;
  if (!o.key_name.empty()) {
    auto s = dns::Signer::for_request(o.key_name, "hmac-sha256", o.key_secret);
    signer = std::move(*s);
    msg.reserve(signer->wire_size());
  }
  if (o.ixfr_serial) {
    // A SOA with only the serial mattering.
    std::vector<uint8_t> soa{0, 0}; // mname ".", rname "."
    soa.resize(22, 0);
    uint32_t s = htonl(*o.ixfr_serial);
    std::memcpy(soa.data() + 2, &s, 4);
    msg.put(dns::Section::authority,
            {name.wire(), name.size()},
            dns::rrtype::k_soa,
            0,
            dns::pack_rdata({soa}));
  }
  if (o.edns_payload) {
    msg.add_opt(*o.edns_payload, 0, o.dnssec_ok);
    if (o.edns_version != 0) {
      // The version is the second byte of the OPT RR's TTL field, 6 bytes from its end
      // when it has no options (TTL 4 + RDLENGTH 2).
      auto w = msg.wire();
      buf[w.size() - 5] = o.edns_version;
    }
  }
  if (signer) {
    msg.release(signer->wire_size());
    msg.sign(*signer);
  }
  auto w = msg.wire();
  return {w.begin(), w.end()};
}

Reply parse_reply(const std::vector<uint8_t>& wire) {
  Reply r;
  r.size = wire.size();
  std::vector<uint8_t> copy = wire;
  knot_pkt_t* pkt = knot_pkt_new(copy.data(), copy.size(), nullptr);
  if (pkt == nullptr) {
    return r;
  }
  if (knot_pkt_parse(pkt, 0) != KNOT_EOK) {
    knot_pkt_free(pkt);
    return r;
  }
  r.parsed = true;
  r.id = knot_wire_get_id(pkt->wire);
  r.qr = knot_wire_get_qr(pkt->wire);
  r.aa = knot_wire_get_aa(pkt->wire);
  r.tc = knot_wire_get_tc(pkt->wire);
  r.qdcount = knot_wire_get_qdcount(pkt->wire);
  r.rcode = knot_wire_get_rcode(pkt->wire);
  if (pkt->opt_rr != nullptr) {
    r.rcode = static_cast<uint16_t>(r.rcode | (knot_edns_get_ext_rcode(pkt->opt_rr) << 4));
    r.edns_payload = knot_edns_get_payload(pkt->opt_rr);
    r.edns_do = knot_edns_do(pkt->opt_rr);
  }
  if (pkt->tsig_rr != nullptr) {
    r.tsig_error = knot_tsig_rdata_error(pkt->tsig_rr);
  }
  auto types = [&](knot_section_t s, std::vector<uint16_t>& out) {
    const knot_pktsection_t* sec = knot_pkt_section(pkt, s);
    for (uint16_t i = 0; i < sec->count; ++i) {
      const knot_rrset_t* rr = knot_pkt_rr(sec, i);
      // libknot gives one entry per RR: list each RRset once.
      const knot_rrset_t* prev = i > 0 ? knot_pkt_rr(sec, i - 1) : nullptr;
      bool same_set =
          prev != nullptr && prev->type == rr->type && knot_dname_is_equal(prev->owner, rr->owner);
      if (!same_set) {
        out.push_back(rr->type);
      }
      if (s == KNOT_ANSWER) {
        if (!same_set) {
          r.owners.push_back(dns::Name::from_wire(rr->owner, knot_dname_size(rr->owner)).to_text());
        }
        r.answer_rrs += rr->rrs.count;
        for (uint16_t k = 0; k < rr->rrs.count; ++k) {
          const knot_rdata_t* rd = knot_rdataset_at(&rr->rrs, k);
          r.answer_text.push_back(
              dns::Name::from_wire(rr->owner, knot_dname_size(rr->owner)).to_text() + " "
              + std::to_string(rr->ttl) + " " + dns::type_to_text(rr->type) + " "
              + dns::rdata_to_text(rr->type, dns::Rdata(rd->data, rd->data + rd->len)));
        }
      }
    }
  };
  types(KNOT_ANSWER, r.answer);
  types(KNOT_AUTHORITY, r.authority);
  types(KNOT_ADDITIONAL, r.additional);
  auto has = [&](uint16_t t) {
    return std::find(r.additional.begin(), r.additional.end(), t) != r.additional.end();
  };
  if (pkt->opt_rr != nullptr && !has(dns::rrtype::k_opt)) {
    r.additional.push_back(dns::rrtype::k_opt);
  }
  if (pkt->tsig_rr != nullptr && !has(dns::rrtype::k_tsig)) {
    r.additional.push_back(dns::rrtype::k_tsig);
  }
  knot_pkt_free(pkt);
  return r;
}

mdns::Peer peer(bool tcp, const std::string& ip) {
  mdns::Peer p;
  p.tcp = tcp;
  if (ip.find(':') != std::string::npos) {
    auto* a = reinterpret_cast<sockaddr_in6*>(&p.addr); // NOLINT
    a->sin6_family = AF_INET6;
    a->sin6_port = htons(53000);
    ::inet_pton(AF_INET6, ip.c_str(), &a->sin6_addr);
    p.len = sizeof(sockaddr_in6);
  } else {
    auto* a = reinterpret_cast<sockaddr_in*>(&p.addr); // NOLINT
    a->sin_family = AF_INET;
    a->sin_port = htons(53000);
    ::inet_pton(AF_INET, ip.c_str(), &a->sin_addr);
    p.len = sizeof(sockaddr_in);
  }
  return p;
}

std::vector<std::vector<uint8_t>> ask(mdns::Handler& h,
                                      const std::vector<uint8_t>& request,
                                      bool tcp,
                                      const mdns::Limits& limits,
                                      const std::string& ip) {
  std::vector<std::vector<uint8_t>> out;
  h.handle(request, peer(tcp, ip), limits, [&](std::span<const uint8_t> m) {
    out.emplace_back(m.begin(), m.end());
    return true;
  });
  return out;
}

} // namespace dnsctl::test
