#pragma once
// The recordset operations every front end calls: each one transaction, the zone read
// again inside it (it may have changed since the caller looked), every rule applied
// (core/zone/records.hpp).

#include "core/model/managed.hpp"
#include "core/model/zone.hpp"
#include "core/ops/page.hpp"
#include "core/ops/quotas.hpp"
#include "core/ops/scope.hpp"
#include "core/ops/zones.hpp"
#include "core/util/result.hpp"
#include "core/zone/records.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace dnsctl::store {
class Store;
}

namespace dnsctl::ops {

using zone::EditManaged;
using zone::RecordFilter;
using zone::RecordSetSpec;

struct RecordSetChanged {
  model::Zone zone; // as it is after the change
  model::RecordSet recordset;
};

// Both held to the quotas of `zone`'s scope.
Result<RecordSetChanged>
create_recordset(store::Store& store, const ZoneRef& zone, const RecordSetSpec& spec);
// `recordset`: its id, or its name (relative, absolute or @) with `type` when the name
// holds several.
Result<RecordSetChanged> update_recordset(store::Store& store,
                                          const ZoneRef& zone,
                                          std::string_view recordset,
                                          std::string_view type,
                                          const RecordSetSpec& spec,
                                          EditManaged managed = EditManaged::no);
Result<RecordSetChanged> delete_recordset(store::Store& store,
                                          const ZoneRef& zone,
                                          std::string_view recordset,
                                          std::string_view type,
                                          EditManaged managed = EditManaged::no);

struct RecordSetFound {
  model::Zone zone;
  model::RecordSet recordset;
};
Result<RecordSetFound> find_recordset(store::Store& store,
                                      const ZoneRef& zone,
                                      std::string_view recordset,
                                      std::string_view type);

struct RecordSetList {
  model::Zone zone;
  Page<model::RecordSet> page;
};
// Sort keys: name (the default: the zone's canonical order), id, type, ttl.
// A recordset is as far as its zone (PENDING until every server of the pool has the
// zone's serial), so `zone_status` keeps or drops the zone's recordsets whole, before
// the page is cut: the page is full and the total counts what the filter kept.
Result<RecordSetList> list_recordsets(store::Store& store,
                                      const ZoneRef& zone,
                                      const RecordFilter& filter,
                                      const PageRequest& page = {},
                                      const std::string& zone_status = {});

// The recordsets of every zone `zones` keeps (Designate's GET /v2/recordsets: its
// project, status and zone_id filters are zone filters), zone by zone in name order.
// Sort keys: name, id, type, ttl, zone_id.
struct RecordSetOfZone {
  model::Zone zone;
  model::RecordSet recordset;
};
Result<Page<RecordSetOfZone>> list_all_recordsets(store::Store& store,
                                                  const ZoneFilter& zones,
                                                  const RecordFilter& filter,
                                                  const PageRequest& page = {});

// The records the sink made, of one zone (name or id) or of all when `zone` is empty.
Result<std::vector<model::ManagedRecordRow>> list_managed_records(store::Store& store,
                                                                  std::string_view zone);

} // namespace dnsctl::ops
