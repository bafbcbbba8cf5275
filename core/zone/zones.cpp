#include "core/zone/zones.hpp"

#include "core/dns/name.hpp"
#include "core/dns/rdata.hpp"
#include "core/dns/rrtype.hpp"
#include "core/dns/serial.hpp"
#include "core/model/description.hpp"
#include "core/store/name_rules.hpp"
#include "core/store/pools.hpp"
#include "core/store/store.hpp"
#include "core/store/sync_state.hpp"
#include "core/store/zone_rows.hpp"
#include "core/util/text.hpp"
#include "core/util/uuid.hpp"
#include "core/zone/catalog.hpp"
#include "core/zone/editor.hpp"
#include "core/zone/serial.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace dnsctl::zone {
namespace {

// Attribute keys and values as pools.yaml's: keys 1..50 characters, values up to 255,
// no key twice.
Status check_attributes(const std::vector<std::pair<std::string, std::string>>& attributes) {
  std::set<std::string> seen;
  for (const auto& [k, v] : attributes) {
    if (k.empty() || k.size() > 50) {
      return make_error(Errc::invalid_input,
                        "attribute key " + text::quote(k) + ": 1..50 characters");
    }
    if (v.size() > 255) {
      return make_error(Errc::invalid_input,
                        "attribute " + k + ": the value is longer than 255 characters");
    }
    if (!seen.insert(k).second) {
      return make_error(Errc::invalid_input, "attribute " + k + " is given twice");
    }
  }
  return {};
}

// Designate's [service:central] default_pool_id, which its sample pools.yaml files use.
constexpr const char* k_designate_default_pool_id = "794ccc2c-d751-44fe-b57f-8894c9f5c842";

// The pool the default_pool, fallback and in_doubt_default_pool filters pick: the
// config file's, else the only pool, else the one named "default", else the one with
// Designate's default_pool_id; none is no error until a filter needs it.
Result<std::optional<model::Pool>> default_pool_of(Store& store,
                                                   const std::vector<model::Pool>& pools,
                                                   const model::Settings& settings) {
  if (!settings.default_pool.empty()) {
    DNSCTL_TRY_ASSIGN(auto p, store::find_pool(store, settings.default_pool));
    return std::optional<model::Pool>(p);
  }
  if (pools.size() == 1) {
    return std::optional<model::Pool>(pools.front());
  }
  for (const char* key : {"default", k_designate_default_pool_id}) {
    for (const auto& p : pools) {
      if (p.name == key || p.uuid == key) {
        return std::optional<model::Pool>(p);
      }
    }
  }
  return std::optional<model::Pool>();
}

// The zone's apex NS and SOA MNAME become the pool's, in one serial step (journalled,
// so secondaries take it by IXFR). Returns the new serial, 0 when nothing changed.
Result<uint32_t> put_pool_ns(Store& store, const model::Zone& z, const model::Pool& pool) {
  ZoneEditor editor(store, z);
  DNSCTL_TRY_ASSIGN(auto apex, dns::Name::parse(z.name));
  EditRRset rs{apex, dns::rrtype::k_ns, -1, {}, true, ""};
  for (const auto& r : pool.ns_records) {
    DNSCTL_TRY_ASSIGN(auto n, dns::Name::parse(r.hostname));
    rs.rdatas.emplace_back(n.wire(), n.wire() + n.size());
  }
  DNSCTL_TRY(editor.put(rs, Managed::allow));
  model::Zone after = z;
  after.mname = pool.ns_records.front().hostname;
  return editor.commit(&after);
}

Status check_timer(const char* what, std::optional<uint32_t> v) {
  if (v && *v > 2147483647u) {
    return make_error(Errc::invalid_input,
                      std::string(what) + " " + std::to_string(*v) + " is above 2147483647");
  }
  return {};
}

} // namespace

