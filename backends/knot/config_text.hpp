#pragma once
#include "backends/backend.hpp"

namespace dnsctl::backends::knot {

std::string key_clause(const model::TsigKey& key);
Result<std::string> consumer_config(const ConsumerInput& input);

} // namespace dnsctl::backends::knot
