#pragma once
// JSON from outside (notifications, the API's bodies, a server's API replies) parsed
// with bounds: nlohmann's parser is iterative, but a parsed value's copy is recursive,
// so a document nested 70,000 deep killed the sink with SIGSEGV. The depth is checked
// first by a SAX pass that builds nothing; only a document within every bound is
// built. Errors say what is wrong and at which byte.

#include "core/util/result.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string_view>

namespace dnsctl::json {

struct Limits {
  size_t max_depth = 100;             // objects and arrays inside each other
  size_t max_bytes = size_t{1} << 20; // the text
};

Result<nlohmann::json> parse(std::string_view text, const Limits& limits = {});

} // namespace dnsctl::json