Result<Schedule> place_zone(Store& store,
                            std::string_view name_or_id,
                            const model::KeyValues& attributes,
                            const model::Settings& settings) {
  if (!name_or_id.empty()) {
    DNSCTL_TRY_ASSIGN(auto p, store::find_pool(store, name_or_id));
    return Schedule{p, {"--pool " + std::string(name_or_id) + " -> " + p.name}};
  }
  DNSCTL_TRY_ASSIGN(auto pools, store::load_pools(store));
  if (pools.empty()) {
    return make_error(Errc::not_found,
                      "there are no pools yet: run `dnsctl pool update pools.yaml` first");
  }
  DNSCTL_TRY_ASSIGN(auto fallback, default_pool_of(store, pools, settings));
  return schedule(pools,
                  attributes,
                  settings.scheduler_filters.empty() ? default_filter_chain()
                                                     : settings.scheduler_filters,
                  fallback);
}

Result<model::Pool>
resolve_pool(Store& store, std::string_view name_or_id, const model::Settings& settings) {
  DNSCTL_TRY_ASSIGN(auto placed, place_zone(store, name_or_id, {}, settings));
  return placed.pool;
}

namespace {

// create_zone without the catalog step, which a batch takes once.
// A zone inside another project's zone, or above one, would take names that project
// owns (Designate's illegal_child and illegal_parent).
Status check_ownership(Store& store, const std::string& name, const std::string& project) {
  DNSCTL_TRY_ASSIGN(auto above, store::zone_above(store, name));
  if (above && above->project_id != project) {
    Error e =
        make_error(Errc::forbidden, "zone " + name + " would be inside a zone of another project");
    e.kind = "illegal_child";
    return e;
  }
  DNSCTL_TRY_ASSIGN(auto below, store::zones_below(store, name));
  for (const auto& z : below) {
    if (z.project_id != project) {
      Error e =
          make_error(Errc::forbidden, "zone " + name + " would hold a zone of another project");
      e.kind = "illegal_parent";
      return e;
    }
  }
  return {};
}

Result<model::Zone> create_zone_row(Store& store,
                                    const ZoneSpec& spec,
                                    const model::Settings& settings,
                                    std::vector<std::string>* placement) {
  auto name = dns::Name::parse(spec.name);
  if (!name) {
    return make_error(Errc::invalid_input,
                      "zone name " + text::quote(spec.name) + ": " + name.error().message);
  }
  if (auto ok = dns::check_host_name(*name, 2); !ok) {
    return make_error(Errc::invalid_input,
                      "zone name " + text::quote(spec.name) + ": " + ok.error().message);
  }
  if (spec.email.empty()) {
    return make_error(Errc::invalid_input, "--email is required (it becomes the SOA RNAME)");
  }
  DNSCTL_TRY(model::check_description(spec.description));
  DNSCTL_TRY(check_attributes(spec.attributes));
  DNSCTL_TRY(store::check_zone_name_allowed(
      store, name->to_text(), spec.force ? store::Force::yes : store::Force::no));
  auto rname = dns::email_to_rname(spec.email);
  if (!rname) {
    return rname.error();
  }
  for (auto [what, v] : {std::pair{"--ttl", spec.ttl},
                         {"--refresh", spec.refresh},
                         {"--retry", spec.retry},
                         {"--expire", spec.expire},
                         {"--minimum", spec.minimum}}) {
    DNSCTL_TRY(check_timer(what, v));
  }

  DNSCTL_TRY_ASSIGN(auto placed, place_zone(store, spec.pool, spec.attributes, settings));
  const model::Pool& pool = placed.pool;
  if (placement != nullptr) {
    *placement = placed.trace;
  }
  if (pool.ns_records.empty()) {
    return make_error(Errc::invalid_input,
                      "pool " + pool.name
                          + " has no ns_records: a zone needs at least one NS "
                            "(add ns_records to pools.yaml and run `dnsctl pool "
                            "update`)");
  }
  if (auto existing = store::find_zone(store, name->to_text()); existing) {
    // Names are global, as Designate's: another project's zone is a conflict too, but
    // nothing more of it is said.
    if (existing->project_id != spec.project) {
      return make_error(Errc::conflict,
                        "zone " + name->to_text() + " already exists in another project");
    }
    if (existing->action == model::ZoneAction::remove) {
      return make_error(Errc::conflict,
                        "zone " + name->to_text()
                            + " is still being deleted from its targets: run "
                              "`dnsctl sync` first");
    }
    return make_error(Errc::conflict,
                      "zone " + name->to_text() + " already exists (id " + existing->uuid
                          + ", pool " + existing->pool_name + ")");
  }
  DNSCTL_TRY(check_ownership(store, name->to_text(), spec.project));

  model::Zone z;
  z.uuid = uuid::generate();
  z.name = name->to_text();
  z.pool_id = pool.id;
  z.pool_name = pool.name;
  z.pool_uuid = pool.uuid;
  z.email = spec.email;
  z.description = spec.description;
  z.ttl = spec.ttl.value_or(settings.default_ttl);
  z.timers.refresh = spec.refresh.value_or(settings.soa.refresh);
  z.timers.retry = spec.retry.value_or(settings.soa.retry);
  z.timers.expire = spec.expire.value_or(settings.soa.expire);
  z.timers.minimum = spec.minimum.value_or(settings.soa.minimum);
  z.mname = pool.ns_records.front().hostname;
  z.rname = rname->to_text();
  z.serial = static_cast<uint32_t>(Store::now());
  if (spec.after_serial && !(dns::Serial(z.serial) > dns::Serial(*spec.after_serial))) {
    z.serial = dns::Serial::next(dns::Serial(*spec.after_serial), z.serial).value();
  }
  z.created_at = z.updated_at = Store::now();
  z.project_id = spec.project;
  z.status = model::ZoneStatus::pending;
  z.action = model::ZoneAction::create;

  store::insert_zone(store, z);
  store::write_zone_attributes(store, z.id, spec.attributes);
  z.attributes = spec.attributes;
  std::sort(z.attributes.begin(), z.attributes.end());

  // The apex NS is the zone's first content; it is part of the initial version, so
  // it is written directly and not journalled.
  std::vector<std::string> ns;
  for (const auto& r : pool.ns_records) {
    ns.push_back(r.hostname);
  }
  DNSCTL_TRY(write_apex_ns(store, z, ns));

  store::add_zone_targets(store, z.id, z.pool_id);
  store.log_change(z.name, "created in pool " + pool.name + ", serial " + std::to_string(z.serial));
  return z;
}

} // namespace

