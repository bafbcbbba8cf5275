#pragma once
// What a target still has to do for a zone (target_zone_state), and how the last try
// went. Designate keeps one status per zone; dnsctl keeps one per target.

#include <cstdint>
#include <string>

namespace dnsctl::model {

enum class TargetAction {
  none,        // in step with the store
  create,      // the target does not have the zone yet
  update,      // new records: a NOTIFY is enough
  reconfigure, // the zone's config on the target changed (masters): modzone
  remove,      // the zone is deleted
};

std::string to_string(TargetAction a); // none create update reconfigure delete
TargetAction parse_target_action(const std::string& s);

struct TargetState {
  int64_t target_id = 0;
  std::string target_uuid;
  int64_t zone_id = 0;
  TargetAction action = TargetAction::none;
  std::string status; // pending active error
  uint32_t serial = 0;
  std::string last_error;
  int64_t last_attempt = 0;
};

} // namespace dnsctl::model
