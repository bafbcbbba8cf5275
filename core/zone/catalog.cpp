#include "core/zone/catalog.hpp"

#include "core/dns/rrtype.hpp"
#include "core/dns/tsig.hpp"
#include "core/store/store.hpp"
#include "core/store/tsig_keys.hpp"
#include "core/store/zone_rows.hpp"
#include "core/util/text.hpp"
#include "core/util/uuid.hpp"
#include "core/zone/editor.hpp"
#include "core/zone/serial.hpp"

namespace dnsctl::zone {
namespace {

constexpr const char* k_invalid = "invalid.";
// Designate leaves the refresh to the zone default when pools.yaml gives none.
constexpr uint32_t k_default_refresh = 3600;

Result<dns::Name> member_owner(const model::Zone& catalog, const model::Zone& member) {
  return dns::Name::parse(member.uuid + ".zones." + catalog.name);
}

Status put_members(ZoneEditor& editor,
                   const model::Zone& catalog,
                   const std::vector<model::Zone>& members,
                   bool add) {
  for (const auto& m : members) {
    DNSCTL_TRY_ASSIGN(auto owner, member_owner(catalog, m));
    if (!add) {
      DNSCTL_TRY(editor.remove(owner, dns::rrtype::k_ptr, Managed::allow));
      continue;
    }
    DNSCTL_TRY_ASSIGN(auto target, dns::Name::parse(m.name));
    EditRRset rs{owner, dns::rrtype::k_ptr, -1, {}, true, ""};
    rs.rdatas.emplace_back(target.wire(), target.wire() + target.size());
    DNSCTL_TRY(editor.put(rs, Managed::allow));
  }
  return {};
}

// The zones a new catalog starts with: the pool's, and those moving out of it that its
// servers still hold.
Result<std::vector<model::Zone>> initial_members(Store& store, int64_t pool_id) {
  DNSCTL_TRY_ASSIGN(auto ids, store::catalog_member_ids(store, pool_id));
  std::vector<model::Zone> out;
  for (const auto& id : ids) {
    DNSCTL_TRY_ASSIGN(auto z, store::find_zone(store, id));
    out.push_back(std::move(z));
  }
  return out;
}

Status create_catalog(Store& store, const model::Pool& pool) {
  const auto& c = *pool.catalog_zone;
  if (auto clash = store::find_zone(store, c.fqdn); clash) {
    return make_error(Errc::conflict,
                      "pool " + pool.name + ": catalog_zone_fqdn " + c.fqdn
                          + " is a zone of this store already (pool " + clash->pool_name + ")");
  }
  model::Zone z;
  z.uuid = uuid::generate();
  z.name = c.fqdn;
  z.pool_id = pool.id;
  z.pool_name = pool.name;
  z.ttl = 0; // RFC 9432 leaves catalog TTLs to the producer; 0 is customary
  z.mname = k_invalid;
  z.rname = k_invalid;
  z.timers.refresh = c.refresh.value_or(k_default_refresh);
  z.timers.retry = 600;
  z.timers.expire = 2147483646; // a consumer must never drop the catalog by itself
  z.timers.minimum = 0;
  z.serial = static_cast<uint32_t>(Store::now());
  z.created_at = z.updated_at = Store::now();
  z.status = model::ZoneStatus::active;
  z.action = model::ZoneAction::none;
  store::insert_zone(store, z, pool.id);
  DNSCTL_TRY(write_apex_ns(store, z, {k_invalid}));
  ZoneEditor editor(store, z);
  DNSCTL_TRY_ASSIGN(auto version, dns::Name::parse("version." + z.name));
  EditRRset rs{version, dns::rrtype::k_txt, -1, {dns::Rdata{1, '2'}}, true, ""};
  DNSCTL_TRY(editor.put(rs, Managed::allow));
  DNSCTL_TRY_ASSIGN(auto members, initial_members(store, pool.id));
  DNSCTL_TRY(put_members(editor, z, members, true));
  DNSCTL_TRY_ASSIGN(auto serial, editor.commit());
  store.log_change(z.name,
                   "catalog zone of pool " + pool.name + " created, "
                       + std::to_string(members.size()) + " member(s), serial "
                       + std::to_string(serial));
  return {};
}

// The catalog's key, as Designate keeps it: named after the catalog, scope ZONE.
Status put_catalog_key(Store& store, const model::Zone& catalog, const model::CatalogZone& c) {
  if (c.tsig_key.empty()) {
    store::delete_zone_keys(store, catalog.uuid);
    return {};
  }
  std::string algorithm = c.tsig_algorithm.empty() ? "hmac-sha256" : text::lower(c.tsig_algorithm);
  if (auto ok = dns::check_tsig_key(catalog.name, algorithm, c.tsig_key); !ok) {
    return make_error(Errc::invalid_input,
                      "catalog_zone_tsig_key of " + catalog.name + ": " + ok.error().message);
  }
  DNSCTL_TRY_ASSIGN(
      bool put, store::replace_zone_key(store, catalog.uuid, catalog.name, algorithm, c.tsig_key));
  if (!put) {
    return make_error(Errc::conflict,
                      "a TSIG key named " + catalog.name
                          + " exists already: the catalog's key takes the catalog's name");
  }
  return {};
}

} // namespace

Status drop_pool_catalog(Store& store, int64_t pool_id) {
  DNSCTL_TRY_ASSIGN(auto cat, store::find_catalog_zone(store, pool_id));
  if (!cat) {
    return {};
  }
  store::delete_zone_keys(store, cat->uuid);
  store::delete_zone_row(store, cat->id);
  store.log_change(cat->name, "catalog zone deleted");
  return {};
}

Status apply_pool_catalog(Store& store, const model::Pool& pool) {
  DNSCTL_TRY_ASSIGN(auto cat, store::find_catalog_zone(store, pool.id));
  if (cat && (!pool.catalog_zone || cat->name != text::lower(pool.catalog_zone->fqdn))) {
    DNSCTL_TRY(drop_pool_catalog(store, pool.id));
    cat.reset();
  }
  if (!pool.catalog_zone) {
    return {};
  }
  if (!cat) {
    DNSCTL_TRY(create_catalog(store, pool));
    DNSCTL_TRY_ASSIGN(auto made, store::find_catalog_zone(store, pool.id));
    cat = made;
  } else if (uint32_t refresh = pool.catalog_zone->refresh.value_or(k_default_refresh);
             refresh != cat->timers.refresh) {
    model::Zone after = *cat;
    after.timers.refresh = refresh;
    ZoneDelta delta;
    delta.complete = true; // only the SOA changed
    DNSCTL_TRY_ASSIGN(auto serial, commit_step(store, *cat, after, delta));
    store.log_change(cat->name,
                     "catalog refresh " + std::to_string(refresh) + ", serial "
                         + std::to_string(serial));
  }
  return put_catalog_key(store, *cat, *pool.catalog_zone);
}

namespace {

Status
change_members(Store& store, int64_t pool_id, const std::vector<model::Zone>& zones, bool add) {
  DNSCTL_TRY_ASSIGN(auto cat, store::find_catalog_zone(store, pool_id));
  if (!cat || zones.empty()) {
    return {};
  }
  ZoneEditor editor(store, *cat);
  DNSCTL_TRY(put_members(editor, *cat, zones, add));
  DNSCTL_TRY_ASSIGN(auto serial, editor.commit());
  if (serial != 0) {
    store.log_change(cat->name,
                     std::to_string(zones.size())
                         + (add ? " member(s) added" : " member(s) removed") + ", serial "
                         + std::to_string(serial));
  }
  return {};
}

} // namespace

Status add_catalog_members(Store& store, int64_t pool_id, const std::vector<model::Zone>& zones) {
  return change_members(store, pool_id, zones, true);
}

Status
remove_catalog_members(Store& store, int64_t pool_id, const std::vector<model::Zone>& zones) {
  return change_members(store, pool_id, zones, false);
}

} // namespace dnsctl::zone
