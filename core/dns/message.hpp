#pragma once
// DNS messages over libknot's knot_pkt: a parsed request (Query), a response being
// built (Response), and the TSIG state of a conversation (Signer, RFC 8945). This is
// the only place mdns touches libknot; its error codes never leave here.

#include "core/dns/name.hpp"
#include "core/util/result.hpp"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

struct knot_pkt;

namespace dnsctl::dns {

namespace rcode {
inline constexpr uint16_t k_noerror = 0;
inline constexpr uint16_t k_formerr = 1;
inline constexpr uint16_t k_servfail = 2;
inline constexpr uint16_t k_nxdomain = 3;
inline constexpr uint16_t k_notimp = 4;
inline constexpr uint16_t k_refused = 5;
inline constexpr uint16_t k_yxdomain = 6;
inline constexpr uint16_t k_notauth = 9;
inline constexpr uint16_t k_badvers = 16; // extended, in OPT (RFC 6891)
inline constexpr uint16_t k_badsig = 16;  // TSIG errors (RFC 8945), in the TSIG RR
inline constexpr uint16_t k_badkey = 17;
inline constexpr uint16_t k_badtime = 18;
} // namespace rcode

inline constexpr uint8_t k_opcode_query = 0;
inline constexpr uint8_t k_opcode_notify = 4;

struct PktDeleter {
  void operator()(knot_pkt* p) const;
};
using PktPtr = std::unique_ptr<knot_pkt, PktDeleter>;

// A request as received. parse() fails on anything libknot cannot parse; header()
// still says whether a reply (FORMERR) can be formed.
class Query {
public:
  static Result<Query> parse(std::span<const uint8_t> wire);

  // The 12-byte header is there and QR is 0: a malformed query still gets a FORMERR.
  static bool is_request(std::span<const uint8_t> wire);
  // The FORMERR reply to a request that did not parse: its header (and question, if
  // that much parses) with RCODE FORMERR. Empty when not even the header is there.
  static std::vector<uint8_t> formerr_for(std::span<const uint8_t> wire);

  uint16_t id() const;
  uint8_t opcode() const;
  uint16_t qdcount() const;
  const Name& qname() const { return m_qname; }
  const std::vector<uint8_t>& qname_key() const { return m_qname_key; }
  uint16_t qtype() const;
  uint16_t qclass() const;

  bool has_edns() const;
  uint16_t edns_payload() const;
  uint8_t edns_version() const;
  bool edns_do() const; // DNSSEC OK (RFC 3225)

  bool has_tsig() const;
  std::string tsig_key_name() const; // absolute, lower case
  std::string tsig_algorithm() const;

  // The client's serial from the SOA in the authority section of an IXFR query.
  std::optional<uint32_t> ixfr_serial() const;

  knot_pkt* raw() const { return m_pkt.get(); }

private:
  PktPtr m_pkt;
  std::vector<uint8_t> m_wire; // the packet points into it
  Name m_qname;
  std::vector<uint8_t> m_qname_key;
};

// TSIG for one conversation: verification of the request, then signing of every
// message of the answer (the first with the request MAC, the next ones chained).
// What a server answered to our SOA query for `apex`: its RCODE, AA, and the serial
// of the SOA owned by `apex` in the answer section. rcode -1: not the answer to
// message `id`, or malformed.
struct SoaAnswer {
  int rcode = -1;
  bool aa = false;
  std::optional<uint32_t> serial;
};
SoaAnswer parse_soa_answer(std::span<const uint8_t> wire, uint16_t id, const Name& apex);

class Signer {
public:
  Signer();
  ~Signer();
  Signer(Signer&& other) noexcept;
  Signer& operator=(Signer&& other) noexcept;

