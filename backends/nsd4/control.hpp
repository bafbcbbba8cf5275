#pragma once
// nsd-control's bulk replies, read as plain functions (a unit-test row per reply).
// NSD 4.6 answers `addzones` and `delzones` with a line per input line, and an error
// for a line is followed by "error for input line 'ZONE'".

#include <map>
#include <string>
#include <string_view>

namespace dnsctl::backends::nsd4 {

struct LineOutcome {
  enum class Kind { done, exists, missing, failed };
  Kind kind = Kind::failed;
  std::string message; // NSD's words when failed
};

// zone (as sent) -> outcome. A zone the reply does not mention is absent from the map.
std::map<std::string, LineOutcome> read_addzones(std::string_view out);
std::map<std::string, LineOutcome> read_delzones(std::string_view out);

// `nsd-control zonestatus ZONE`: the zone's pattern, "" when the reply has none.
std::string zonestatus_pattern(std::string_view out);
// `nsd-control zonestatus`: every zone listed.
std::map<std::string, std::string> zonestatus_all(std::string_view out); // zone -> pattern

} // namespace dnsctl::backends::nsd4
