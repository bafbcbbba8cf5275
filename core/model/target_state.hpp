#pragma once
// What a target still has to do for a zone (target_zone_state), and how the last try
// went. Designate keeps one status per zone; dnsctl keeps one per target.

#include <cstdint>
#include <string>
#include <string_view>

namespace dnsctl::model {

enum class TargetAction {
  none,        // in step with the store
  create,      // the target does not have the zone yet
  update,      // new records: a NOTIFY is enough
  reconfigure, // the zone's config on the target changed (masters): modzone
  remove,      // the zone is deleted
  held,        // the zone moved to another pool: deleted here once that pool serves it
};

std::string to_string(TargetAction a); // none create update reconfigure delete held
TargetAction parse_target_action(const std::string& s);

// How the last try on a target went; deleted: the zone is gone from it for good.
enum class TargetStatus { pending, active, error, deleted };
std::string to_string(TargetStatus s); // pending active error deleted
TargetStatus parse_target_status(std::string_view s);

// What a pool nameserver was last seen serving for a zone. stale is never stored:
// `status` derives it (in sync at a serial the zone has moved on from).
enum class NameserverStatus { never, in_sync, behind, absent, unreachable, stale };
std::string to_string(NameserverStatus s); // "" in-sync behind absent unreachable stale
NameserverStatus parse_nameserver_status(std::string_view s);

struct TargetState {
  int64_t target_id = 0;
  std::string target_uuid;
  int64_t zone_id = 0;
  TargetAction action = TargetAction::none;
  TargetStatus status = TargetStatus::pending;
  uint32_t serial = 0;
  std::string last_error;
  int64_t last_attempt = 0;
  int failures = 0; // failed attempts in a row
};

} // namespace dnsctl::model
