#include "core/dns/serial.hpp"

namespace dnsctl::dns {

std::partial_ordering Serial::operator<=>(const Serial& other) const {
  uint32_t a = m_value;
  uint32_t b = other.m_value;
  if (a == b) {
    return std::partial_ordering::equivalent;
  }
  uint32_t diff = b - a; // modulo 2^32
  if (diff == 0x80000000u) {
    return std::partial_ordering::unordered;
  }
  return diff < 0x80000000u ? std::partial_ordering::less : std::partial_ordering::greater;
}

Serial Serial::next(Serial old, uint32_t unix_now) {
  Serial now(unix_now);
  if (now > old) {
    return now;
  }
  return old.plus(1);
}

} // namespace dnsctl::dns
