#include "backends/config_text.hpp"

#include "core/util/text.hpp"

namespace dnsctl::backends {

std::string bare_key_name(const std::string& name) {
  return name.size() > 1 && name.back() == '.' ? name.substr(0, name.size() - 1) : name;
}

std::string catalog_key_algorithm(const model::CatalogZone& catalog) {
  return catalog.tsig_algorithm.empty() ? "hmac-sha256" : text::lower(catalog.tsig_algorithm);
}

} // namespace dnsctl::backends
