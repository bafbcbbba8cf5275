#pragma once
// A zone export as Designate's API has it: a task whose result is the zone's master
// file, made when asked for (its location is the API's own URL, designate://).

#include <cstdint>
#include <string>

namespace dnsctl::model {

struct ZoneExport {
  int64_t id = 0;
  std::string uuid;
  std::string zone_uuid;
  std::string project_id; // the zone's project when it was asked for ("" the default)
  std::string status;     // COMPLETE, or ERROR (message says why)
  std::string message;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

} // namespace dnsctl::model
