#pragma once
// The sink's side of the store: a batch of notifications applied in one transaction,
// with one serial step per zone for the whole batch, each message recorded by its id
// so that a redelivery changes nothing; and the tagged records, for
// `record list --managed`.

#include "core/model/managed.hpp"
#include "core/util/result.hpp"

#include <string>
#include <vector>

namespace dnsctl::store {

class Store;

struct SinkItem {
  std::string message_id; // empty: not recorded, so not recognised when redelivered
  std::string event_type;
  model::ManagedChange change; // Kind::none: no handler acts on it
  std::string error;           // set: the message is rejected with this reason
};

struct SinkOutcome {
  enum class Kind { applied, duplicate, ignored, rejected };
  Kind kind = Kind::ignored;
  std::string reason; // rejected: why
};

std::string to_string(SinkOutcome::Kind k); // applied duplicate ignored rejected

// All items in one transaction. An item that cannot be applied (unknown zone, a
// CNAME in the way, a name outside the zone) is rejected on its own, with the reason,
// and the rest are applied; it is recorded, so it is never retried.
Result<std::vector<SinkOutcome>> apply_sink_batch(Store& store, const std::vector<SinkItem>& items);

// The sink's records, of one zone (name or id) or of all when `zone` is empty.
Result<std::vector<model::ManagedRecordRow>> list_managed_records(Store& store,
                                                                  const std::string& zone);

// Forgets handled message ids older than `age_seconds` (redeliveries come within
// minutes; the table would otherwise grow with every event).
Status prune_sink_messages(Store& store, int64_t age_seconds);

} // namespace dnsctl::store
