#pragma once
// Whole-zone writes for import: a new zone's content in one pass, or a zone made
// equal to a file (`--replace`) by merging two sorted lists, the store's rows and the
// file's RRsets, so the cost is one read and the changed rows, never a query per
// RRset. Call inside Store::write().

#include "core/model/zone.hpp"
#include "core/util/result.hpp"
#include "core/zone/content.hpp"
#include "core/zone/serial.hpp"

#include <functional>

namespace dnsctl::store {
class Store;
}

namespace dnsctl::zone {

using store::Store;

// (rows done, rows in all); called now and then, for a progress line.
using Progress = std::function<void(size_t, size_t)>;

enum class Apply { no, yes };

// Writes every RRset of `content` into `zone` (just created: only its apex NS). An
// RRset whose TTL is the zone's is stored as inheriting it.
Status insert_content(Store& store,
                      const model::Zone& zone,
                      const ZoneContent& content,
                      const Progress& progress = {});

struct ReplaceStats {
  size_t added = 0;
  size_t changed = 0;
  size_t removed = 0;
  size_t unchanged = 0;
};

// The RRs that making the zone's unmanaged RRsets equal to `content` removes and adds
// (effective TTLs: `before.ttl` for the stored rows, the file's for `content`; stored
// TTLs equal to `after.ttl` become inherited). With Apply::yes the rows are written.
Result<ZoneDelta> replace_content(Store& store,
                                  const model::Zone& before,
                                  const model::Zone& after,
                                  const ZoneContent& content,
                                  Apply apply,
                                  ReplaceStats& stats);

} // namespace dnsctl::zone
