#pragma once
#include "backends/backend.hpp"

#include <vector>

namespace dnsctl::backends::designate {

// Designate backend types dnsctl does not drive (infoblox, akamai_v2, ns1, dynect,
// agent, powerdns, bind). pools.yaml naming one is refused with a clear message,
// or stored with `pool update --skip-verify-drivers`; sync then reports the target
// as skipped and never fails on it.
std::vector<BackendInfo> unsupported();

} // namespace dnsctl::backends::designate
