#pragma once
#include "backends/backend.hpp"

namespace dnsctl::backends::pdns4 {

Result<std::string> consumer_config(const ConsumerInput& input);

} // namespace dnsctl::backends::pdns4
