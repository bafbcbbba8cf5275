#include "core/zone/rules.hpp"

#include "core/dns/rrtype.hpp"
#include "core/util/text.hpp"

#include <algorithm>

namespace dnsctl::zone::rules {

Status check_size(const dns::Name& owner, uint16_t type, size_t records, size_t packed_size) {
  // Each record on the wire: the owner (uncompressed, to be safe), type, class, TTL
  // and RDLENGTH (10 bytes) and the rdata; the packed form has 2 bytes per record.
  size_t wire = records * (owner.size() + 8) + packed_size;
  if (wire <= k_max_rrset_wire) {
    return {};
  }
  return make_error(Errc::invalid_input,
                    owner.to_text() + " " + dns::type_to_text(type) + ": " + std::to_string(records)
                        + " records take " + std::to_string(wire) + " bytes on the wire, over the "
                        + std::to_string(k_max_rrset_wire)
                        + " that fit one DNS message with a transfer's question and TSIG");
}

Status check_placement(const dns::Name& owner,
                       uint16_t type,
                       const dns::Name& apex,
                       const std::vector<dns::Name>& children) {
  if (!owner.is_within(apex)) {
    return make_error(Errc::invalid_input,
                      "name " + owner.to_text() + " is not inside zone " + apex.to_text());
  }
  // A wildcard cannot delegate (RFC 4592 4.2: its NS would not make a zone cut), and
  // Designate refuses it.
  if (type == dns::rrtype::k_ns && owner.is_wildcard()) {
    return make_error(Errc::invalid_input,
                      "NS at the wildcard " + owner.to_text()
                          + " is not allowed: a wildcard cannot delegate (RFC 4592 4.2)");
  }
  for (const auto& child : children) {
    if (!owner.is_within(child)) {
      continue;
    }
    bool delegation = owner == child && (type == dns::rrtype::k_ns || type == dns::rrtype::k_ds);
    if (!delegation) {
      return make_error(Errc::invalid_input,
                        "name " + owner.to_text() + " belongs to zone " + child.to_text()
                            + ", a sub-zone hosted here; change it there");
    }
  }
  return {};
}

Status check_cname(const dns::Name& owner,
                   uint16_t type,
                   size_t records,
                   const std::vector<uint16_t>& types,
                   const dns::Name& apex) {
  bool has_cname = std::find(types.begin(), types.end(), dns::rrtype::k_cname) != types.end();
  if (type == dns::rrtype::k_cname) {
    if (owner == apex) {
      return make_error(Errc::invalid_input,
                        "a CNAME cannot be at the zone apex " + apex.to_text()
                            + " (the apex has SOA and NS records)");
    }
    if (records > 1) {
      return make_error(Errc::invalid_input,
                        "a CNAME RRset holds exactly one record (" + std::to_string(records)
                            + " given)");
    }
    std::vector<std::string> others;
    for (uint16_t t : types) {
      if (t != dns::rrtype::k_cname) {
        others.push_back(dns::type_to_text(t));
      }
    }
    if (!others.empty()) {
      return make_error(Errc::conflict,
                        "CNAME at " + owner.to_text() + " conflicts with its other records ("
                            + text::join(others, " ")
                            + "): a CNAME must be the only RRset at its name");
    }
    return {};
  }
  if (has_cname) {
    return make_error(Errc::conflict,
                      dns::type_to_text(type) + " at " + owner.to_text()
                          + " conflicts with the CNAME there: a CNAME must be the only RRset "
                            "at its name");
  }
  return {};
}

} // namespace dnsctl::zone::rules