Result<model::Zone> create_zone(Store& store,
                                const ZoneSpec& spec,
                                const model::Settings& settings,
                                std::vector<std::string>* placement) {
  DNSCTL_TRY_ASSIGN(auto z, create_zone_row(store, spec, settings, placement));
  DNSCTL_TRY(add_catalog_members(store, z.pool_id, {z}));
  return z;
}

Result<std::vector<model::Zone>>
create_zones(Store& store, const std::vector<ZoneSpec>& specs, const model::Settings& settings) {
  std::vector<model::Zone> made;
  made.reserve(specs.size());
  std::map<int64_t, std::vector<model::Zone>> by_pool;
  for (const auto& spec : specs) {
    auto z = create_zone_row(store, spec, settings, nullptr);
    if (!z) {
      auto e = z.error();
      if (specs.size() > 1 && e.message.find(spec.name) == std::string::npos) {
        e.message = spec.name + ": " + e.message;
      }
      return e;
    }
    by_pool[z->pool_id].push_back(*z);
    made.push_back(std::move(*z));
  }
  // One catalog step per pool for the whole batch.
  for (const auto& [pool_id, zones] : by_pool) {
    DNSCTL_TRY(add_catalog_members(store, pool_id, zones));
  }
  return made;
}

Result<model::Zone> update_zone(Store& store, const model::Zone& zone, const ZoneUpdate& u) {
  if (zone.action == model::ZoneAction::remove) {
    return make_error(Errc::conflict, "zone " + zone.name + " is being deleted");
  }
  if (u.description) {
    DNSCTL_TRY(model::check_description(*u.description));
  }
  for (auto [what, v] : {std::pair{"--ttl", u.ttl},
                         {"--refresh", u.refresh},
                         {"--retry", u.retry},
                         {"--expire", u.expire},
                         {"--minimum", u.minimum}}) {
    DNSCTL_TRY(check_timer(what, v));
  }
  model::Zone after = zone;
  if (u.email) {
    auto rname = dns::email_to_rname(*u.email);
    if (!rname) {
      return rname.error();
    }
    after.email = *u.email;
    after.rname = rname->to_text();
  }
  after.ttl = u.ttl.value_or(zone.ttl);
  after.timers.refresh = u.refresh.value_or(zone.timers.refresh);
  after.timers.retry = u.retry.value_or(zone.timers.retry);
  after.timers.expire = u.expire.value_or(zone.timers.expire);
  after.timers.minimum = u.minimum.value_or(zone.timers.minimum);
  if (u.description && *u.description != zone.description) {
    store::write_zone_description(store, zone.id, *u.description);
    after.description = *u.description;
  }
  bool soa_changed =
      after.rname != zone.rname || after.ttl != zone.ttl
      || !(after.timers.refresh == zone.timers.refresh && after.timers.retry == zone.timers.retry
           && after.timers.expire == zone.timers.expire
           && after.timers.minimum == zone.timers.minimum);
  if (soa_changed) {
    ZoneDelta delta;
    // RRsets without a TTL of their own follow the zone's: the journal cannot list
    // them cheaply, so this step forces an AXFR on secondaries older than it.
    delta.complete = after.ttl == zone.ttl;
    auto serial = commit_step(store, zone, after, delta);
    if (!serial) {
      return serial.error();
    }
    store.log_change(zone.name, "updated, serial " + std::to_string(*serial));
  } else if (after.email != zone.email) {
    // Same RNAME, different spelling of the address: no DNS change.
    store::write_zone_email(store, zone.id, after.email);
  }
  return store::find_zone(store, zone.uuid);
}

