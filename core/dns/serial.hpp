#pragma once
// SOA serials with RFC 1982 sequence-space arithmetic. Two serials exactly 2^31 apart
// have no order, so comparison returns std::partial_ordering (Knot's INCOMPARABLE).

#include <compare>
#include <cstdint>

namespace dnsctl::dns {

class Serial {
public:
  constexpr Serial() = default;
  constexpr explicit Serial(uint32_t value)
      : m_value(value) {}
  constexpr uint32_t value() const { return m_value; }

  std::partial_ordering operator<=>(const Serial& other) const;
  bool operator==(const Serial& other) const { return m_value == other.m_value; }

  // RFC 1982 §3.1: adding n (0 <= n < 2^31) wraps modulo 2^32.
  Serial plus(uint32_t n) const { return Serial(m_value + n); }

  // Designate's rule, in sequence space: the unix time when it is ahead of the old
  // serial, else old + 1. A serial never moves backwards, even when the clock does.
  static Serial next(Serial old, uint32_t unix_now);

private:
  uint32_t m_value = 0;
};

} // namespace dnsctl::dns
