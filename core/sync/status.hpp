#pragma once
// What `dnsctl status` shows for a zone: the store's serial, every target's pending
// work and last error, and every nameserver's serial as sync last saw it.

#include "core/model/target_state.hpp"
#include "core/model/zone.hpp"
#include "core/store/sync_state.hpp"
#include "core/util/result.hpp"

#include <string>
#include <vector>

namespace dnsctl::store {
class Store;
}

namespace dnsctl::sync {

struct TargetStatus {
  std::string label; // as sync prints it
  std::string pool;  // the target's pool: another than the zone's while it moves
  model::TargetState state;
};

struct ZoneStatus {
  model::Zone zone;
  std::vector<TargetStatus> targets;
  std::vector<store::NameserverState> nameservers;
  // Every target done and every nameserver seen serving the store's serial.
  bool in_sync = false;
};

// The named zones (names or ids; empty: every zone), by name.
Result<std::vector<ZoneStatus>> zone_status(store::Store& store,
                                            const std::vector<std::string>& zones);

} // namespace dnsctl::sync
