#pragma once
// Requests to many servers over UDP at once, each sent again with back-off until its
// answer comes or the time is up: what NOTIFY out and sync's serial polls share.
// At most 256 requests are in flight at a time (a connected socket each).

#include <chrono>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace dnsctl::query {

struct UdpRequest {
  std::string host; // an IP address
  uint16_t port = 53;
  std::vector<uint8_t> wire;
  // Whether a datagram is the answer to this request (same id, QR, opcode...).
  std::function<bool(std::span<const uint8_t>)> is_answer;

  // Filled in by exchange_udp().
  bool answered = false;
  std::vector<uint8_t> answer;
  int attempts = 0;
  double seconds = 0; // until the answer, or until given up
  std::string error;  // why there is no answer; "" when it only timed out
};

struct UdpOptions {
  std::chrono::milliseconds timeout{std::chrono::seconds(10)}; // for all requests together
  std::chrono::milliseconds first_retry{std::chrono::milliseconds(500)}; // doubles each time
  // ICMP port unreachable ends the request with "connection refused"; otherwise it is
  // sent again until the deadline (the server may be starting).
  bool stop_when_refused = false;
};

void exchange_udp(std::vector<UdpRequest>& requests, const UdpOptions& options);

} // namespace dnsctl::query
