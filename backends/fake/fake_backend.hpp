#pragma once
#include "backends/backend.hpp"

namespace dnsctl::backends::fake {

// The fake type (Designate's CI and its catalog-zone pools use it): no control calls at
// all; the target only gets NOTIFY at host/port.
const BackendInfo& info();

} // namespace dnsctl::backends::fake
