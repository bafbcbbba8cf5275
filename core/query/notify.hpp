#pragma once
// NOTIFY out (RFC 1996): tells secondaries a zone changed. Each peer gets the NOTIFY
// over UDP, signed when it has a TSIG key, again and again with back-off until it
// answers or the time is up; the result says how each peer answered.

#include "core/dns/name.hpp"
#include "core/dns/rdata.hpp"
#include "core/query/key.hpp"
#include "core/util/result.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace dnsctl::query {

struct NotifyPeer {
  std::string label; // "target bind9 <uuid>", "also_notify", "--to"
  std::string host;  // an IP address
  uint16_t port = 53;
  std::optional<Key> key;
  int64_t target_id = 0; // the pool target it is; 0 for also_notifies and --to
};

struct NotifyResult {
  NotifyPeer peer;
  int rcode = -1; // -1: no answer
  int attempts = 0;
  double seconds = 0;
  std::string error; // why it failed, when it did
  bool ok() const { return rcode == 0 && error.empty(); }
  // "REFUSED: the server does not serve the zone", "no answer after 4 tries", ...
  std::string why() const;
};

struct NotifyOptions {
  std::chrono::milliseconds timeout{std::chrono::seconds(10)};           // for all peers together
  std::chrono::milliseconds first_retry{std::chrono::milliseconds(500)}; // doubles each time
};

// The zone's SOA (apex, rdata, TTL) as the NOTIFY carries it in its answer section.
struct NotifyZone {
  dns::Name apex;
  dns::Rdata soa;
  uint32_t ttl = 0;
};

// Many zones at once (sync): results in the order of `jobs`; at most 256 in flight.
struct NotifyJob {
  const NotifyZone* zone = nullptr;
  NotifyPeer peer;
};
std::vector<NotifyResult> send_notify(const std::vector<NotifyJob>& jobs,
                                      const NotifyOptions& options);
std::vector<NotifyResult> send_notify(const NotifyZone& zone,
                                      const std::vector<NotifyPeer>& peers,
                                      const NotifyOptions& options);

} // namespace dnsctl::query
