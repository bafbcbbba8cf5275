#include "core/util/uuid.hpp"

#include <array>
#include <cstdint>
#include <random>

namespace dnsctl::uuid {

std::string generate() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::array<uint8_t, 16> b{};
  for (size_t i = 0; i < b.size(); i += 8) {
    uint64_t r = rng();
    for (size_t j = 0; j < 8; ++j) {
      b[i + j] = static_cast<uint8_t>(r >> (8 * j));
    }
  }
  b[6] = static_cast<uint8_t>((b[6] & 0x0f) | 0x40); // version 4
  b[8] = static_cast<uint8_t>((b[8] & 0x3f) | 0x80); // RFC 4122 variant
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string s;
  s.reserve(36);
  for (size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) {
      s += '-';
    }
    s += k_hex[b[i] >> 4];
    s += k_hex[b[i] & 0x0f];
  }
  return s;
}

bool is_valid(std::string_view t) {
  if (t.size() != 36) {
    return false;
  }
  for (size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') {
        return false;
      }
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

} // namespace dnsctl::uuid
