#pragma once
// RR types dnsctl stores: the table of which types are accepted, and their names.

#include "core/util/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace dnsctl::dns {

namespace rrtype {
inline constexpr uint16_t k_a = 1;
inline constexpr uint16_t k_ns = 2;
inline constexpr uint16_t k_cname = 5;
inline constexpr uint16_t k_soa = 6;
inline constexpr uint16_t k_ptr = 12;
inline constexpr uint16_t k_mx = 15;
inline constexpr uint16_t k_txt = 16;
inline constexpr uint16_t k_aaaa = 28;
inline constexpr uint16_t k_srv = 33;
inline constexpr uint16_t k_dname = 39;
inline constexpr uint16_t k_spf = 99;
inline constexpr uint16_t k_opt = 41;
inline constexpr uint16_t k_ds = 43;
inline constexpr uint16_t k_tsig = 250;
inline constexpr uint16_t k_ixfr = 251;
inline constexpr uint16_t k_axfr = 252;
inline constexpr uint16_t k_any = 255;
} // namespace rrtype

// "A", "TYPE65534", ... (the mnemonic when libknot knows one).
std::string type_to_text(uint16_t type);

// A type an operator may store: known to the parser, not a meta or DNSSEC-generated
// type, not the managed SOA. The error lists the accepted mnemonics.
Result<uint16_t> parse_storable_type(std::string_view text);

// The mnemonics accepted by parse_storable_type, space separated (for help and errors).
std::string storable_types_text();

} // namespace dnsctl::dns
