#pragma once
// A zone (Designate: domain) and its recordsets, as the store holds them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dnsctl::model {

// The zone's pending work, as Designate names it.
enum class ZoneAction { none, create, update, remove };
enum class ZoneStatus { active, pending, error };

// The one printer and parser of each (the store holds the printed form). A parse of
// anything else is nullopt: the caller says what it expected.
std::string to_string(ZoneAction a); // NONE CREATE UPDATE DELETE
std::string to_string(ZoneStatus s); // ACTIVE PENDING ERROR
std::optional<ZoneAction> parse_zone_action(std::string_view s);
std::optional<ZoneStatus> parse_zone_status(std::string_view s);

struct SoaTimers {
  uint32_t refresh = 3600;
  uint32_t retry = 600;
  uint32_t expire = 86400;
  uint32_t minimum = 3600;
};

struct Zone {
  int64_t id = 0;
  std::string uuid;
  std::string name; // absolute, lower case, trailing dot
  int64_t pool_id = 0;
  std::string pool_name;
  std::string pool_uuid;   // Designate's pool_id
  std::string moving_from; // the pool a `domain move` is taking it from; "" when none
  std::string email;
  std::string description;
  uint32_t ttl = 3600;
  uint32_t serial = 0;
  std::string mname; // SOA MNAME: the pool's first ns_record
  std::string rname; // SOA RNAME, from the e-mail
  SoaTimers timers;
  ZoneStatus status = ZoneStatus::pending;
  ZoneAction action = ZoneAction::create;
  bool hard_delete = false;
  // Designate's zone attributes (service_tier: gold), in key order.
  std::vector<std::pair<std::string, std::string>> attributes;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  // The tenant (the v2 API's project); "" is the default project ([api] default_project).
  std::string project_id;
  int64_t version = 1; // changes of the zone row, as Designate counts them
};

// An RRset is identified by its zone, owner name and type.
struct RecordSet {
  std::string id; // uuid::from_name of zone uuid, owner and type: stable, not stored
  int64_t zone_id = 0;
  std::string name; // absolute presentation form
  uint16_t type = 0;
  int64_t ttl = -1; // -1: the zone's TTL
  bool managed = false;
  std::string description;
  std::vector<std::string> data; // presentation form of each record
  int64_t created_at = 0;        // 0: not known (a row older than schema 14)
  int64_t updated_at = 0;        // 0: never changed
  int64_t version = 1;
};

} // namespace dnsctl::model
