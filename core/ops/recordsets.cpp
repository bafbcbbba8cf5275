#include "core/ops/recordsets.hpp"

#include "core/dns/rrtype.hpp"
#include "core/ops/zones.hpp"
#include "core/store/managed_rows.hpp"
#include "core/store/store.hpp"
#include "core/store/zone_rows.hpp"

namespace dnsctl::ops {
namespace {

const std::vector<SortKey<model::RecordSet>>& recordset_sort_keys() {
  // The store's order is the zone's canonical order: "name" keeps it (a stable sort).
  static const std::vector<SortKey<model::RecordSet>> k_keys{
      {"name", nullptr},
      {"id", [](const model::RecordSet& r) { return SortValue(r.id); }},
      {"type", [](const model::RecordSet& r) { return SortValue(dns::type_to_text(r.type)); }},
      {"ttl", [](const model::RecordSet& r) { return SortValue(r.ttl); }},
  };
  return k_keys;
}

bool store_can_cut(const RecordFilter& filter, const PageRequest& page) {
  return (page.sort_key.empty() || page.sort_key == "name") && zone::store_pages(filter);
}

// A page of one zone's recordsets as the store cuts it (see zone::page_recordsets),
// each recordset made into the list's item by `item`.
template <class T>
Result<Page<T>> store_page(store::Store& store,
                           const model::Zone& z,
                           const RecordFilter& filter,
                           const PageRequest& page,
                           const std::function<T(model::RecordSet)>& item) {
  DNSCTL_TRY_ASSIGN(
      auto got, zone::page_recordsets(store, z, filter, page.marker, page.limit, page.descending));
  if (!got.marker_found) {
    return marker_not_found(page.marker);
  }
  Page<T> cut;
  cut.total = got.total;
  if (got.more && !got.items.empty()) {
    cut.next_marker = got.items.back().id;
  }
  for (auto& rs : got.items) {
    cut.items.push_back(item(std::move(rs)));
  }
  return cut;
}

} // namespace

Result<RecordSetChanged>
create_recordset(store::Store& store, const ZoneRef& zone, const RecordSetSpec& spec) {
  return store.write("record create", [&]() -> Result<RecordSetChanged> {
    DNSCTL_TRY_ASSIGN(auto z, find_zone(store, zone));
    DNSCTL_TRY_ASSIGN(auto rs, zone::create_recordset(store, z, spec));
    DNSCTL_TRY(check_recordset_quota(store, zone.scope.quotas, z, rs, true, 0));
    DNSCTL_TRY_ASSIGN(auto after, store::find_zone(store, z.uuid));
    return RecordSetChanged{std::move(after), std::move(rs)};
  });
}

Result<RecordSetChanged> update_recordset(store::Store& store,
                                          const ZoneRef& zone,
                                          std::string_view recordset,
                                          std::string_view type,
                                          const RecordSetSpec& spec,
                                          EditManaged managed) {
  return store.write("record set", [&]() -> Result<RecordSetChanged> {
    DNSCTL_TRY_ASSIGN(auto z, find_zone(store, zone));
    DNSCTL_TRY_ASSIGN(auto cur, zone::find_recordset(store, z, recordset, type));
    DNSCTL_TRY_ASSIGN(auto rs, zone::update_recordset(store, z, cur, spec, managed));
    DNSCTL_TRY(check_recordset_quota(store, zone.scope.quotas, z, rs, false, cur.data.size()));
    DNSCTL_TRY_ASSIGN(auto after, store::find_zone(store, z.uuid));
    return RecordSetChanged{std::move(after), std::move(rs)};
  });
}

Result<RecordSetChanged> delete_recordset(store::Store& store,
                                          const ZoneRef& zone,
                                          std::string_view recordset,
                                          std::string_view type,
                                          EditManaged managed) {
  return store.write("record delete", [&]() -> Result<RecordSetChanged> {
    DNSCTL_TRY_ASSIGN(auto z, find_zone(store, zone));
    DNSCTL_TRY_ASSIGN(auto cur, zone::find_recordset(store, z, recordset, type));
    DNSCTL_TRY(zone::delete_recordset(store, z, cur, managed));
    DNSCTL_TRY_ASSIGN(auto after, store::find_zone(store, z.uuid));
    return RecordSetChanged{std::move(after), std::move(cur)};
  });
}

Result<RecordSetFound> find_recordset(store::Store& store,
                                      const ZoneRef& zone,
                                      std::string_view recordset,
                                      std::string_view type) {
  DNSCTL_TRY_ASSIGN(auto z, find_zone(store, zone));
  DNSCTL_TRY_ASSIGN(auto rs, zone::find_recordset(store, z, recordset, type));
  return RecordSetFound{std::move(z), std::move(rs)};
}

Result<RecordSetList> list_recordsets(store::Store& store,
                                      const ZoneRef& zone,
                                      const RecordFilter& filter,
                                      const PageRequest& page,
                                      const std::string& zone_status) {
  std::string wanted;
  if (!zone_status.empty()) {
    DNSCTL_TRY_ASSIGN(wanted, zone_status_filter(zone_status));
  }
  DNSCTL_TRY_ASSIGN(auto z, find_zone(store, zone));
  bool status_kept = wanted.empty() || model::to_string(z.status) == wanted;
  if (status_kept && store_can_cut(filter, page)) {
    // The usual page (the zone's order, exact filters at most) is read as a page.
    DNSCTL_TRY_ASSIGN(auto cut,
                      store_page<model::RecordSet>(
                          store, z, filter, page, [](model::RecordSet rs) { return rs; }));
    return RecordSetList{std::move(z), std::move(cut)};
  }
  DNSCTL_TRY_ASSIGN(auto sets, zone::list_recordsets(store, z, filter));
  if (!status_kept) {
    sets.clear();
  }
  DNSCTL_TRY_ASSIGN(auto cut,
                    page_of<model::RecordSet>(std::move(sets),
                                              page,
                                              recordset_sort_keys(),
                                              [](const model::RecordSet& r) { return r.id; }));
  return RecordSetList{std::move(z), std::move(cut)};
}

Result<Page<RecordSetOfZone>> list_all_recordsets(store::Store& store,
                                                  const ZoneFilter& zones,
                                                  const RecordFilter& filter,
                                                  const PageRequest& page) {
  DNSCTL_TRY_ASSIGN(auto all, list_zones(store, zones));
  if (all.items.size() == 1 && store_can_cut(filter, page)) {
    // One zone (a zone_id filter, a project with one zone): its page from the store.
    const auto& z = all.items.front();
    return store_page<RecordSetOfZone>(store, z, filter, page, [&](model::RecordSet rs) {
      return RecordSetOfZone{z, std::move(rs)};
    });
  }
  std::vector<RecordSetOfZone> sets;
  for (auto& z : all.items) {
    DNSCTL_TRY_ASSIGN(auto of_zone, zone::list_recordsets(store, z, filter));
    for (auto& rs : of_zone) {
      sets.push_back({z, std::move(rs)});
    }
  }
  static const std::vector<SortKey<RecordSetOfZone>> k_keys{
      {"name", nullptr},
      {"id", [](const RecordSetOfZone& r) { return SortValue(r.recordset.id); }},
      {"type",
       [](const RecordSetOfZone& r) { return SortValue(dns::type_to_text(r.recordset.type)); }},
      {"ttl", [](const RecordSetOfZone& r) { return SortValue(r.recordset.ttl); }},
      {"zone_id", [](const RecordSetOfZone& r) { return SortValue(r.zone.uuid); }},
  };
  return page_of<RecordSetOfZone>(
      std::move(sets), page, k_keys, [](const RecordSetOfZone& r) { return r.recordset.id; });
}

Result<std::vector<model::ManagedRecordRow>> list_managed_records(store::Store& store,
                                                                  std::string_view zone) {
  std::optional<int64_t> zone_id;
  if (!zone.empty()) {
    DNSCTL_TRY_ASSIGN(auto z, find_zone(store, zone));
    zone_id = z.id;
  }
  return store::list_managed_records(store, zone_id);
}

} // namespace dnsctl::ops
