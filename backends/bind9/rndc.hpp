#pragma once
// The bind9 driver: rndc addzone / delzone / modzone, run from an argv (the one
// `rndc render` prints) with a timeout. Idempotent as an operator expects:
// "already exists" on addzone is success when showzone says the zone transfers from
// our masters (anything else there is a conflict, left alone), and "not found" on
// delzone is success.

#include "backends/backend.hpp"

namespace dnsctl::backends::bind9 {

OpResult apply(const model::Target& target,
               ZoneOp op,
               const ZoneArgs& zone,
               std::chrono::milliseconds timeout);

// showzone: true when the server has the zone, false when it says "not found".
Result<bool>
holds(const model::Target& target, const ZoneArgs& zone, std::chrono::milliseconds timeout);

// Whether `showzone` output configures the zone with every one of the target's
// masters as primaries (BIND prints "primaries" or "masters", "IP port N").
bool showzone_has_masters(const std::string& showzone, const model::Target& target);

} // namespace dnsctl::backends::bind9
