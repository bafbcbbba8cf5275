#pragma once
// One serial step of a zone: the serial bump (Designate's max(old + 1, now), RFC 1982),
// the journal entry IXFR is served from, and the pending flags sync works from, all
// in the caller's transaction. Every change of zone content goes through here.

#include "core/dns/name.hpp"
#include "core/dns/rdata.hpp"
#include "core/model/zone.hpp"
#include "core/util/result.hpp"

#include <optional>
#include <vector>

namespace dnsctl::store {

class Store;

// RRs of one owner and type that a step removed or added.
struct RrDelta {
  dns::Name owner;
  uint16_t type = 0;
  uint32_t ttl = 0;
  std::vector<dns::Rdata> rdatas;
};

struct ZoneDelta {
  std::vector<RrDelta> removed;
  std::vector<RrDelta> added;
  // false when the rows do not describe the whole change (a zone TTL change touches
  // every RRset that inherits it): IXFR across this step falls back to AXFR.
  bool complete = true;
};

// `before` is the zone row as it was; `after` the row with its new SOA fields
// (mname, rname, timers, ttl). Bumps the serial, writes `after` (serial included) to
// the zones row, appends the journal step and marks the zone pending for its
// targets. Returns the new serial. `floor`, when given, is a serial the new one must
// also be ahead of (an imported file's, which secondaries may already have).
Result<uint32_t> commit_step(Store& store,
                             const model::Zone& before,
                             model::Zone after,
                             const ZoneDelta& delta,
                             std::optional<uint32_t> floor = std::nullopt);

} // namespace dnsctl::store
