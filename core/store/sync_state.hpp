#pragma once
// What sync reads and writes: the targets that still have work for a zone, the
// outcome of each backend call, what each nameserver was seen serving, and the zone's
// overall status once its targets are done. Writes run inside Store::write().

#include "core/model/target_state.hpp"
#include "core/util/result.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dnsctl::store {

class Store;

// A target with work for a zone: action not none, the last try failed, or it is done
// but a nameserver of the zone's pool was never seen serving the current serial (then
// action none: a NOTIFY and the polls).
struct PendingTarget {
  int64_t pool_id = 0;
  int64_t target_id = 0;
  int64_t zone_id = 0;
  std::string zone;      // absolute name
  std::string zone_uuid; // for the zone file name on the target
  uint32_t serial = 0;   // the store's serial when read
  bool hard_delete = false;
  model::TargetAction action = model::TargetAction::none;
  model::TargetStatus status = model::TargetStatus::pending; // pending or error
  int failures = 0; // failed attempts in a row: pending after one, error after error_after
};

// Zones in `zone_ids` (empty: all) of pool `pool_id` (0: all), by zone then target.
Result<std::vector<PendingTarget>>
pending_targets(Store& store, const std::vector<int64_t>& zone_ids, int64_t pool_id);

// The old pool's targets of moving zones, held until the new pool serves them (action
// held): what `sync --dry-run` shows will be deleted after the move.
Result<std::vector<PendingTarget>>
held_targets(Store& store, const std::vector<int64_t>& zone_ids, int64_t pool_id);

// How many zones each target has (for the share of them one run may delete).
Result<std::map<int64_t, size_t>> zones_per_target(Store& store);

// The outcome of one try on one target. A success clears the pending action unless
// the zone changed since it was read (`pushed_serial` differs): that change still
// needs its own NOTIFY. A deleted zone's target ends with status 'deleted'.
struct TargetOutcome {
  int64_t target_id = 0;
  int64_t zone_id = 0;
  model::TargetAction action = model::TargetAction::none; // what was attempted
  uint32_t pushed_serial = 0;
  bool ok = false;
  std::string error; // rndc's message, a conflict, a refused deletion
};
// A failure counts one more in a row and makes the target 'error' from the
// `error_after`th on ('pending' with its last error before); a success resets the count.
Status record_target(Store& store, const TargetOutcome& outcome, int64_t now, int error_after);

// The zones the store has put on a target (or is putting there), not those being
// deleted from it: what `sync --verify` asks the target about.
struct TargetZone {
  int64_t zone_id = 0;
  std::string zone; // absolute name
  std::string zone_uuid;
  model::TargetAction action = model::TargetAction::none;
};
Result<std::vector<TargetZone>> target_zones(Store& store, int64_t target_id);
// The target lost the zone (`sync --verify` found it missing): create it again.
Status
mark_target_missing(Store& store, int64_t target_id, int64_t zone_id, const std::string& why);

// Marks the targets of a zone in pool `pool_id` pending again (its nameservers did not
// converge), waiting on `error`; one whose own step failed keeps its error.
Status
mark_zone_targets_pending(Store& store, int64_t zone_id, int64_t pool_id, const std::string& error);

// A zone's move (zone_moves): where from, and whether the new pool's targets all
// have the zone now.
struct MoveState {
  int64_t from_pool_id = 0;
  std::string zone_uuid;
  bool keep_source = false;
  bool new_targets_done = false;
};
Result<std::optional<MoveState>> move_state(Store& store, int64_t zone_id);
// The old pool's held targets are told to delete the zone, or forgotten when
// `keep_source`. True when deletions became pending.
Result<bool> release_held_targets(Store& store, int64_t zone_id, bool keep_source);

struct NameserverSeen {
  int64_t nameserver_id = 0;
  int64_t zone_id = 0;
  uint32_t serial = 0;
  model::NameserverStatus status = model::NameserverStatus::never;
  std::string error;
};
Status record_nameserver(Store& store, const NameserverSeen& seen, int64_t now);

// After a run: a zone whose targets have all deleted it is removed; one whose targets
// are all done becomes ACTIVE/NONE; one with a failed target ERROR. A move whose old
// pool's targets are all gone ends.
Status settle_zone(Store& store, int64_t zone_id);
// Zones of pools without targets that are not ACTIVE: ACTIVE, action NONE (nothing is
// pushed anywhere for them). Inside a write.
Status settle_untargeted_zones(Store& store);

// For `status`: every target's state and every nameserver's last sighting of a zone.
struct NameserverState {
  int64_t nameserver_id = 0;
  std::string host;
  uint16_t port = 0;
  uint32_t serial = 0;
  model::NameserverStatus status = model::NameserverStatus::never;
  std::string last_error;
  int64_t last_attempt = 0;
  int64_t last_seen = 0; // the last poll it answered; 0: never
};
Result<std::vector<NameserverState>> nameserver_states(Store& store, int64_t zone_id);
// Every zone's, by zone id, in one query.
Result<std::map<int64_t, std::vector<NameserverState>>> all_nameserver_states(Store& store);

} // namespace dnsctl::store
