#include "core/dns/soa.hpp"

namespace dnsctl::dns {
namespace {
void put32(Rdata& r, uint32_t v) {
  r.push_back(static_cast<uint8_t>(v >> 24));
  r.push_back(static_cast<uint8_t>(v >> 16));
  r.push_back(static_cast<uint8_t>(v >> 8));
  r.push_back(static_cast<uint8_t>(v));
}
} // namespace

Rdata soa_rdata(const Name& mname,
                const Name& rname,
                uint32_t serial,
                const model::SoaTimers& timers) {
  Rdata r(mname.wire(), mname.wire() + mname.size());
  r.insert(r.end(), rname.wire(), rname.wire() + rname.size());
  put32(r, serial);
  put32(r, timers.refresh);
  put32(r, timers.retry);
  put32(r, timers.expire);
  put32(r, timers.minimum);
  return r;
}

Rdata soa_rdata(const model::Zone& zone) {
  auto mname = Name::parse(zone.mname);
  auto rname = Name::parse(zone.rname);
  return soa_rdata(mname ? *mname : Name(), rname ? *rname : Name(), zone.serial, zone.timers);
}

} // namespace dnsctl::dns
