#pragma once
#include "backends/backend.hpp"

namespace dnsctl::backends::bind9 {

// The bind9 type: target options as Designate's impl_bind9 reads them
// (reference/designate.md §2.1); rndc addzone/delzone/modzone (rndc.hpp).
const BackendInfo& info();

} // namespace dnsctl::backends::bind9
