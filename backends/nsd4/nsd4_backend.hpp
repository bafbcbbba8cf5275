#pragma once
#include "backends/backend.hpp"

namespace dnsctl::backends::nsd4 {

// The nsd4 type (Designate's name): NSD 4 through nsd-control over its TLS control
// channel; zones are added with a pattern that carries request-xfr and allow-notify.
const BackendInfo& info();

} // namespace dnsctl::backends::nsd4
