#pragma once
// `domain export`: the zone as an RFC 1035 master file. $ORIGIN and $TTL first, the
// SOA, then every RRset in canonical order with owners relative to $ORIGIN and one
// record per line; RRsets that inherit the zone's TTL carry none. The output is stable
// (no timestamp), named-checkzone and kzonecheck accept it, and importing it gives
// the same zone.

#include "core/model/zone.hpp"
#include "core/util/result.hpp"

#include <ostream>

namespace dnsctl::store {
class Store;
}

namespace dnsctl::zonefile {

// Streams rows from the store: memory does not grow with the zone.
Result<size_t> export_zone(store::Store& store, const model::Zone& zone, std::ostream& out);

} // namespace dnsctl::zonefile