  // Verifies `query` with the key. Returns the TSIG error: 0, or BADSIG / BADTIME
  // (BADKEY is the caller's: the key is unknown).
  static Result<std::pair<Signer, uint16_t>> verify(const Query& query,
                                                    const std::string& name,
                                                    const std::string& algorithm,
                                                    const std::string& secret);
  // A signer for a request we send (NOTIFY).
  static Result<Signer>
  for_request(const std::string& name, const std::string& algorithm, const std::string& secret);

  bool active() const { return m_active; }
  uint16_t tsig_error() const { return m_error; }
  size_t wire_size() const; // room a TSIG RR takes in a message

  // Signs `wire[0..size)` in place (size grows); false when it does not fit.
  bool sign(uint8_t* wire, size_t& size, size_t max_size);
  // Checks a response to a request this signer signed (RFC 8945 §5.3.2: a server
  // that rejects our TSIG answers unsigned, with the error in its TSIG RR).
  struct Check {
    enum class Kind { ok, not_signed, tsig_error, bad_mac, malformed };
    Kind kind = Kind::malformed;
    uint16_t tsig_error = 0; // BADSIG, BADKEY, BADTIME... when kind is tsig_error
  };
  Check check_response(std::span<const uint8_t> wire);

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
  bool m_active = false;
  uint16_t m_error = 0;
};

enum class Section { answer, authority, additional };

// A response under construction in a caller's buffer.
class Response {
public:
  // Copies id, opcode, RD and the question from `query` (unless `question` is false);
  // sets QR. `max_size` bounds the message (512 or the EDNS size for UDP).
  Response(const Query& query, std::span<uint8_t> buffer, size_t max_size, bool question = true);
  // A new request (NOTIFY) rather than a response.
  Response(
      std::span<uint8_t> buffer, uint16_t id, uint8_t opcode, const Name& qname, uint16_t qtype);

  void set_aa();
  void set_rcode(uint16_t rcode); // the low 4 bits; BADVERS goes in the OPT RR
  // Keeps `bytes` free at the end for OPT and TSIG.
  void reserve(size_t bytes);
  void release(size_t bytes);

  // Adds an RRset from packed rdata (dns::pack_rdata form). `owner_wire` uncompressed.
  // Returns false when it does not fit: with `truncate`, TC is set.
  bool put(Section section,
           std::span<const uint8_t> owner_wire,
           uint16_t type,
           uint32_t ttl,
           std::span<const uint8_t> packed,
           bool truncate = true);
  // Like put() into the answer section without truncation, for transfers: the RRset
  // is written to the wire only, not kept in libknot's table of the packet's RRsets.
  // That table grows 16 entries at a time, copied each time: quadratic in the RRsets
  // of a message, and most of the CPU of a 64 KiB AXFR message.
  bool append(std::span<const uint8_t> owner_wire,
              uint16_t type,
              uint32_t ttl,
              std::span<const uint8_t> packed);
  // The same RRset, owned by the QNAME (wildcard answers, and the SOA at the apex).
  bool put_as_qname(Section section,
                    uint16_t type,
                    uint32_t ttl,
                    std::span<const uint8_t> packed,
                    bool truncate = true);

  // An OPT RR (RFC 6891) with our payload size; `extended_rcode` for BADVERS. The DO
  // bit is copied from the request (RFC 3225 §3), even though we sign nothing.
  bool add_opt(uint16_t payload, uint16_t extended_rcode, bool dnssec_ok);
  // The request's TSIG RR with an error and no MAC: BADKEY and BADSIG replies.
  bool add_tsig_error(const Query& query, uint16_t tsig_error);
  bool sign(Signer& signer);

  size_t rr_count() const;
  std::span<const uint8_t> wire() const;
  bool truncated() const;

private:
  std::shared_ptr<void> m_opt; // a knot_rrset_t the packet refers to
  PktPtr m_pkt;
  std::span<uint8_t> m_buffer;
  std::vector<uint8_t> m_scratch;
  size_t m_appended = 0; // RRsets written by append()
};

} // namespace dnsctl::dns
