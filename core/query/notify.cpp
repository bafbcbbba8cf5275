#include "core/query/notify.hpp"

#include "core/dns/message.hpp"
#include "core/dns/rrtype.hpp"
#include "core/query/udp_exchange.hpp"
#include "core/util/text.hpp"

#include <random>

namespace dnsctl::query {
namespace {

// What went wrong with the TSIG of a NOTIFY's answer, for an operator: "" when
// nothing did.
std::string tsig_problem(const dns::Signer::Check& c, const Key& key) {
  using Kind = dns::Signer::Check::Kind;
  std::string k = "key " + key.name + " (" + key.algorithm + ")";
  switch (c.kind) {
  case Kind::ok:
    return "";
  case Kind::not_signed:
    return "the answer is not signed, though we signed the NOTIFY with " + k;
  case Kind::bad_mac:
    return "the answer's TSIG does not verify with " + k;
  case Kind::malformed:
    return "the answer does not parse";
  case Kind::tsig_error:
    break;
  }
  switch (c.tsig_error) {
  case dns::rcode::k_badkey:
    return "BADKEY: the server does not know " + k;
  case dns::rcode::k_badsig:
    return "BADSIG: the server's secret for " + k + " differs from ours";
  case dns::rcode::k_badtime:
    return "BADTIME: the server's clock and ours differ by more than the fudge (" + k + ")";
  default:
    return "TSIG error " + std::to_string(c.tsig_error) + " from the server for " + k;
  }
}

} // namespace

std::vector<NotifyResult> send_notify(const std::vector<NotifyJob>& jobs,
                                      const NotifyOptions& options) {
  std::random_device rd;
  std::uniform_int_distribution<int> ids(0, 65535);
  std::vector<NotifyResult> out(jobs.size());
  std::vector<std::optional<dns::Signer>> signers(jobs.size());
  std::vector<UdpRequest> requests;
  std::vector<size_t> job_of;
  for (size_t i = 0; i < jobs.size(); ++i) {
    const NotifyZone& zone = *jobs[i].zone;
    const NotifyPeer& peer = jobs[i].peer;
    out[i].peer = peer;
    // RFC 1996 §3.7: opcode NOTIFY, AA, the zone's SOA as question and answer.
    auto id = static_cast<uint16_t>(ids(rd));
    std::vector<uint8_t> wire(65535);
    dns::Response msg(wire, id, dns::k_opcode_notify, zone.apex, dns::rrtype::k_soa);
    msg.set_aa();
    if (peer.key) {
      auto s = dns::Signer::for_request(peer.key->name, peer.key->algorithm, peer.key->secret);
      if (!s) {
        out[i].error = s.error().message;
        continue;
      }
      signers[i] = std::move(*s);
      msg.reserve(signers[i]->wire_size());
    }
    msg.put_as_qname(
        dns::Section::answer, dns::rrtype::k_soa, zone.ttl, dns::pack_rdata({zone.soa}));
    if (signers[i]) {
      msg.release(signers[i]->wire_size());
      msg.sign(*signers[i]);
    }
    UdpRequest r;
    r.host = peer.host;
    r.port = peer.port;
    r.wire.assign(msg.wire().begin(), msg.wire().end());
    // Only the answer to our message counts: same id, QR and opcode NOTIFY.
    r.is_answer = [id](std::span<const uint8_t> got) {
      return got.size() >= 12 && ((got[0] << 8) | got[1]) == id && (got[2] & 0x80) != 0
             && ((got[2] >> 3) & 0x0f) == dns::k_opcode_notify;
    };
    requests.push_back(std::move(r));
    job_of.push_back(i);
  }
  // Back off: 0.5 s, 1 s, 2 s, ...; a refused port may be a server still starting.
  exchange_udp(requests, UdpOptions{options.timeout, options.first_retry, false});
  for (size_t k = 0; k < requests.size(); ++k) {
    const UdpRequest& r = requests[k];
    NotifyResult& res = out[job_of[k]];
    res.attempts = r.attempts;
    res.seconds = r.seconds;
    if (!r.answered) {
      res.error =
          !r.error.empty() ? r.error : "no answer after " + std::to_string(r.attempts) + " tries";
      continue;
    }
    res.rcode = r.answer[3] & 0x0f;
    if (signers[job_of[k]]) {
      res.error = tsig_problem(signers[job_of[k]]->check_response(r.answer), *res.peer.key);
    }
  }
  return out;
}

std::vector<NotifyResult> send_notify(const NotifyZone& zone,
                                      const std::vector<NotifyPeer>& peers,
                                      const NotifyOptions& options) {
  std::vector<NotifyJob> jobs;
  jobs.reserve(peers.size());
  for (const auto& p : peers) {
    jobs.push_back({&zone, p});
  }
  return send_notify(jobs, options);
}

namespace {

const char* rcode_name(int rcode) {
  switch (rcode) {
  case 1:
    return "FORMERR";
  case 2:
    return "SERVFAIL";
  case 3:
    return "NXDOMAIN";
  case 4:
    return "NOTIMP";
  case 5:
    return "REFUSED";
  case 9:
    return "NOTAUTH";
  default:
    return nullptr;
  }
}

} // namespace

std::string NotifyResult::why() const {
  if (!error.empty()) {
    return error;
  }
  if (rcode == 0) {
    return "";
  }
  const char* name = rcode_name(rcode);
  std::string r = name != nullptr ? name : "rcode " + std::to_string(rcode);
  // RFC 1996 §4.8: a secondary that does not serve the zone refuses its NOTIFY.
  if (rcode == 5 || rcode == 9 || rcode == 3) {
    r += ": the server does not take NOTIFY for the zone from us (not configured, "
         "or we are not one of its primaries)";
  }
  return r;
}

} // namespace dnsctl::query
