#include "core/dns/soa.hpp"

#include "core/dns/knot.hpp"

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

Result<SoaFields> parse_soa(const uint8_t* rdata, size_t size) {
  const uint8_t* end = rdata + size;
  int m = knot_dname_wire_check(rdata, end, nullptr);
  if (m <= 0) {
    return make_error(Errc::invalid_input, "malformed SOA MNAME");
  }
  int r = knot_dname_wire_check(rdata + m, end, nullptr);
  if (r <= 0 || static_cast<size_t>(m) + static_cast<size_t>(r) + 20 != size) {
    return make_error(Errc::invalid_input, "malformed SOA");
  }
  SoaFields f;
  f.mname = Name::from_wire(rdata, static_cast<size_t>(m));
  f.rname = Name::from_wire(rdata + m, static_cast<size_t>(r));
  const uint8_t* p = rdata + m + r;
  auto u32 = [&](size_t i) {
    const uint8_t* q = p + 4 * i;
    return (uint32_t{q[0]} << 24) | (uint32_t{q[1]} << 16) | (uint32_t{q[2]} << 8) | uint32_t{q[3]};
  };
  f.serial = u32(0);
  f.timers.refresh = u32(1);
  f.timers.retry = u32(2);
  f.timers.expire = u32(3);
  f.timers.minimum = u32(4);
  return f;
}

} // namespace dnsctl::dns
