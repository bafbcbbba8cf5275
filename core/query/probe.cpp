#include "core/query/probe.hpp"

#include "core/dns/message.hpp"
#include "core/dns/rrtype.hpp"
#include "core/query/udp_exchange.hpp"

#include <random>
#include <span>

namespace dnsctl::query {

std::vector<Probe> probe_serials(const std::vector<ProbeQuery>& queries,
                                 std::chrono::milliseconds timeout) {
  std::random_device rd;
  std::uniform_int_distribution<int> ids(0, 65535);
  // Each answer is parsed once, by is_answer, into its slot here.
  std::vector<dns::SoaAnswer> answers(queries.size());
  std::vector<UdpRequest> requests;
  requests.reserve(queries.size());
  for (const auto& query : queries) {
    const dns::Name* apex = query.apex;
    auto id = static_cast<uint16_t>(ids(rd));
    std::vector<uint8_t> buf(512);
    dns::Response q(buf, id, dns::k_opcode_query, *apex, dns::rrtype::k_soa);
    UdpRequest r;
    if (const auto& k = query.server.key) {
      auto signer = dns::Signer::for_request(k->name, k->algorithm, k->secret);
      if (!signer) {
        r.error = "TSIG key " + k->name + ": " + signer.error().message;
      } else {
        q.reserve(signer->wire_size());
        q.release(signer->wire_size());
        q.sign(*signer);
      }
    }
    r.host = query.server.host;
    r.port = query.server.port;
    r.wire.assign(q.wire().begin(), q.wire().end());
    r.is_answer = [id, apex, slot = &answers[requests.size()]](std::span<const uint8_t> got) {
      *slot = dns::parse_soa_answer(got, id, *apex);
      return slot->rcode >= 0;
    };
    requests.push_back(std::move(r));
  }
  // Sent again once, at half the timeout; a refused port is down for this round.
  exchange_udp(requests, UdpOptions{timeout, timeout / 2, true});
  std::vector<Probe> out(queries.size());
  for (size_t i = 0; i < queries.size(); ++i) {
    Probe& p = out[i];
    p.server = queries[i].server;
    if (!requests[i].answered) {
      p.error = !requests[i].error.empty()
                    ? requests[i].error
                    : "no answer in " + std::to_string(timeout.count()) + " ms";
      continue;
    }
    p.answered = true;
    p.rcode = answers[i].rcode;
    if (answers[i].rcode == dns::rcode::k_noerror && answers[i].aa) {
      p.serial = answers[i].serial;
    }
  }
  return out;
}

std::vector<Probe> probe_serials(const dns::Name& apex,
                                 const std::vector<ProbeTarget>& servers,
                                 std::chrono::milliseconds timeout) {
  std::vector<ProbeQuery> queries;
  queries.reserve(servers.size());
  for (const auto& s : servers) {
    queries.push_back({&apex, s});
  }
  return probe_serials(queries, timeout);
}

} // namespace dnsctl::query
