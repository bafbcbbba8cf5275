#pragma once
// RR types dnsctl stores: the table of which types are accepted, and their names.

#include "core/util/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace dnsctl::dns {

namespace rrtype {
inline constexpr uint16_t a = 1;
inline constexpr uint16_t ns = 2;
inline constexpr uint16_t cname = 5;
inline constexpr uint16_t soa = 6;
inline constexpr uint16_t ptr = 12;
inline constexpr uint16_t mx = 15;
inline constexpr uint16_t txt = 16;
inline constexpr uint16_t aaaa = 28;
inline constexpr uint16_t srv = 33;
inline constexpr uint16_t dname = 39;
inline constexpr uint16_t opt = 41;
inline constexpr uint16_t ds = 43;
inline constexpr uint16_t ixfr = 251;
inline constexpr uint16_t axfr = 252;
inline constexpr uint16_t any = 255;
} // namespace rrtype

// "A", "TYPE65534", ... (the mnemonic when libknot knows one).
std::string type_to_text(uint16_t type);

// A type an operator may store: known to the parser, not a meta or DNSSEC-generated
// type, not the managed SOA. The error lists the accepted mnemonics.
Result<uint16_t> parse_storable_type(std::string_view text);

// The mnemonics accepted by parse_storable_type, space separated (for help and errors).
std::string storable_types_text();

} // namespace dnsctl::dns
