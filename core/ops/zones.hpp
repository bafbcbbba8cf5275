#pragma once
// The zone operations every front end calls (the CLI, the API, the sink): each one
// transaction with every rule applied (core/zone), returning the zone as it is after.
// A dry run meets every check the real run would, and writes nothing.

#include "core/model/pool.hpp"
#include "core/model/settings.hpp"
#include "core/model/zone.hpp"
#include "core/ops/page.hpp"
#include "core/ops/quotas.hpp"
#include "core/ops/scope.hpp"
#include "core/util/result.hpp"
#include "core/zone/zones.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dnsctl::store {
class Store;
}

namespace dnsctl::ops {

using zone::HardDelete;
using zone::MoveSpec;
using zone::ZoneSpec;
using zone::ZoneUpdate;

enum class Mode { write, dry_run };

struct ZonesCreated {
  std::vector<model::Zone> zones;
  // One zone: how its pool was chosen (one line per scheduler filter).
  std::vector<std::string> placement;
};
// Every zone of `specs` or none, in one transaction; one catalog step per pool.
Result<ZonesCreated> create_zones(store::Store& store,
                                  const model::Settings& settings,
                                  const std::vector<ZoneSpec>& specs,
                                  Mode mode = Mode::write,
                                  const QuotaCheck& quotas = QuotaCheck::none());

// By name (trailing dot optional, any case) or id; another project's is not found.
Result<model::Zone> find_zone(store::Store& store, const ZoneRef& zone);

struct ZoneFilter {
  std::string pool;   // name or id; empty: all
  std::string status; // ACTIVE PENDING ERROR; empty: all
  std::string action; // NONE CREATE UPDATE DELETE; empty: all
  std::string name;   // a pattern (* any text, ? one character); empty: all
  std::string email;  // a pattern
  std::string type;   // PRIMARY or SECONDARY (Designate's zone types); empty: all
  std::vector<std::pair<std::string, std::string>> attributes; // every one must be set so
  std::string description;                                     // a pattern
  std::optional<uint32_t> ttl;                                 // exactly this
  std::optional<std::string> project;                          // nullopt: every project's
  std::string id;                                              // exactly this zone id
};
// A status filter as typed ("active", "PENDING"): its canonical spelling, or an error
// naming the three.
Result<std::string> zone_status_filter(const std::string& value);

// Sort keys: name (the default), id, created_at, updated_at, serial, ttl, status,
// email, pool.
Result<Page<model::Zone>>
list_zones(store::Store& store, const ZoneFilter& filter, const PageRequest& page = {});

Result<model::Zone> update_zone(store::Store& store, const ZoneRef& zone, const ZoneUpdate& update);
Result<model::Zone> delete_zone(store::Store& store, const ZoneRef& zone, HardDelete hard);

// Designate's abandon task: the zone is forgotten here and stays on its servers.
Status abandon_zone(store::Store& store, const ZoneRef& zone);

// The NS records of the zone's pool, in priority order.
Result<std::vector<model::NsRecord>> zone_nameservers(store::Store& store, const ZoneRef& zone);

struct ZoneMoved {
  model::Zone zone;
  std::vector<std::string> placement;
  // An attribute of the zone the new pool does not have (service_tier:gold moved to
  // a standard pool): the scheduler would place it elsewhere next time.
  std::vector<std::string> warnings;
};
Result<ZoneMoved> move_zone(store::Store& store,
                            const model::Settings& settings,
                            std::string_view zone,
                            const MoveSpec& spec,
                            Mode mode = Mode::write);

} // namespace dnsctl::ops
