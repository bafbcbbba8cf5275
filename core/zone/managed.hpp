#pragma once
// The sink's changes: a batch of notifications applied with one serial step per zone
// for the whole batch, each message recorded by its id so that a redelivery changes
// nothing, and every record tagged with the resource it belongs to.

#include "core/model/managed.hpp"
#include "core/util/result.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dnsctl::store {
class Store;
}

namespace dnsctl::zone {

using store::Store;

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
  // applied: the records it removed and added, "NAME TYPE DATA" (for the log).
  std::vector<std::string> removed;
  std::vector<std::string> added;
};

std::string to_string(SinkOutcome::Kind k); // applied duplicate ignored rejected

// Applies the items inside the caller's write transaction: each item's resource loses
// the records it had and, for an add, gets its new ones; every message id is recorded,
// so a redelivery is a duplicate. Items in `rejected` are recorded as rejected with
// their reason. When an item cannot be applied (unknown zone, a CNAME in the way, a
// name outside the zone) its index goes to `failed` and the error is returned: the
// caller rolls back and runs the batch again with that item rejected (a ZoneEditor's
// edits cannot be taken back one by one).
Status apply_sink_items(Store& store,
                        const std::vector<SinkItem>& items,
                        const std::map<size_t, std::string>& rejected,
                        std::vector<SinkOutcome>& out,
                        std::optional<size_t>& failed);

} // namespace dnsctl::zone
