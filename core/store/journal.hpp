#pragma once
// The journal rows IXFR is served from: one step per serial change, with the RRs it
// removed and added, kept to the store's limits. The serial policy that decides each
// step's serial is the zone layer's (core/zone/serial.hpp).

#include "core/dns/name.hpp"
#include "core/dns/rdata.hpp"
#include "core/model/zone.hpp"

#include <cstdint>
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

// Appends the step from `before` to `after` (their serials and SOAs) with its RRs.
void append_journal_step(Store& store,
                         const model::Zone& before,
                         const model::Zone& after,
                         const ZoneDelta& delta,
                         int64_t now);

// Retention: the newest steps, no older than the store's limits. A client further
// behind gets an AXFR (no chain from its serial).
void prune_journal(Store& store, int64_t zone_id, int64_t now);

// The zone's content changed: every target that has it is to be told (a NOTIFY), a
// target still to create it stays a create, and a pool the zone moves away from is
// told nothing more.
void mark_targets_changed(Store& store, int64_t zone_id);

} // namespace dnsctl::store
