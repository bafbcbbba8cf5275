#pragma once
// Pools back to pools.yaml text (`pool generate-file`, `pool show-config`), in
// Designate's layout, so that generate-file followed by update is a no-op.

#include "core/model/pool.hpp"

#include <string>
#include <vector>

namespace dnsctl::pools {

std::string to_yaml(const std::vector<model::Pool>& pools);
std::string to_yaml(const model::Pool& pool); // one pool, as a mapping
// The pools with every secret (pdns4 api_token, the catalog's key, ...) shown as "****": for
// what is printed (show-config); generate-file keeps them, to round-trip the file.
std::vector<model::Pool> without_secrets(std::vector<model::Pool> pools);

} // namespace dnsctl::pools
