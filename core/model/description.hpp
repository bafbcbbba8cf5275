#pragma once
// A zone's, a recordset's, a TLD's or a blacklist's description: at most 160 bytes,
// as Designate's API, and no control characters (tables print them raw: a terminal
// would obey them).

#include "core/util/result.hpp"

#include <string_view>

namespace dnsctl::model {

Status check_description(std::string_view description);

} // namespace dnsctl::model
