#include "core/dns/message.hpp"

#include "core/dns/knot.hpp"

extern "C" {
#include <libknot/tsig-op.h>

#include <libdnssec/tsig.h>
}

#include <algorithm>
#include <cstring>

namespace dnsctl::dns {

void PktDeleter::operator()(knot_pkt* p) const {
  knot_pkt_free(p);
}

// ---------------------------------------------------------------- Query

bool Query::is_request(std::span<const uint8_t> wire) {
  return wire.size() >= KNOT_WIRE_HEADER_SIZE && knot_wire_get_qr(wire.data()) == 0;
}

std::vector<uint8_t> Query::formerr_for(std::span<const uint8_t> wire) {
  if (!is_request(wire)) {
    return {};
  }
  std::vector<uint8_t> in(wire.begin(), wire.end());
  PktPtr q(
      knot_pkt_new(in.data(), static_cast<uint16_t>(std::min<size_t>(in.size(), 65535)), nullptr));
  bool question =
      q && knot_pkt_parse_question(q.get()) == KNOT_EOK && knot_wire_get_qdcount(q->wire) == 1;
  std::vector<uint8_t> out(question ? KNOT_WIRE_HEADER_SIZE + q->qname_size + 4
                                    : KNOT_WIRE_HEADER_SIZE);
  std::copy(in.begin(), in.begin() + static_cast<std::ptrdiff_t>(out.size()), out.begin());
  uint8_t* h = out.data();
  knot_wire_set_qr(h);
  knot_wire_clear_aa(h);
  knot_wire_clear_tc(h);
  knot_wire_clear_ra(h);
  knot_wire_clear_ad(h);
  knot_wire_set_rcode(h, KNOT_RCODE_FORMERR);
  knot_wire_set_qdcount(h, question ? 1 : 0);
  knot_wire_set_ancount(h, 0);
  knot_wire_set_nscount(h, 0);
  knot_wire_set_arcount(h, 0);
  return out;
}

Result<Query> Query::parse(std::span<const uint8_t> wire) {
  if (wire.size() < KNOT_WIRE_HEADER_SIZE || wire.size() > 65535) {
    return make_error(Errc::invalid_input, "short or oversized message");
  }
  Query q;
  q.m_wire.assign(wire.begin(), wire.end());
  q.m_pkt.reset(knot_pkt_new(q.m_wire.data(), static_cast<uint16_t>(q.m_wire.size()), nullptr));
  if (!q.m_pkt) {
    return make_error(Errc::internal, "out of memory");
  }
  // Parsing strips a TSIG RR from the wire (and ARCOUNT), as verification expects.
  if (knot_pkt_parse(q.m_pkt.get(), 0) != KNOT_EOK) {
    return make_error(Errc::invalid_input, "malformed message");
  }
  // RFC 6891 §6.1.1: the OPT RR is owned by the root (libknot does not check).
  const knot_rrset_t* opt = q.m_pkt->opt_rr;
  if (opt != nullptr && !(opt->owner != nullptr && opt->owner[0] == 0)) {
    return make_error(Errc::invalid_input, "OPT RR not owned by the root");
  }
  if (knot_wire_get_qdcount(q.m_pkt->wire) >= 1 && q.m_pkt->qname_size > 0) {
    const knot_dname_t* qn = knot_pkt_qname(q.m_pkt.get());
    q.m_qname = Name::from_wire(qn, knot_dname_size(qn));
    q.m_qname_key = q.m_qname.sort_key();
  }
  return q;
}

SoaAnswer parse_soa_answer(std::span<const uint8_t> wire, uint16_t id, const Name& apex) {
  SoaAnswer a;
  if (wire.size() < KNOT_WIRE_HEADER_SIZE || wire.size() > 65535
      || knot_wire_get_id(wire.data()) != id || knot_wire_get_qr(wire.data()) == 0) {
    return a;
  }
  std::vector<uint8_t> copy(wire.begin(), wire.end());
  PktPtr pkt(knot_pkt_new(copy.data(), static_cast<uint16_t>(copy.size()), nullptr));
  if (!pkt || knot_pkt_parse(pkt.get(), 0) != KNOT_EOK) {
    return a;
  }
  a.rcode = knot_wire_get_rcode(copy.data());
  a.aa = knot_wire_get_aa(copy.data()) != 0;
  const knot_pktsection_t* an = knot_pkt_section(pkt.get(), KNOT_ANSWER);
  for (uint16_t i = 0; i < an->count; ++i) {
    const knot_rrset_t* rr = knot_pkt_rr(an, i);
    if (rr->type == KNOT_RRTYPE_SOA && rr->rrs.count > 0
        && knot_dname_is_case_equal(rr->owner, apex.wire())) {
      a.serial = knot_soa_serial(rr->rrs.rdata);
      break;
    }
  }
  return a;
}

uint16_t Query::id() const {
  return knot_wire_get_id(m_pkt->wire);
}
uint8_t Query::opcode() const {
  return knot_wire_get_opcode(m_pkt->wire);
}
uint16_t Query::qdcount() const {
  return knot_wire_get_qdcount(m_pkt->wire);
}
uint16_t Query::qtype() const {
  return knot_pkt_qtype(m_pkt.get());
}
uint16_t Query::qclass() const {
  return knot_pkt_qclass(m_pkt.get());
}
bool Query::has_edns() const {
  return knot_pkt_has_edns(m_pkt.get());
}
uint16_t Query::edns_payload() const {
  return has_edns() ? knot_edns_get_payload(m_pkt->opt_rr) : 512;
}
uint8_t Query::edns_version() const {
  return has_edns() ? knot_edns_get_version(m_pkt->opt_rr) : 0;
}
bool Query::edns_do() const {
  return has_edns() && knot_edns_do(m_pkt->opt_rr);
}
bool Query::has_tsig() const {
  return knot_pkt_has_tsig(m_pkt.get());
}

std::string Query::tsig_key_name() const {
  if (!has_tsig()) {
    return "";
  }
  const knot_dname_t* owner = m_pkt->tsig_rr->owner;
  return Name::from_wire(owner, knot_dname_size(owner)).to_text();
}

std::string Query::tsig_algorithm() const {
  if (!has_tsig()) {
    return "";
  }
  const char* name = dnssec_tsig_algorithm_to_name(knot_tsig_rdata_alg(m_pkt->tsig_rr));
  return name != nullptr ? name : "";
}

std::optional<uint32_t> Query::ixfr_serial() const {
  const knot_pktsection_t* auth = knot_pkt_section(m_pkt.get(), KNOT_AUTHORITY);
  for (uint16_t i = 0; i < auth->count; ++i) {
    const knot_rrset_t* rr = knot_pkt_rr(auth, i);
    if (rr->type == KNOT_RRTYPE_SOA && rr->rrs.count > 0) {
      return knot_soa_serial(rr->rrs.rdata);
    }
  }
  return std::nullopt;
}

// ---------------------------------------------------------------- Signer

struct Signer::Impl {
  knot_tsig_key_t key{};
  std::array<uint8_t, 64> digest{};
  size_t digest_len = 0;
  uint64_t time_signed = 0;
  size_t count = 0;
  bool initialised = false;
  ~Impl() {
    if (initialised) {
      knot_tsig_key_deinit(&key);
    }
  }
};

Signer::Signer()
    : m_impl(std::make_unique<Impl>()) {}
Signer::~Signer() = default;
Signer::Signer(Signer&&) noexcept = default;
Signer& Signer::operator=(Signer&&) noexcept = default;

namespace {

Status init_key(knot_tsig_key_t& key,
                const std::string& name,
                const std::string& algorithm,
                const std::string& secret) {
  if (knot_tsig_key_init(&key, algorithm.c_str(), name.c_str(), secret.c_str()) != KNOT_EOK) {
    return make_error(Errc::invalid_input, "TSIG key " + name + " cannot be used");
  }
  return {};
}

} // namespace

Result<std::pair<Signer, uint16_t>> Signer::verify(const Query& query,
                                                   const std::string& name,
                                                   const std::string& algorithm,
                                                   const std::string& secret) {
  Signer s;
  DNSCTL_TRY(init_key(s.m_impl->key, name, algorithm, secret));
  s.m_impl->initialised = true;
  knot_pkt* q = query.raw();
  size_t mac_len = knot_tsig_rdata_mac_length(q->tsig_rr);
  if (mac_len > s.m_impl->digest.size()) {
    return std::pair<Signer, uint16_t>(std::move(s), rcode::k_badsig);
  }
  std::memcpy(s.m_impl->digest.data(), knot_tsig_rdata_mac(q->tsig_rr), mac_len);
  s.m_impl->digest_len = mac_len;
  int ret = knot_tsig_server_check(q->tsig_rr, q->wire, q->size, &s.m_impl->key);
  uint16_t error = 0;
  switch (ret) {
  case KNOT_EOK:
    break;
  case KNOT_TSIG_EBADTIME:
    error = rcode::k_badtime;
    s.m_impl->time_signed = knot_tsig_rdata_time_signed(q->tsig_rr);
    break;
  case KNOT_TSIG_EBADKEY:
    error = rcode::k_badkey;
    break;
  case KNOT_EMALF:
    return make_error(Errc::invalid_input, "malformed TSIG");
  default:
    error = rcode::k_badsig;
    break;
  }
  s.m_error = error;
  // RFC 8945 §5.3.2: BADTIME answers are signed; BADSIG and BADKEY ones are not.
  s.m_active = error == 0 || error == rcode::k_badtime;
  return std::pair<Signer, uint16_t>(std::move(s), error);
}

Result<Signer> Signer::for_request(const std::string& name,
                                   const std::string& algorithm,
                                   const std::string& secret) {
  Signer s;
  DNSCTL_TRY(init_key(s.m_impl->key, name, algorithm, secret));
  s.m_impl->initialised = true;
  s.m_active = true;
  return s;
}

size_t Signer::wire_size() const {
  return m_active ? knot_tsig_wire_maxsize(&m_impl->key) : 0;
}

bool Signer::sign(uint8_t* wire, size_t& size, size_t max_size) {
  if (!m_active) {
    return true;
  }
  auto& i = *m_impl;
  size_t dlen = dnssec_tsig_algorithm_size(i.key.algorithm);
  int ret = 0;
  if (i.count == 0) {
    ret = knot_tsig_sign(wire,
                         &size,
                         max_size,
                         i.digest_len > 0 ? i.digest.data() : nullptr,
                         i.digest_len,
                         i.digest.data(),
                         &dlen,
                         &i.key,
                         m_error,
                         i.time_signed);
  } else {
    // RFC 8945 §5.3.1: later messages chain on the previous MAC.
    ret = knot_tsig_sign_next(wire,
                              &size,
                              max_size,
                              i.digest.data(),
                              i.digest_len,
                              i.digest.data(),
                              &dlen,
                              &i.key,
                              wire,
                              size);
  }
  if (ret != KNOT_EOK) {
    return false;
  }
  i.digest_len = dlen;
  ++i.count;
  return true;
}

Signer::Check Signer::check_response(std::span<const uint8_t> wire) {
  using Kind = Check::Kind;
  std::vector<uint8_t> copy(wire.begin(), wire.end());
  PktPtr pkt(knot_pkt_new(copy.data(), static_cast<uint16_t>(copy.size()), nullptr));
  if (!pkt || knot_pkt_parse(pkt.get(), 0) != KNOT_EOK) {
    return {Kind::malformed, 0};
  }
  if (pkt->tsig_rr == nullptr) {
    return {Kind::not_signed, 0};
  }
  if (uint16_t e = knot_tsig_rdata_error(pkt->tsig_rr); e != 0) {
    return {Kind::tsig_error, e};
  }
  auto& i = *m_impl;
  int rc = knot_tsig_client_check(
      pkt->tsig_rr, pkt->wire, pkt->size, i.digest.data(), i.digest_len, &i.key, 0);
  return {rc == KNOT_EOK ? Kind::ok : Kind::bad_mac, 0};
}

// ---------------------------------------------------------------- Response

Response::Response(const Query& query, std::span<uint8_t> buffer, size_t max_size, bool question)
    : m_buffer(buffer) {
  size_t max = std::min(max_size, buffer.size());
  m_pkt.reset(
      knot_pkt_new(buffer.data(), static_cast<uint16_t>(std::min<size_t>(max, 65535)), nullptr));
  if (m_pkt && knot_pkt_init_response(m_pkt.get(), query.raw()) == KNOT_EOK && !question) {
    // Keep the header only (a reply to a message whose question could not be parsed).
    knot_wire_set_qdcount(m_pkt->wire, 0);
    m_pkt->size = KNOT_WIRE_HEADER_SIZE;
  }
}

Response::Response(
    std::span<uint8_t> buffer, uint16_t id, uint8_t opcode, const Name& qname, uint16_t qtype)
    : m_buffer(buffer) {
  m_pkt.reset(knot_pkt_new(
      buffer.data(), static_cast<uint16_t>(std::min<size_t>(buffer.size(), 65535)), nullptr));
  knot_wire_set_id(m_pkt->wire, id);
  knot_wire_set_opcode(m_pkt->wire, opcode);
  knot_pkt_put_question(m_pkt.get(), qname.wire(), KNOT_CLASS_IN, qtype);
  knot_pkt_begin(m_pkt.get(), KNOT_ANSWER);
}

void Response::set_aa() {
  knot_wire_set_aa(m_pkt->wire);
}
void Response::set_rcode(uint16_t rcode) {
  knot_wire_set_rcode(m_pkt->wire, static_cast<short>(rcode & 0x0f));
}
void Response::reserve(size_t bytes) {
  knot_pkt_reserve(m_pkt.get(), static_cast<uint16_t>(bytes));
}
void Response::release(size_t bytes) {
  knot_pkt_reclaim(m_pkt.get(), static_cast<uint16_t>(bytes));
}

namespace {

knot_section_t section_of(Section s) {
  switch (s) {
  case Section::answer:
    return KNOT_ANSWER;
  case Section::authority:
    return KNOT_AUTHORITY;
  case Section::additional:
    return KNOT_ADDITIONAL;
  }
  return KNOT_ANSWER;
}

// Our packed rdata (16-bit big-endian length, bytes) as a knot_rdataset_t in `scratch`.
bool to_rdataset(std::span<const uint8_t> packed,
                 std::vector<uint8_t>& scratch,
                 knot_rdataset_t& rrs) {
  scratch.clear();
  uint16_t count = 0;
  size_t off = 0;
  while (off + 2 <= packed.size()) {
    auto len = static_cast<uint16_t>((packed[off] << 8) | packed[off + 1]);
    off += 2;
    if (off + len > packed.size()) {
      return false;
    }
    size_t at = scratch.size();
    scratch.resize(at + knot_rdata_size(len));
    knot_rdata_init(reinterpret_cast<knot_rdata_t*>(scratch.data() + at),
                    len, // NOLINT
                    packed.data() + off);
    off += len;
    ++count;
  }
  rrs.count = count;
  rrs.size = static_cast<uint32_t>(scratch.size());
  rrs.rdata = reinterpret_cast<knot_rdata_t*>(scratch.data()); // NOLINT: libknot's layout
  return count > 0;
}

} // namespace

bool Response::put(Section section,
                   std::span<const uint8_t> owner_wire,
                   uint16_t type,
                   uint32_t ttl,
                   std::span<const uint8_t> packed,
                   bool truncate) {
  knot_section_t s = section_of(section);
  if (m_pkt->current != s && knot_pkt_begin(m_pkt.get(), s) != KNOT_EOK) {
    return false;
  }
  knot_rrset_t rr;
  knot_rrset_init(&rr, const_cast<uint8_t*>(owner_wire.data()), type, KNOT_CLASS_IN, ttl); // NOLINT
  if (!to_rdataset(packed, m_scratch, rr.rrs)) {
    return false;
  }
  return knot_pkt_put(m_pkt.get(), KNOT_COMPR_HINT_NONE, &rr, truncate ? 0 : KNOT_PF_NOTRUNC)
         == KNOT_EOK;
}

bool Response::append(std::span<const uint8_t> owner_wire,
                      uint16_t type,
                      uint32_t ttl,
                      std::span<const uint8_t> packed) {
  if (m_pkt->current != KNOT_ANSWER && knot_pkt_begin(m_pkt.get(), KNOT_ANSWER) != KNOT_EOK) {
    return false;
  }
  knot_rrset_t rr;
  knot_rrset_init(&rr, const_cast<uint8_t*>(owner_wire.data()), type, KNOT_CLASS_IN, ttl); // NOLINT
  if (!to_rdataset(packed, m_scratch, rr.rrs)) {
    return false;
  }
  // Compression against the question, set up as knot_pkt_put() does it.
  knot_rrinfo_t info{};
  knot_compr_t* compr = nullptr;
  if (knot_pkt_qname(m_pkt.get()) != nullptr) {
    if (m_pkt->compr.suffix.pos == 0) {
      m_pkt->compr.suffix.pos = KNOT_WIRE_HEADER_SIZE;
      m_pkt->compr.suffix.labels =
          knot_dname_labels(m_pkt->compr.wire + KNOT_WIRE_HEADER_SIZE, m_pkt->compr.wire);
    }
    m_pkt->compr.rrinfo = &info;
    compr = &m_pkt->compr;
  }
  size_t room = m_pkt->max_size - m_pkt->size - m_pkt->reserved;
  int n = knot_rrset_to_wire_extra(&rr,
                                   m_pkt->wire + m_pkt->size,
                                   static_cast<uint16_t>(std::min<size_t>(room, 65535)),
                                   0,
                                   compr,
                                   0);
  m_pkt->compr.rrinfo = nullptr;
  if (n < 0) {
    return false;
  }
  m_pkt->size += static_cast<size_t>(n);
  knot_wire_add_ancount(m_pkt->wire, static_cast<int16_t>(rr.rrs.count));
  ++m_appended;
  return true;
}

bool Response::put_as_qname(
    Section section, uint16_t type, uint32_t ttl, std::span<const uint8_t> packed, bool truncate) {
  knot_section_t s = section_of(section);
  if (m_pkt->current != s && knot_pkt_begin(m_pkt.get(), s) != KNOT_EOK) {
    return false;
  }
  knot_rrset_t rr;
  knot_rrset_init(&rr,
                  const_cast<uint8_t*>(knot_pkt_wire_qname(m_pkt.get())),
                  type, // NOLINT
                  KNOT_CLASS_IN,
                  ttl);
  if (!to_rdataset(packed, m_scratch, rr.rrs)) {
    return false;
  }
  return knot_pkt_put(m_pkt.get(), KNOT_COMPR_HINT_QNAME, &rr, truncate ? 0 : KNOT_PF_NOTRUNC)
         == KNOT_EOK;
}

bool Response::add_opt(uint16_t payload, uint16_t extended_rcode, bool dnssec_ok) {
  if (m_pkt->current != KNOT_ADDITIONAL
      && knot_pkt_begin(m_pkt.get(), KNOT_ADDITIONAL) != KNOT_EOK) {
    return false;
  }
  // The packet refers to the RRset until it is sent: it lives as long as this Response.
  auto* opt = new knot_rrset_t{}; // NOLINT(cppcoreguidelines-owning-memory): owned below
  m_opt = std::shared_ptr<void>(opt, [](void* p) {
    auto* rr = static_cast<knot_rrset_t*>(p);
    knot_rrset_clear(rr, nullptr);
    delete rr; // NOLINT(cppcoreguidelines-owning-memory)
  });
  if (knot_edns_init(opt, payload, static_cast<uint8_t>(extended_rcode >> 4), 0, nullptr)
      != KNOT_EOK) {
    return false;
  }
  if (dnssec_ok) {
    knot_edns_set_do(opt);
  }
  return knot_pkt_put(m_pkt.get(), KNOT_COMPR_HINT_NONE, opt, KNOT_PF_NOTRUNC) == KNOT_EOK;
}

bool Response::add_tsig_error(const Query& query, uint16_t tsig_error) {
  knot_pkt* q = query.raw();
  if (q->tsig_rr == nullptr) {
    return true;
  }
  size_t size = m_pkt->size;
  if (knot_tsig_add(m_pkt->wire, &size, m_pkt->max_size, tsig_error, q->tsig_rr) != KNOT_EOK) {
    return false;
  }
  m_pkt->size = size;
  return true;
}

bool Response::sign(Signer& signer) {
  size_t size = m_pkt->size;
  if (!signer.sign(m_pkt->wire, size, m_pkt->max_size)) {
    return false;
  }
  m_pkt->size = size;
  return true;
}

size_t Response::rr_count() const {
  return m_pkt->rrset_count + m_appended;
}
std::span<const uint8_t> Response::wire() const {
  return {m_pkt->wire, m_pkt->size};
}
bool Response::truncated() const {
  return knot_wire_get_tc(m_pkt->wire) != 0;
}

} // namespace dnsctl::dns
