#pragma once
#include <string>

namespace dnsctl::dns {

// libknot's version (libknot and libzscanner come as one), for `dnsctl --version`.
std::string libknot_version();

} // namespace dnsctl::dns
