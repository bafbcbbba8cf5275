#include "core/dns/version.hpp"

#include "core/dns/knot.hpp"

extern "C" {
#include <libknot/version.h>
}

namespace dnsctl::dns {

std::string libknot_version() {
  // libknot has no run-time version call; its soname (libknot.so.13 for 3.2) pins
  // the series the binary was built against, so the build's numbers are the run's.
  return std::to_string(KNOT_VERSION_MAJOR) + "." + std::to_string(KNOT_VERSION_MINOR) + "."
         + std::to_string(KNOT_VERSION_PATCH);
}

} // namespace dnsctl::dns
