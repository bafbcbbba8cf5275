#include "core/util/net.hpp"

#include "core/util/text.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

namespace dnsctl::net {

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  std::string z(text); // inet_pton wants a terminated string
  IpAddress a;
  if (::inet_pton(AF_INET, z.c_str(), a.bytes.data()) == 1) {
    a.family = AF_INET;
    return a;
  }
  if (::inet_pton(AF_INET6, z.c_str(), a.bytes.data()) == 1) {
    a.family = AF_INET6;
    return a;
  }
  return std::nullopt;
}

std::string IpAddress::text() const {
  std::array<char, INET6_ADDRSTRLEN> buf{};
  if (family != AF_INET && family != AF_INET6) {
    return "";
  }
  ::inet_ntop(family, bytes.data(), buf.data(), buf.size());
  return buf.data();
}

// The casts below are the sockaddr API's: a sockaddr_storage read by its family.
// NOLINTBEGIN(cppcoreguidelines-pro-type-reinterpret-cast)
SockAddr SockAddr::of(const IpAddress& ip, uint16_t port) {
  SockAddr s;
  if (ip.family == AF_INET) {
    auto* v4 = reinterpret_cast<sockaddr_in*>(&s.addr);
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    std::memcpy(&v4->sin_addr, ip.bytes.data(), 4);
    s.len = sizeof(sockaddr_in);
  } else if (ip.family == AF_INET6) {
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&s.addr);
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    std::memcpy(&v6->sin6_addr, ip.bytes.data(), 16);
    s.len = sizeof(sockaddr_in6);
  }
  return s;
}

std::optional<SockAddr> SockAddr::parse(std::string_view ip, uint16_t port) {
  auto a = IpAddress::parse(ip);
  if (!a) {
    return std::nullopt;
  }
  return of(*a, port);
}

std::optional<IpAddress> SockAddr::address() const {
  IpAddress a;
  if (addr.ss_family == AF_INET) {
    a.family = AF_INET;
    std::memcpy(a.bytes.data(), &reinterpret_cast<const sockaddr_in*>(&addr)->sin_addr, 4);
    return a;
  }
  if (addr.ss_family == AF_INET6) {
    a.family = AF_INET6;
    std::memcpy(a.bytes.data(), &reinterpret_cast<const sockaddr_in6*>(&addr)->sin6_addr, 16);
    return a;
  }
  return std::nullopt;
}

std::string SockAddr::ip() const {
  auto a = address();
  return a ? a->text() : "";
}

uint16_t SockAddr::port() const {
  if (addr.ss_family == AF_INET) {
    return ntohs(reinterpret_cast<const sockaddr_in*>(&addr)->sin_port);
  }
  if (addr.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<const sockaddr_in6*>(&addr)->sin6_port);
  }
  return 0;
}

void SockAddr::set_port(uint16_t port) {
  if (addr.ss_family == AF_INET) {
    reinterpret_cast<sockaddr_in*>(&addr)->sin_port = htons(port);
  } else if (addr.ss_family == AF_INET6) {
    reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port = htons(port);
  }
}
// NOLINTEND(cppcoreguidelines-pro-type-reinterpret-cast)

std::string SockAddr::text() const {
  return ip() + "@" + std::to_string(port());
}

Result<HostPort> split_host_port(std::string_view text,
                                 uint16_t default_port,
                                 std::string_view what,
                                 AnyPort any_port) {
  std::string_view host = text;
  std::optional<std::string_view> port;
  auto bad = [&](const std::string& why) {
    return make_error(Errc::invalid_input,
                      std::string(what) + " " + text::quote(text) + ": " + why);
  };
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string_view::npos) {
      return bad("unclosed '['");
    }
    host = text.substr(1, close - 1);
    if (close + 1 < text.size()) {
      if (text[close + 1] != ':') {
        return bad("expected ':' and a port after ']'");
      }
      port = text.substr(close + 2);
    }
    auto ip = IpAddress::parse(host);
    if (!ip || ip->family != AF_INET6) {
      return bad("only an IPv6 address goes in brackets");
    }
  } else if (std::count(text.begin(), text.end(), ':') == 1) {
    host = text.substr(0, text.find(':'));
    port = text.substr(text.find(':') + 1);
  }
  if (host.empty()) {
    return bad("no host");
  }
  HostPort hp{std::string(host), default_port};
  if (port) {
    auto n = text::parse_uint(*port, any_port == AnyPort::yes ? 0 : 1, 65535);
    if (!n) {
      return bad("invalid port " + text::quote(*port)
                 + (any_port == AnyPort::yes ? " (0..65535)" : " (1..65535)"));
    }
    hp.port = static_cast<uint16_t>(*n);
  }
  return hp;
}

Result<SockAddr> parse_host_port(std::string_view text,
                                 uint16_t default_port,
                                 std::string_view what,
                                 AnyPort any_port) {
  DNSCTL_TRY_ASSIGN(auto hp, split_host_port(text, default_port, what, any_port));
  auto s = SockAddr::parse(hp.host, hp.port);
  if (!s) {
    return make_error(Errc::invalid_input,
                      std::string(what) + " " + text::quote(text)
                          + " (expected IP:PORT, or [IPv6]:PORT)");
  }
  return *s;
}

Result<Cidr> Cidr::parse(std::string_view text) {
  Cidr c;
  std::string_view addr = text;
  std::optional<uint64_t> prefix;
  if (auto slash = text.find('/'); slash != std::string_view::npos) {
    addr = text.substr(0, slash);
    prefix = text::parse_uint(text.substr(slash + 1), 0, 128);
    if (!prefix) {
      return make_error(Errc::invalid_input, "invalid prefix length in " + text::quote(text));
    }
  }
  auto ip = IpAddress::parse(addr);
  if (!ip) {
    return make_error(Errc::invalid_input,
                      "invalid address block " + text::quote(text) + " (expected 192.0.2.0/24)");
  }
  c.family = ip->family;
  c.bytes = ip->bytes;
  c.prefix = static_cast<int>(prefix.value_or(ip->family == AF_INET ? 32 : 128));
  if (c.family == AF_INET && c.prefix > 32) {
    return make_error(Errc::invalid_input, "prefix longer than 32 in " + text::quote(text));
  }
  return c;
}

namespace {

bool match(const Cidr& c, int family, const uint8_t* bytes) {
  if (family != c.family) {
    return false;
  }
  int full = c.prefix / 8;
  if (std::memcmp(bytes, c.bytes.data(), static_cast<size_t>(full)) != 0) {
    return false;
  }
  int rest = c.prefix % 8;
  if (rest == 0) {
    return true;
  }
  auto mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (bytes[full] & mask) == (c.bytes[static_cast<size_t>(full)] & mask);
}

} // namespace

bool Cidr::contains(const IpAddress& ip) const {
  if (ip.family == AF_INET6 && family == AF_INET) {
    // An IPv4 client on a dual-stack socket arrives as ::ffff:a.b.c.d.
    static constexpr std::array<uint8_t, 12> k_mapped{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(k_mapped.begin(), k_mapped.end(), ip.bytes.begin())) {
      return match(*this, AF_INET, ip.bytes.data() + 12);
    }
  }
  return match(*this, ip.family, ip.bytes.data());
}

bool Cidr::contains(const SockAddr& peer) const {
  auto ip = peer.address();
  return ip && contains(*ip);
}

bool Cidr::contains(std::string_view ip) const {
  auto a = IpAddress::parse(ip);
  return a && contains(*a);
}

} // namespace dnsctl::net
