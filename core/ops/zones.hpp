#pragma once
// The zone operations every front end calls (the CLI, the API, the sink): each one
// transaction with every rule applied (core/zone), returning the zone as it is after.
// A dry run meets every check the real run would, and writes nothing.

#include "core/model/settings.hpp"
#include "core/model/zone.hpp"
#include "core/ops/page.hpp"
#include "core/util/result.hpp"
#include "core/zone/zones.hpp"

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
                                  Mode mode = Mode::write);

// By name (trailing dot optional, any case) or id.
Result<model::Zone> find_zone(store::Store& store, std::string_view name_or_id);

struct ZoneFilter {
  std::string pool;   // name or id; empty: all
  std::string status; // ACTIVE PENDING ERROR; empty: all
  std::string action; // NONE CREATE UPDATE DELETE; empty: all
  std::string name;   // a pattern (* any text, ? one character); empty: all
  std::string email;  // a pattern
  std::string type;   // PRIMARY or SECONDARY (Designate's zone types); empty: all
  std::vector<std::pair<std::string, std::string>> attributes; // every one must be set so
};
// Sort keys: name (the default), id, created_at, updated_at, serial, ttl, status,
// email, pool.
Result<Page<model::Zone>>
list_zones(store::Store& store, const ZoneFilter& filter, const PageRequest& page = {});

Result<model::Zone>
update_zone(store::Store& store, std::string_view zone, const ZoneUpdate& update);
Result<model::Zone> delete_zone(store::Store& store, std::string_view zone, HardDelete hard);

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
