#pragma once
#include "backends/backend.hpp"

namespace dnsctl::backends::pdns4 {

// The pdns4 type (Designate's name): PowerDNS Authoritative through its HTTP API.
const BackendInfo& info();

} // namespace dnsctl::backends::pdns4
