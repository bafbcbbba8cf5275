#include "core/ops/exports.hpp"

#include "core/ops/quotas.hpp"
#include "core/ops/zones.hpp"
#include "core/store/store.hpp"
#include "core/store/zone_exports.hpp"
#include "core/util/text.hpp"
#include "core/zonefile/export.hpp"

namespace dnsctl::ops {
namespace {

bool sees(const Scope& scope, const model::ZoneExport& e) {
  return !scope.project || e.project_id == *scope.project;
}

} // namespace

Result<model::ZoneExport> create_export(store::Store& store, const ZoneRef& zone) {
  return store.write("zone export", [&]() -> Result<model::ZoneExport> {
    DNSCTL_TRY_ASSIGN(auto z, find_zone(store, zone));
    model::ZoneExport e;
    e.zone_uuid = z.uuid;
    e.project_id = z.project_id;
    e.status = "COMPLETE";
    if (zone.scope.quotas.defaults != nullptr) {
      DNSCTL_TRY_ASSIGN(auto q, project_quotas(store, *zone.scope.quotas.defaults, z.project_id));
      // Every record the file would hold: the SOA and the managed ones too.
      DNSCTL_TRY_ASSIGN(auto records, store::count_zone_records(store, z.id, store::Managed::with));
      ++records;
      auto limit = q.quotas[model::QuotaResource::api_export_size];
      if (q.quotas.exceeded(model::QuotaResource::api_export_size, records)) {
        e.status = "ERROR";
        e.message = "Quota exceeded for api_export_size: zone " + z.name + " holds "
                    + std::to_string(records) + " records, the quota is " + std::to_string(limit);
      }
    }
    return store::create_zone_export(store, std::move(e));
  });
}

Result<Page<model::ZoneExport>> list_exports(store::Store& store,
                                             const Scope& scope,
                                             const ExportFilter& filter,
                                             const PageRequest& page) {
  static const std::vector<SortKey<model::ZoneExport>> k_keys{
      {"created_at", [](const model::ZoneExport& e) { return SortValue(e.created_at); }},
      {"id", [](const model::ZoneExport& e) { return SortValue(e.uuid); }},
      {"updated_at", [](const model::ZoneExport& e) { return SortValue(e.updated_at); }},
  };
  DNSCTL_TRY_ASSIGN(auto all, store::list_zone_exports(store, scope.project));
  std::erase_if(all, [&](const model::ZoneExport& e) {
    return (!filter.status.empty() && e.status != filter.status)
           || (!filter.zone_id.empty() && e.zone_uuid != filter.zone_id)
           || (!filter.message.empty() && !text::glob_match(filter.message, e.message));
  });
  return page_of<model::ZoneExport>(
      std::move(all), page, k_keys, [](const model::ZoneExport& e) { return e.uuid; });
}

Result<model::ZoneExport>
find_export(store::Store& store, std::string_view id, const Scope& scope) {
  auto e = store::find_zone_export(store, id);
  if (e && !sees(scope, *e)) {
    return make_error(Errc::not_found, "zone export " + std::string(id) + " not found");
  }
  return e;
}

Status delete_export(store::Store& store, std::string_view id, const Scope& scope) {
  return store.write("zone export delete", [&]() -> Status {
    DNSCTL_TRY_ASSIGN(auto e, find_export(store, id, scope));
    return store::delete_zone_export(store, e);
  });
}

Status
write_export(store::Store& store, std::string_view id, const Scope& scope, std::ostream& out) {
  DNSCTL_TRY_ASSIGN(auto e, find_export(store, id, scope));
  if (e.status != "COMPLETE") {
    return make_error(Errc::invalid_input, "zone export " + e.uuid + " failed: " + e.message);
  }
  DNSCTL_TRY_ASSIGN(auto z, find_zone(store, ZoneRef(e.zone_uuid, scope)));
  DNSCTL_TRY(zonefile::export_zone(store, z, out));
  return {};
}

} // namespace dnsctl::ops
