#pragma once
// The rules every RRset must pass, whoever writes it (record commands, batches,
// imports): one implementation, so an import can never store what `record create`
// would refuse.

#include "core/dns/name.hpp"
#include "core/util/result.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

namespace dnsctl::zone::rules {

// Inside the zone, and not inside a sub-zone hosted here (delegation NS and DS at
// the cut stay in the parent, RFC 1034 §4.2.1).
Status check_placement(const dns::Name& owner,
                       uint16_t type,
                       const dns::Name& apex,
                       const std::vector<dns::Name>& children);

// RFC 1034 §3.6.2 / RFC 2181 §10.1: a CNAME is alone at its name, holds one record,
// and never sits at the apex. `types` are all the RRset types at the owner, this
// one included.
Status check_cname(const dns::Name& owner,
                   uint16_t type,
                   size_t records,
                   const std::vector<uint16_t>& types,
                   const dns::Name& apex);

// An RRset must fit one DNS message whole (RFC 5936 §2.2: AXFR never splits one):
// 65535 bytes less the header, the longest question and room for OPT and TSIG.
inline constexpr size_t k_max_rrset_wire = 65535 - 12 - 259 - 512;
// `packed_size` is the dns::pack_rdata size of its `records` records.
Status check_size(const dns::Name& owner, uint16_t type, size_t records, size_t packed_size);

} // namespace dnsctl::zone::rules
