#include "core/mdns/handler.hpp"
#include "core/util/text.hpp"

#include <arpa/inet.h>

#include <cstring>

namespace dnsctl::mdns {

std::string Peer::ip() const {
  std::array<char, INET6_ADDRSTRLEN> buf{};
  if (addr.ss_family == AF_INET) {
    const auto* a = reinterpret_cast<const sockaddr_in*>(&addr); // NOLINT: sockaddr family
    ::inet_ntop(AF_INET, &a->sin_addr, buf.data(), buf.size());
  } else if (addr.ss_family == AF_INET6) {
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&addr); // NOLINT: sockaddr family
    ::inet_ntop(AF_INET6, &a->sin6_addr, buf.data(), buf.size());
  }
  return buf.data();
}

uint16_t Peer::port() const {
  if (addr.ss_family == AF_INET) {
    return ntohs(reinterpret_cast<const sockaddr_in*>(&addr)->sin_port); // NOLINT
  }
  if (addr.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<const sockaddr_in6*>(&addr)->sin6_port); // NOLINT
  }
  return 0;
}

std::string Peer::text() const {
  return ip() + "@" + std::to_string(port());
}

Result<Cidr> parse_cidr(std::string_view text) {
  Cidr c;
  std::string t(text);
  std::string addr = t;
  std::optional<uint64_t> prefix;
  if (auto slash = t.find('/'); slash != std::string::npos) {
    addr = t.substr(0, slash);
    prefix = text::parse_uint(t.substr(slash + 1), 0, 128);
    if (!prefix) {
      return make_error(Errc::invalid_input, "invalid prefix length in " + text::quote(text));
    }
  }
  if (::inet_pton(AF_INET, addr.c_str(), c.bytes.data()) == 1) {
    c.family = AF_INET;
    c.prefix = static_cast<int>(prefix.value_or(32));
    if (c.prefix > 32) {
      return make_error(Errc::invalid_input, "prefix longer than 32 in " + text::quote(text));
    }
  } else if (::inet_pton(AF_INET6, addr.c_str(), c.bytes.data()) == 1) {
    c.family = AF_INET6;
    c.prefix = static_cast<int>(prefix.value_or(128));
  } else {
    return make_error(Errc::invalid_input,
                      "invalid address block " + text::quote(text) + " (expected 192.0.2.0/24)");
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

bool Cidr::contains(const Peer& peer) const {
  if (peer.addr.ss_family == AF_INET) {
    const auto* a = reinterpret_cast<const sockaddr_in*>(&peer.addr);             // NOLINT
    return match(*this, AF_INET, reinterpret_cast<const uint8_t*>(&a->sin_addr)); // NOLINT
  }
  if (peer.addr.ss_family == AF_INET6) {
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&peer.addr); // NOLINT
    // An IPv4 client on a dual-stack socket arrives as ::ffff:a.b.c.d.
    if (family == AF_INET && IN6_IS_ADDR_V4MAPPED(&a->sin6_addr)) {
      return match(*this, AF_INET, a->sin6_addr.s6_addr + 12);
    }
    return match(*this, AF_INET6, a->sin6_addr.s6_addr);
  }
  return false;
}

bool Cidr::contains(const std::string& ip) const {
  std::array<uint8_t, 16> b{};
  if (::inet_pton(AF_INET, ip.c_str(), b.data()) == 1) {
    return match(*this, AF_INET, b.data());
  }
  if (::inet_pton(AF_INET6, ip.c_str(), b.data()) == 1) {
    return match(*this, AF_INET6, b.data());
  }
  return false;
}

} // namespace dnsctl::mdns
