#include "core/util/uuid.hpp"

#include <array>
#include <cstdint>
#include <random>

namespace dnsctl::uuid {

namespace {

std::string format(std::array<uint8_t, 16> b, uint8_t version) {
  b[6] = static_cast<uint8_t>((b[6] & 0x0f) | (version << 4));
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

} // namespace

std::string from_name(std::string_view text) {
  // Two FNV-1a 64-bit hashes with different offsets: stable across builds and
  // platforms (std::hash is not), and unique enough for ids within one zone.
  auto fnv = [&](uint64_t h) {
    for (char c : text) {
      h ^= static_cast<uint8_t>(c);
      h *= 0x100000001b3ULL;
    }
    return h;
  };
  // MurmurHash3's finaliser, so that names differing only at the end (the type)
  // differ in every byte of the id, not only the last ones.
  auto mix = [](uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
  };
  uint64_t hi = mix(fnv(0xcbf29ce484222325ULL));
  uint64_t lo = mix(fnv(0x84222325cbf29ce4ULL) ^ hi);
  std::array<uint8_t, 16> b{};
  for (size_t j = 0; j < 8; ++j) {
    b[j] = static_cast<uint8_t>(hi >> (56 - 8 * j));
    b[8 + j] = static_cast<uint8_t>(lo >> (56 - 8 * j));
  }
  return format(b, 8);
}

std::string generate() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::array<uint8_t, 16> b{};
  for (size_t i = 0; i < b.size(); i += 8) {
    uint64_t r = rng();
    for (size_t j = 0; j < 8; ++j) {
      b[i + j] = static_cast<uint8_t>(r >> (8 * j));
    }
  }
  return format(b, 4);
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
