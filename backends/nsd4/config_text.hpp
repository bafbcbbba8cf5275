#pragma once
#include "backends/backend.hpp"

namespace dnsctl::backends::nsd4 {

// nsd.conf's key clause. (NSD 4.6 has no catalog consumer: no consumer_config.)
std::string key_clause(const model::TsigKey& key);

} // namespace dnsctl::backends::nsd4
