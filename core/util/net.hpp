#pragma once
// Addresses, in one place (Knot's contrib/sockaddr): an IP literal, a socket address
// with its port, "HOST:PORT" / "[V6]:PORT" / "V6" parsing with a default port, and
// address blocks. pools.yaml, --listen, NOTIFY, the control channel, the sink and the
// mdns all parse and build addresses through these.

#include "core/util/result.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dnsctl::net {

// An IPv4 or IPv6 address (no port).
struct IpAddress {
  int family = 0; // AF_INET or AF_INET6
  std::array<uint8_t, 16> bytes{};

  static std::optional<IpAddress> parse(std::string_view text);
  size_t size() const { return family == AF_INET ? 4 : 16; }
  // The canonical text (inet_ntop's): "2001:db8::1", "192.0.2.1".
  std::string text() const;
};

// A socket address: what bind, connect, sendto and accept take and give.
struct SockAddr {
  sockaddr_storage addr{};
  socklen_t len = 0;

  static SockAddr of(const IpAddress& ip, uint16_t port);
  // From an IP literal; nullopt for anything else (host names are not resolved).
  static std::optional<SockAddr> parse(std::string_view ip, uint16_t port);

  int family() const { return addr.ss_family; }
  std::string ip() const;
  uint16_t port() const;
  void set_port(uint16_t port);
  std::optional<IpAddress> address() const;
  std::string text() const; // "192.0.2.1@53001", as Knot writes remotes

  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&addr); } // NOLINT
  sockaddr* get() { return reinterpret_cast<sockaddr*>(&addr); }                   // NOLINT
};

// A host and a port as they were written; the host is an IP literal or a name.
struct HostPort {
  std::string host;
  uint16_t port = 0;
};

// "192.0.2.1:53", "[2001:db8::1]:53", "2001:db8::1" (no brackets: no port), "host:53",
// "host" -> host and port (`default_port` when none is given). `what` names the value
// in errors ("listen address", "masters").
// A port of 0 is refused unless `any_port` (a listen address asking the kernel for one).
enum class AnyPort { no, yes };
Result<HostPort> split_host_port(std::string_view text,
                                 uint16_t default_port,
                                 std::string_view what = "address",
                                 AnyPort any_port = AnyPort::no);

// As split_host_port, and the host must be an IP literal.
Result<SockAddr> parse_host_port(std::string_view text,
                                 uint16_t default_port,
                                 std::string_view what = "address",
                                 AnyPort any_port = AnyPort::no);

// An address block: "192.0.2.0/24", "2001:db8::/32", "192.0.2.1".
struct Cidr {
  int family = 0;
  std::array<uint8_t, 16> bytes{};
  int prefix = 0;

  static Result<Cidr> parse(std::string_view text);
  // An IPv4 block matches IPv4 clients that arrive on a dual-stack socket (::ffff:a.b.c.d).
  bool contains(const SockAddr& peer) const;
  bool contains(const IpAddress& ip) const;
  bool contains(std::string_view ip) const;
};

} // namespace dnsctl::net
