#pragma once
// Who a zone's NOTIFY goes to: policy, so it lives in sync and not in the DNS client.
// Each target of the zone's pool at its backend's NOTIFY endpoint (with the
// target's TSIG key), and the pool's also_notifies.

#include "core/query/notify.hpp"
#include "core/util/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dnsctl::store {
class Store;
}

namespace dnsctl::sync {

// A target whose backend has no NOTIFY address (no host option) is an error that
// names the target: never a silent default.
Result<std::vector<query::NotifyPeer>> notify_peers(store::Store& store, const std::string& zone);
Result<query::NotifyZone> notify_zone(store::Store& store, const std::string& zone);
// The same for every zone of a pool (its catalog zone among them).
Result<std::vector<query::NotifyPeer>> pool_notify_peers(store::Store& store, int64_t pool_id);
// The pool's catalog zone to NOTIFY, or nullopt when the pool has none.
Result<std::optional<query::NotifyZone>> catalog_notify_zone(store::Store& store, int64_t pool_id);

} // namespace dnsctl::sync