Status abandon_zone(Store& store, const model::Zone& zone) {
  DNSCTL_TRY(remove_catalog_members(store, zone.pool_id, {zone}));
  store::delete_zone_row(store, zone.id);
  store.log_change(zone.name, "abandoned: forgotten here, left on its servers");
  return {};
}

Result<model::Zone> delete_zone(Store& store, const model::Zone& zone, HardDelete hard) {
  // Out of the catalogs first: their consumers drop the zone by themselves.
  DNSCTL_TRY(remove_catalog_members(store, zone.pool_id, {zone}));
  DNSCTL_TRY_ASSIGN(auto old_pool, store::move_source_pool(store, zone.id));
  if (old_pool) {
    DNSCTL_TRY(remove_catalog_members(store, *old_pool, {zone}));
  }
  DNSCTL_TRY_ASSIGN(auto targets, store::pool_target_count(store, zone.pool_id));
  if (targets == 0) {
    store::delete_zone_row(store, zone.id);
    store.log_change(zone.name, "deleted (pool has no targets)");
    model::Zone gone = zone;
    gone.action = model::ZoneAction::none;
    return gone;
  }
  store::mark_zone_deleting(store, zone.id, hard == HardDelete::yes, Store::now());
  store.log_change(zone.name,
                   hard == HardDelete::yes ? "marked for deletion (hard)" : "marked for deletion");
  return store::find_zone(store, zone.uuid);
}

