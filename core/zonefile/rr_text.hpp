#pragma once
// RRs in zone-file syntax, for showing what a change removes and adds.

#include "core/store/journal.hpp"

#include <string>
#include <vector>

namespace dnsctl::zonefile {

// "- www.example.com. 300 IN A 192.0.2.1" for each RR removed, then "+ ..." for each
// added.
std::vector<std::string> delta_lines(const store::ZoneDelta& delta);

} // namespace dnsctl::zonefile
