#pragma once
// The mdns's view of the store's tables: the Catalog (zones served, TSIG keys, who may
// transfer) and one zone's row, read through whatever transaction the caller has open.

#include "core/mdns/zone_source.hpp"

#include <optional>
#include <vector>

namespace dnsctl::store {
class Store;
}

namespace dnsctl::mdns {

Catalog read_catalog(store::Store& store);
// The zone with this id as it is now; nullopt when it is gone or being deleted.
std::optional<ZoneInfo> read_zone(store::Store& store, int64_t id);
// As ZoneSource::journal_from.
std::optional<std::vector<JournalStep>>
read_journal(store::Store& store, const ZoneInfo& zone, uint32_t serial);
// The owners whose RRs the steps removed or added, sorted, each once.
std::vector<std::vector<uint8_t>> read_journal_owners(store::Store& store,
                                                      const std::vector<JournalStep>& steps);

} // namespace dnsctl::mdns
