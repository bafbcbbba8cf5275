#pragma once
// Asks servers for a zone's SOA serial over UDP, all at once: how sync sees whether
// the pool's nameservers serve what the store holds (and `status` shows the lag).

#include "core/dns/name.hpp"
#include "core/query/key.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dnsctl::query {

struct ProbeTarget {
  std::string host; // an IP address
  uint16_t port = 53;
  std::optional<Key> key; // the query is TSIG-signed with it
};

struct Probe {
  ProbeTarget server;
  bool answered = false;
  int rcode = -1;
  std::optional<uint32_t> serial; // set when the server answered with the zone's SOA (AA)
  std::string error;              // no answer, not an address, ...
};

// One SOA query per server, sent again at half the timeout if it got no answer.
std::vector<Probe> probe_serials(const dns::Name& apex,
                                 const std::vector<ProbeTarget>& servers,
                                 std::chrono::milliseconds timeout);

// Many zones at once (sync polls every zone of a run together): results in the order
// of `queries`; at most 256 in flight.
struct ProbeQuery {
  const dns::Name* apex = nullptr;
  ProbeTarget server;
};
std::vector<Probe> probe_serials(const std::vector<ProbeQuery>& queries,
                                 std::chrono::milliseconds timeout);

} // namespace dnsctl::query
