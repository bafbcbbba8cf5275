#include "core/mdns/zone_source.hpp"

namespace dnsctl::mdns {

const ZoneInfo* Catalog::find_zone(Key name) const {
  // Sort keys list labels from the root down, each ended by a 0 byte: every prefix
  // that ends at a 0 is an ancestor. Try the longest first.
  for (size_t len = name.size(); len > 0; --len) {
    if (name[len - 1] != 0) {
      continue;
    }
    auto it = zones.find(std::string(reinterpret_cast<const char*>(name.data()), len));
    if (it != zones.end()) {
      return &it->second;
    }
  }
  return nullptr;
}

const KeyInfo* Catalog::find_key(const std::string& name) const {
  for (const auto& k : keys) {
    if (k.name == name) {
      return &k;
    }
  }
  return nullptr;
}

} // namespace dnsctl::mdns
