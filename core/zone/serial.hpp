#pragma once
// One serial step of a zone, the one way a zone's served content changes: the serial
// policy (Designate's max(old + 1, now), in RFC 1982 arithmetic), the journal entry IXFR
// is served from, the zone row, and the pending flags sync works from, all in the
// caller's transaction.

#include "core/model/zone.hpp"
#include "core/store/journal.hpp"
#include "core/util/result.hpp"

#include <cstdint>
#include <optional>

namespace dnsctl::store {
class Store;
}

namespace dnsctl::zone {

using store::RrDelta;
using store::ZoneDelta;

// The serial after `current` at time `now` (seconds), ahead of `floor` too when given.
uint32_t next_serial(uint32_t current, int64_t now, std::optional<uint32_t> floor = std::nullopt);

// `before` is the zone row as it was; `after` the row with its new SOA fields
// (mname, rname, timers, ttl). Bumps the serial, writes `after` (serial included) to
// the zones row, appends the journal step and marks the zone pending for its
// targets. Returns the new serial. `floor`, when given, is a serial the new one must
// also be ahead of (an imported file's, which secondaries may already have).
Result<uint32_t> commit_step(store::Store& store,
                             const model::Zone& before,
                             model::Zone after,
                             const ZoneDelta& delta,
                             std::optional<uint32_t> floor = std::nullopt);

} // namespace dnsctl::zone
