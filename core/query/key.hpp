#pragma once
// The TSIG key a request to a peer is signed with (NOTIFY out, serial polls).

#include <string>

namespace dnsctl::query {

struct Key {
  std::string name; // absolute, lower case
  std::string algorithm;
  std::string secret; // base64
};

} // namespace dnsctl::query
