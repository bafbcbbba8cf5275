#pragma once
// TSIG (RFC 8945) keys and the checks the CLI makes before a key is stored: the
// algorithm names libknot signs with, and secrets that really are base64.

#include "core/util/result.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dnsctl::dns {

// hmac-md5 hmac-sha1 hmac-sha224 hmac-sha256 hmac-sha384 hmac-sha512
bool valid_tsig_algorithm(std::string_view name);
std::string tsig_algorithms_text();

// A random secret of the algorithm's digest size, base64.
Result<std::string> generate_tsig_secret(std::string_view algorithm);

// HMAC of `data` with a base64 secret, for protocols other than DNS that sign with
// the same keys (BIND's control channel), and the digest as base64 text.
Result<std::string>
hmac_base64(std::string_view algorithm, std::string_view secret, const uint8_t* data, size_t size);

// Checks that libknot accepts (name, algorithm, secret) as a key.
Status check_tsig_key(std::string_view name, std::string_view algorithm, std::string_view secret);

} // namespace dnsctl::dns
