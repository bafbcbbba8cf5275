#pragma once
#include "core/dns/name.hpp"
#include "core/dns/rdata.hpp"
#include "core/model/zone.hpp"

namespace dnsctl::dns {

// Wire rdata of the zone's SOA (RFC 1035 §3.3.13).
Rdata soa_rdata(const Name& mname,
                const Name& rname,
                uint32_t serial,
                const model::SoaTimers& timers);

struct SoaFields {
  Name mname;
  Name rname;
  uint32_t serial = 0;
  model::SoaTimers timers;
};

// The fields of SOA wire rdata; fails on anything but a well-formed SOA.
Result<SoaFields> parse_soa(const uint8_t* rdata, size_t size);

// The SOA rdata the store's zone row stands for (mname/rname parsed from the row).
Rdata soa_rdata(const model::Zone& zone);

} // namespace dnsctl::dns
