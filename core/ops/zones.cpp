#include "core/ops/zones.hpp"

#include "core/store/pools.hpp"
#include "core/store/store.hpp"
#include "core/store/zone_rows.hpp"
#include "core/util/text.hpp"

#include <algorithm>
#include <cctype>
#include <map>

namespace dnsctl::ops {
namespace {

// Runs `fn` in one write transaction, or in one that is always rolled back.
template <class F>
auto transaction(store::Store& store, std::string_view command, Mode mode, F&& fn) {
  return mode == Mode::dry_run ? store.trial(command, std::forward<F>(fn))
                               : store.write(command, std::forward<F>(fn));
}

// "ACTIVE" from "active": one of `allowed`, or an error naming them.
Result<std::string> one_of(const std::string& what,
                           const std::string& value,
                           std::initializer_list<const char*> allowed) {
  std::string up = value;
  for (char& c : up) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  std::vector<std::string> names;
  for (const char* a : allowed) {
    if (up == a) {
      return up;
    }
    names.emplace_back(a);
  }
  return make_error(Errc::invalid_input,
                    what + " " + text::quote(value) + " (expected one of " + text::join(names, ", ")
                        + ")");
}

const std::vector<SortKey<model::Zone>>& zone_sort_keys() {
  static const std::vector<SortKey<model::Zone>> k_keys{
      {"name", [](const model::Zone& z) { return SortValue(z.name); }},
      {"id", [](const model::Zone& z) { return SortValue(z.uuid); }},
      {"created_at", [](const model::Zone& z) { return SortValue(z.created_at); }},
      {"updated_at", [](const model::Zone& z) { return SortValue(z.updated_at); }},
      {"serial", [](const model::Zone& z) { return SortValue(int64_t{z.serial}); }},
      {"ttl", [](const model::Zone& z) { return SortValue(int64_t{z.ttl}); }},
      {"status", [](const model::Zone& z) { return SortValue(model::to_string(z.status)); }},
      {"email", [](const model::Zone& z) { return SortValue(z.email); }},
      {"pool", [](const model::Zone& z) { return SortValue(z.pool_name); }},
  };
  return k_keys;
}

} // namespace

Result<model::Zone> find_zone(store::Store& store, const ZoneRef& zone) {
  auto z = store::find_zone(store, zone.zone);
  if (!z || !zone.scope.sees(*z)) {
    Error e = !z ? z.error()
                 : make_error(Errc::not_found, "zone " + text::quote(zone.zone) + " not found");
    if (e.code == Errc::not_found) {
      e.kind = "zone_not_found"; // not the recordset's, when a recordset was asked for
    }
    return e;
  }
  return z;
}

Result<ZonesCreated> create_zones(store::Store& store,
                                  const model::Settings& settings,
                                  const std::vector<ZoneSpec>& specs,
                                  Mode mode,
                                  const QuotaCheck& quotas) {
  if (specs.empty()) {
    return make_error(Errc::invalid_input, "no zone to create");
  }
  ZonesCreated made;
  auto create = [&]() -> Status {
    made = {};
    if (quotas.defaults != nullptr) {
      std::map<std::string, int64_t> adding;
      for (const auto& spec : specs) {
        ++adding[spec.project];
      }
      for (const auto& [project, n] : adding) {
        DNSCTL_TRY(check_zone_quota(store, quotas, project, n));
      }
    }
    if (specs.size() == 1) {
      DNSCTL_TRY_ASSIGN(auto z, zone::create_zone(store, specs.front(), settings, &made.placement));
      made.zones.push_back(std::move(z));
      return {};
    }
    DNSCTL_TRY_ASSIGN(auto zones, zone::create_zones(store, specs, settings));
    made.zones = std::move(zones);
    return {};
  };
  DNSCTL_TRY(transaction(store, "domain create", mode, create));
  if (mode == Mode::dry_run) {
    for (auto& z : made.zones) {
      z.uuid.clear(); // not kept: the real run makes another
    }
  }
  return made;
}

Result<std::string> zone_status_filter(const std::string& value) {
  return one_of("status", value, {"ACTIVE", "PENDING", "ERROR"});
}

Result<Page<model::Zone>>
list_zones(store::Store& store, const ZoneFilter& filter, const PageRequest& page) {
  store::ZoneRows which;
  which.project = filter.project;
  which.uuid = filter.id;
  if (!filter.pool.empty()) {
    DNSCTL_TRY_ASSIGN(auto pool, store::find_pool(store, filter.pool));
    which.pool_id = pool.id;
  }
  if (!filter.status.empty()) {
    DNSCTL_TRY_ASSIGN(which.status, zone_status_filter(filter.status));
  }
  if (!filter.action.empty()) {
    DNSCTL_TRY_ASSIGN(which.action,
                      one_of("action", filter.action, {"NONE", "CREATE", "UPDATE", "DELETE"}));
  }
  std::string type;
  if (!filter.type.empty()) {
    DNSCTL_TRY_ASSIGN(type, one_of("type", filter.type, {"PRIMARY", "SECONDARY"}));
  }
  if (!page.sort_key.empty()) {
    DNSCTL_TRY(find_sort_key(zone_sort_keys(), page.sort_key));
  }
  std::vector<model::Zone> kept;
  if (type != "SECONDARY") { // every zone dnsctl holds is PRIMARY
    DNSCTL_TRY_ASSIGN(auto zones, store::read_zones(store, which));
    // Names are matched with and without the trailing dot, as people type them.
    std::string name = filter.name;
    if (!name.empty() && name.back() != '.' && name.back() != '*') {
      name += '.';
    }
    for (auto& z : zones) {
      bool attrs_ok =
          std::all_of(filter.attributes.begin(), filter.attributes.end(), [&](const auto& a) {
            return std::find(z.attributes.begin(), z.attributes.end(), a) != z.attributes.end();
          });
      if (attrs_ok && (name.empty() || text::glob_match(name, z.name))
          && (filter.email.empty() || text::glob_match(filter.email, z.email))
          && (filter.description.empty() || text::glob_match(filter.description, z.description))
          && (!filter.ttl || *filter.ttl == z.ttl)) {
        kept.push_back(std::move(z));
      }
    }
  }
  return page_of<model::Zone>(
      std::move(kept), page, zone_sort_keys(), [](const model::Zone& z) { return z.uuid; });
}

Result<model::Zone>
update_zone(store::Store& store, const ZoneRef& zone, const ZoneUpdate& update) {
  return store.write("domain set", [&]() -> Result<model::Zone> {
    DNSCTL_TRY_ASSIGN(auto z, find_zone(store, zone));
    return zone::update_zone(store, z, update);
  });
}

Result<model::Zone> delete_zone(store::Store& store, const ZoneRef& zone, HardDelete hard) {
  return store.write("domain delete", [&]() -> Result<model::Zone> {
    DNSCTL_TRY_ASSIGN(auto z, find_zone(store, zone));
    return zone::delete_zone(store, z, hard);
  });
}

Status abandon_zone(store::Store& store, const ZoneRef& zone) {
  return store.write("domain abandon", [&]() -> Status {
    DNSCTL_TRY_ASSIGN(auto z, find_zone(store, zone));
    return zone::abandon_zone(store, z);
  });
}

Result<std::vector<model::NsRecord>> zone_nameservers(store::Store& store, const ZoneRef& zone) {
  DNSCTL_TRY_ASSIGN(auto z, find_zone(store, zone));
  DNSCTL_TRY_ASSIGN(auto pool, store::find_pool(store, z.pool_uuid));
  auto ns = pool.ns_records;
  std::stable_sort(
      ns.begin(), ns.end(), [](const auto& a, const auto& b) { return a.priority < b.priority; });
  return ns;
}

Result<ZoneMoved> move_zone(store::Store& store,
                            const model::Settings& settings,
                            std::string_view zone,
                            const MoveSpec& spec,
                            Mode mode) {
  ZoneMoved moved;
  auto move = [&]() -> Status {
    DNSCTL_TRY_ASSIGN(auto z, store::find_zone(store, zone));
    DNSCTL_TRY_ASSIGN(moved.zone, zone::move_zone(store, z, spec, settings, &moved.placement));
    if (spec.attributes.empty()) {
      DNSCTL_TRY_ASSIGN(auto pool, store::find_pool(store, moved.zone.pool_uuid));
      for (const auto& attr : moved.zone.attributes) {
        const std::string& key = attr.first;
        auto it = std::find_if(pool.attributes.begin(), pool.attributes.end(), [&](const auto& kv) {
          return kv.first == key;
        });
        if (it != pool.attributes.end() && it->second != attr.second) {
          std::string theirs = key + ":" + it->second;
          std::string warning = "zone " + moved.zone.name;
          warning += " keeps attribute " + key + ":" + attr.second;
          warning += ", but pool " + pool.name + " has " + theirs;
          warning += ": the scheduler would place it elsewhere; --attributes " + theirs;
          warning += " moves it and sets it";
          moved.warnings.push_back(std::move(warning));
        }
      }
    }
    return {};
  };
  DNSCTL_TRY(transaction(store, "domain move", mode, move));
  return moved;
}

} // namespace dnsctl::ops
