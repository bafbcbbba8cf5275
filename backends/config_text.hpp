#pragma once
// Helpers the backends' configuration texts share (internal to backends/).

#include "backends/backend.hpp"

#include <string>

namespace dnsctl::backends {

// BIND and NSD name keys without the root dot (as tsig-keygen prints them); a name with
// a dot at the end is a different key to NSD.
std::string bare_key_name(const std::string& name);

// The catalog's key algorithm (pools.yaml catalog_zone_tsig_algorithm; hmac-sha256).
std::string catalog_key_algorithm(const model::CatalogZone& catalog);

} // namespace dnsctl::backends
