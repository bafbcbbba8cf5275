#pragma once
// Zone export tasks' rows. Writes run inside Store::write().

#include "core/model/zone_export.hpp"
#include "core/util/result.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dnsctl::store {

class Store;

// Stores `e` with a new uuid and the time; returns it as stored.
Result<model::ZoneExport> create_zone_export(Store& store, model::ZoneExport e);
// One project's (nullopt: every project's), oldest first.
Result<std::vector<model::ZoneExport>> list_zone_exports(Store& store,
                                                         const std::optional<std::string>& project);
Result<model::ZoneExport> find_zone_export(Store& store, std::string_view uuid);
Status delete_zone_export(Store& store, const model::ZoneExport& e);

} // namespace dnsctl::store