Result<model::Zone> move_zone(Store& store,
                              const model::Zone& zone,
                              const MoveSpec& spec,
                              const model::Settings& settings,
                              std::vector<std::string>* placement) {
  if (zone.action == model::ZoneAction::remove) {
    return make_error(Errc::conflict, "zone " + zone.name + " is being deleted: it cannot move");
  }
  if (!zone.moving_from.empty()) {
    return make_error(Errc::conflict,
                      "zone " + zone.name + " is still moving from pool " + zone.moving_from
                          + " to " + zone.pool_name
                          + ": run `dnsctl sync` until the move is over, then move it again");
  }
  if (spec.pool.empty() && spec.attributes.empty()) {
    return make_error(Errc::invalid_input, "say where to: --pool POOL or --attributes KEY:VALUE");
  }
  DNSCTL_TRY(check_attributes(spec.attributes));
  // Without --pool the scheduler decides on the new attributes (Designate reschedules
  // a pool move without a pool_id the same way).
  DNSCTL_TRY_ASSIGN(auto placed, place_zone(store, spec.pool, spec.attributes, settings));
  const model::Pool& to = placed.pool;
  if (placement != nullptr) {
    *placement = placed.trace;
  }
  if (to.id == zone.pool_id) {
    return make_error(Errc::invalid_input,
                      "zone " + zone.name + " is in pool " + to.name + " already"
                          + (spec.pool.empty() ? " (the scheduler chose it)" : ""));
  }
  if (to.ns_records.empty()) {
    return make_error(Errc::invalid_input,
                      "pool " + to.name + " has no ns_records: a zone needs at least one NS");
  }
  store::start_zone_move(store, zone, to.id, spec.keep_source);
  if (!spec.attributes.empty()) {
    store::write_zone_attributes(store, zone.id, spec.attributes);
  }
  model::Zone moved = zone;
  moved.pool_id = to.id;
  DNSCTL_TRY_ASSIGN(auto serial, put_pool_ns(store, moved, to));
  // The old pool's catalog keeps it until the new pool serves it (release_move_source).
  DNSCTL_TRY(add_catalog_members(store, to.id, {zone}));
  store.log_change(zone.name,
                   "moving from pool " + zone.pool_name + " to " + to.name
                       + (serial != 0 ? ", serial " + std::to_string(serial) : "")
                       + (spec.keep_source ? " (keeping it on the old pool's servers)" : ""));
  return store::find_zone(store, zone.uuid);
}

Result<int> refresh_pool_ns(Store& store, const model::Pool& pool) {
  store::ZoneRows which;
  which.pool_id = pool.id;
  which.not_deleting = true;
  DNSCTL_TRY_ASSIGN(auto zones, store::read_zones(store, which));
  std::vector<std::string> ns;
  for (const auto& r : pool.ns_records) {
    ns.push_back(r.hostname);
  }
  if (ns.empty() && !zones.empty()) {
    return make_error(Errc::invalid_input,
                      "pool " + pool.name + " would have no ns_records left while it holds zones");
  }
  int changed = 0;
  for (const auto& z : zones) {
    DNSCTL_TRY_ASSIGN(auto serial, put_pool_ns(store, z, pool));
    if (serial != 0) {
      ++changed;
      store.log_change(z.name,
                       "apex NS from pool " + pool.name + ", serial " + std::to_string(serial));
    }
  }
  return changed;
}

Result<bool> release_move_source(Store& store, int64_t zone_id) {
  DNSCTL_TRY_ASSIGN(auto move, store::move_state(store, zone_id));
  if (!move || !move->new_targets_done) {
    return false; // no move, or the new pool's targets are not all there yet
  }
  // A catalog lists only its pool's zones: the old one drops it now, --keep-source or not.
  DNSCTL_TRY_ASSIGN(auto zone, store::find_zone(store, move->zone_uuid));
  DNSCTL_TRY(remove_catalog_members(store, move->from_pool_id, {zone}));
  return store::release_held_targets(store, zone_id, move->keep_source);
}

} // namespace dnsctl::zone
