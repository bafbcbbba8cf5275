#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace dnsctl::model {

enum class KeyScope { all, pool, zone };

std::string to_string(KeyScope s);            // ALL POOL ZONE
KeyScope parse_key_scope(std::string_view s); // anything else: ALL

struct TsigKey {
  int64_t id = 0;
  std::string uuid;
  std::string name;      // absolute, lower case
  std::string algorithm; // hmac-sha256, ...
  std::string secret;    // base64
  KeyScope scope = KeyScope::all;
  std::string resource_id;   // pool or zone uuid
  std::string resource_name; // for display
  int64_t created_at = 0;
};

} // namespace dnsctl::model
