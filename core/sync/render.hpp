#pragma once
// `target render` (and `rndc render`): what the next sync would run on each target, as
// each backend describes its commands (the rndc line, the API request, the knotc and
// nsd-control calls), built from the same plan the sync runs. Nothing is run.

#include "backends/backend.hpp"
#include "core/model/settings.hpp"
#include "core/util/result.hpp"

#include <optional>
#include <string>
#include <vector>

namespace dnsctl::store {
class Store;
}

namespace dnsctl::sync {

struct RenderRow {
  std::string zone;
  std::string zone_uuid;
  bool hard_delete = false;
  model::Target target;
  std::string label;                  // the backend's
  std::optional<backends::ZoneOp> op; // none: a NOTIFY, or a member of a catalog
  std::string action;                 // the verb the target's tool knows (addzone, POST, ...)
  std::vector<std::string> commands;  // what would run, secrets masked
  std::string note;                   // refused, NOTIFY only, via the catalog, held
  bool held = false; // the old pool's target of a moving zone: deleted after the move
};

// `zones` (names or ids; empty: all) of `pool` (name or id; empty: all).
Result<std::vector<RenderRow>> render(store::Store& store,
                                      const model::Settings& settings,
                                      const std::vector<std::string>& zones,
                                      const std::string& pool);

} // namespace dnsctl::sync
