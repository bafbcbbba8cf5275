#pragma once
// pools.yaml -> pools, with every check the file can fail: unknown keys, wrong types,
// bad host names, ports out of range, duplicates. Every problem is reported (not just
// the first), one per line, as FILE:LINE:COLUMN: KEY-PATH: message.

#include "core/model/pool.hpp"
#include "core/util/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace dnsctl::pools {

struct ParseOptions {
  // Designate's --skip-verify-drivers: targets of a Designate type dnsctl does not
  // drive (infoblox, ns1, ...) are stored instead of refused; sync skips them.
  bool skip_verify_drivers = false;
  // Filled with what is suspicious but may be right on another host (a key file an
  // option names that is not readable here), as FILE:LINE:COLUMN: KEY-PATH: message.
  std::vector<std::string>* warnings = nullptr;
};

Result<std::vector<model::Pool>> parse_file(const std::string& path,
                                            const ParseOptions& options = {});
// `display_name` stands for the file in messages.
Result<std::vector<model::Pool>> parse_text(std::string_view yaml,
                                            const std::string& display_name,
                                            const ParseOptions& options = {});

// Host names in nameservers, masters and ns_records: IP addresses stay as they are
// (in canonical form), names become absolute and lower case.
Result<std::string> normalize_host(std::string_view host);

} // namespace dnsctl::pools
