#pragma once
// The sink's rows: the tags on the records it made (designate-sink's managed_*
// columns), and the ids of the messages it handled, so a redelivery changes nothing.

#include "core/model/managed.hpp"
#include "core/util/result.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace dnsctl::store {

class Store;

// A record the sink made for a resource.
struct ManagedRow {
  int64_t zone_id = 0;
  std::vector<uint8_t> owner; // sort key
  uint16_t type = 0;
  std::string data; // presentation form
};

// The records tagged with the change's resource.
Result<std::vector<ManagedRow>> managed_rows_of(Store& store, const model::ManagedChange& c);
// Whether another resource tagged the same record (it then stays when this one goes).
Result<bool> tagged_by_another(Store& store, const ManagedRow& r, const model::ManagedChange& c);
void delete_managed_rows(Store& store, const model::ManagedChange& c);
void tag_managed_row(Store& store, const ManagedRow& r, const model::ManagedChange& c);
// The tags on an RRset (every resource's), or on every record of a zone.
Result<std::vector<ManagedRow>>
managed_rows_at(Store& store, int64_t zone_id, std::span<const uint8_t> owner, uint16_t type);
// Drops the tags on records of the RRset that are no longer in it.
void untag_missing(Store& store,
                   int64_t zone_id,
                   std::span<const uint8_t> owner,
                   uint16_t type,
                   const std::vector<std::string>& kept_data);

// The sink's records, of one zone (by id) or of all, with their zone's name.
Result<std::vector<model::ManagedRecordRow>> list_managed_records(Store& store,
                                                                  std::optional<int64_t> zone_id);

// Whether the sink applied (or ignored) a message with this id before; one it set
// aside is not seen: it is tried again.
Result<bool> sink_message_seen(Store& store, const std::string& message_id);
void record_sink_message(Store& store,
                         const std::string& message_id,
                         const std::string& event_type,
                         const std::string& outcome,
                         const std::string& reason);
// Forgets handled message ids older than `age_seconds` (redeliveries come within
// minutes; the table would otherwise grow with every event).
Status prune_sink_messages(Store& store, int64_t age_seconds);

} // namespace dnsctl::store
