#pragma once
// Who a zone's NOTIFY goes to: policy, so it lives in sync and not in the DNS client.
// Each target of the zone's pool at its backend's NOTIFY endpoint (with the
// target's TSIG key), and the pool's also_notifies.

#include "core/query/notify.hpp"
#include "core/util/result.hpp"

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

} // namespace dnsctl::sync
