#pragma once
// Designate's zone export tasks (the v2 API's /v2/zones/tasks/exports). Asking makes
// the task, done at once: its file is the zone's master file as it is when fetched
// (core/zonefile/export.hpp). A zone holding more records than its project's
// api_export_size quota allows makes an ERROR task saying so, when the caller is held
// to quotas (core/ops/scope.hpp).

#include "core/model/zone_export.hpp"
#include "core/ops/page.hpp"
#include "core/ops/scope.hpp"
#include "core/util/result.hpp"

#include <ostream>
#include <string>
#include <string_view>

namespace dnsctl::store {
class Store;
}

namespace dnsctl::ops {

Result<model::ZoneExport> create_export(store::Store& store, const ZoneRef& zone);

struct ExportFilter {
  std::string status;  // COMPLETE or ERROR; empty: all
  std::string zone_id; // exactly this zone; empty: all
  std::string message; // a pattern (* any text); empty: all
};
// The exports `scope` sees, oldest first (sort keys created_at, id, updated_at).
Result<Page<model::ZoneExport>> list_exports(store::Store& store,
                                             const Scope& scope,
                                             const ExportFilter& filter,
                                             const PageRequest& page = {});
// By id; another project's is not found.
Result<model::ZoneExport> find_export(store::Store& store, std::string_view id, const Scope& scope);
Status delete_export(store::Store& store, std::string_view id, const Scope& scope);
// The export's file: its zone now, as `domain export` writes it. An ERROR export, or
// one whose zone is gone, has none.
Status
write_export(store::Store& store, std::string_view id, const Scope& scope, std::ostream& out);

} // namespace dnsctl::ops
