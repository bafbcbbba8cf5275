#include "backends/driver.hpp"

#include "backends/bind9/rndc.hpp"

namespace dnsctl::backends {

std::string to_string(ZoneOp op) {
  switch (op) {
  case ZoneOp::add:
    return "add";
  case ZoneOp::remove:
    return "remove";
  case ZoneOp::reconfigure:
    return "reconfigure";
  }
  return "?";
}

OpResult apply(const model::Target& target,
               ZoneOp op,
               const ZoneArgs& zone,
               std::chrono::milliseconds timeout) {
  if (target.type == "bind9") {
    return bind9::apply(target, op, zone, timeout);
  }
  OpResult r;
  r.message = "sync does not drive " + target.type + " targets yet";
  return r;
}

} // namespace dnsctl::backends
