#pragma once
// Designate's TLDs and blacklists: what zone names this site allows.

#include <cstdint>
#include <string>

namespace dnsctl::model {

struct Tld {
  int64_t id = 0;
  std::string uuid;
  std::string name; // lower case, no final dot: "org", "co.uk"
  std::string description;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct Blacklist {
  int64_t id = 0;
  std::string uuid;
  std::string pattern; // RE2, searched in the zone name with its final dot
  std::string description;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

} // namespace dnsctl::model
