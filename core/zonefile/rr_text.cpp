#include "core/zonefile/rr_text.hpp"

#include "core/dns/rdata.hpp"
#include "core/dns/rrtype.hpp"

namespace dnsctl::zonefile {

std::vector<std::string> delta_lines(const store::ZoneDelta& delta) {
  std::vector<std::string> out;
  auto emit = [&](char op, const store::RrDelta& d) {
    std::string head = std::string(1, op) + " " + d.owner.to_text() + " " + std::to_string(d.ttl)
                       + " IN " + dns::type_to_text(d.type) + " ";
    for (const auto& r : d.rdatas) {
      out.push_back(head + dns::rdata_to_text(d.type, r));
    }
  };
  for (const auto& d : delta.removed) {
    emit('-', d);
  }
  for (const auto& d : delta.added) {
    emit('+', d);
  }
  return out;
}

} // namespace dnsctl::zonefile
