#pragma once
// A TSIG key as each server's configuration writes it, so an operator can paste what
// `tsigkey show -f bind|knot|nsd` prints (named.conf, knot.conf, nsd.conf).

#include <string>
#include <string_view>

namespace dnsctl::dns {

enum class KeyClause { bind, knot, nsd };

// "bind", "knot", "nsd" -> the clause kind; false for anything else.
bool parse_key_clause(std::string_view text, KeyClause& out);

// name: absolute, as stored; algorithm: hmac-sha256 ...; secret: base64.
std::string key_clause(KeyClause kind,
                       const std::string& name,
                       const std::string& algorithm,
                       const std::string& secret);

} // namespace dnsctl::dns
