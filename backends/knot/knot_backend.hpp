#pragma once
#include "backends/backend.hpp"

namespace dnsctl::backends::knot {

// The knot type (Designate's `knot2` is an alias): Knot DNS 3 through knotc.
const BackendInfo& info();

} // namespace dnsctl::backends::knot
