#pragma once
// Zones: create, change, delete, move, with every rule. Creation builds the managed SOA
// (MNAME = the pool's first ns_record, RNAME from the e-mail) and apex NS (the pool's
// ns_records), and records the zone as pending for every target of its pool. Every
// function runs inside the caller's Store::write() (core/ops opens it).

#include "core/model/pool.hpp"
#include "core/model/settings.hpp"
#include "core/model/zone.hpp"
#include "core/util/result.hpp"
#include "core/zone/scheduler.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dnsctl::store {
class Store;
}

namespace dnsctl::zone {

using store::Store;

// The pool a new zone goes to: `name_or_id` when given, else the scheduler's choice
// by the zone's attributes ([scheduler] filters, default_filter_chain() when unset),
// with the trace of each filter for `domain create --dry-run`.
Result<Schedule> place_zone(Store& store,
                            std::string_view name_or_id,
                            const model::KeyValues& attributes,
                            const model::Settings& settings);
// place_zone for a zone with no attributes.
Result<model::Pool>
resolve_pool(Store& store, std::string_view name_or_id, const model::Settings& settings);

struct ZoneSpec {
  std::string name;
  std::string email;
  std::optional<uint32_t> ttl;
  std::string pool; // empty: the default pool (settings, the only pool, or "default")
  std::string description;
  std::optional<uint32_t> refresh, retry, expire, minimum;
  // An import carries the serial the zone had elsewhere: ours starts after it, so
  // secondaries that already have that serial still see the new one as newer.
  std::optional<uint32_t> after_serial;
  bool force = false; // create it even if a blacklist pattern matches (TLDs still apply)
  std::vector<std::pair<std::string, std::string>> attributes; // --attributes KEY:VALUE
  std::string project;                                         // the owner ("" the default project)
};
// Many zones in one transaction (call inside one Store::write()): all or none, and one
// serial step on each pool's catalog for the whole batch. An error names the zone.
Result<std::vector<model::Zone>>
create_zones(Store& store, const std::vector<ZoneSpec>& specs, const model::Settings& settings);

// `placement`, when given, receives how the pool was chosen (one line per filter).
Result<model::Zone> create_zone(Store& store,
                                const ZoneSpec& spec,
                                const model::Settings& settings,
                                std::vector<std::string>* placement = nullptr);

struct ZoneUpdate {
  std::optional<std::string> email;
  std::optional<uint32_t> ttl;
  std::optional<std::string> description;
  std::optional<uint32_t> refresh, retry, expire, minimum;
};
// Changes to the SOA or TTL bump the serial; a description alone does not.
Result<model::Zone> update_zone(Store& store, const model::Zone& zone, const ZoneUpdate& update);

// Forgets the zone and leaves it on its servers (Designate's abandon task): its rows go,
// no target is told; it leaves the pool's catalog, whose consumers then drop it.
Status abandon_zone(Store& store, const model::Zone& zone);

enum class HardDelete { no, yes };
// Marks the zone for deletion from its targets (sync removes the rows once they
// confirm); a zone whose pool has no targets goes at once.
Result<model::Zone> delete_zone(Store& store, const model::Zone& zone, HardDelete hard);

struct MoveSpec {
  std::string pool; // name or id; empty: the scheduler chooses by `attributes`
  std::vector<std::pair<std::string, std::string>> attributes; // replace the zone's
  bool keep_source = false; // leave the zone on the old pool's servers
};
// Moves a zone to another pool in one transaction: the apex NS and MNAME become the new
// pool's in one serial step, the new pool's targets are to add the zone, and the old
// pool's are held until sync sees the new pool serve it (see store::release_move_source).
// A zone being deleted or already moving is refused, as is its own pool.
Result<model::Zone> move_zone(Store& store,
                              const model::Zone& zone,
                              const MoveSpec& spec,
                              const model::Settings& settings,
                              std::vector<std::string>* placement = nullptr);

// After the pool's ns_records changed: new apex NS and MNAME for every zone of the
// pool, one serial step each. Returns the number of zones changed.
Result<int> refresh_pool_ns(Store& store, const model::Pool& pool);

// A moving zone whose new pool's targets all have it, and whose nameservers serve it
// (the caller polled them): the old pool's held targets are told to delete it, or
// forgotten with --keep-source, and the old pool's catalog drops it. True when
// deletions became pending.
Result<bool> release_move_source(Store& store, int64_t zone_id);

} // namespace dnsctl::zone
