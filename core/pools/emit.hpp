#pragma once
// Pools back to pools.yaml text (`pool generate-file`, `pool show-config`), in
// Designate's layout, so that generate-file followed by update is a no-op.

#include "core/model/pool.hpp"

#include <string>
#include <vector>

namespace dnsctl::pools {

std::string to_yaml(const std::vector<model::Pool>& pools);
std::string to_yaml(const model::Pool& pool); // one pool, as a mapping

} // namespace dnsctl::pools
