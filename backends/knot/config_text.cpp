// knot.conf text: a TSIG key, and what a Knot needs to consume a pool's catalog zone
// (keys, remotes, a NOTIFY acl, a template for the members; Knot needs no speed
// settings).

#include "backends/knot/config_text.hpp"

#include "backends/config_text.hpp"
#include "core/util/text.hpp"

namespace dnsctl::backends::knot {

std::string key_clause(const model::TsigKey& key) {
  return "key:\n  - id: " + key.name + "\n    algorithm: " + key.algorithm
         + "\n    secret: " + key.secret + "\n";
}

Result<std::string> consumer_config(const ConsumerInput& in) {
  const model::Pool& pool = *in.pool;
  const auto& c = *pool.catalog_zone;
  const auto& member_key = in.member_key;
  bool keyed = !c.tsig_key.empty();
  std::string id = "dnsctl-" + pool.name;
  std::string out = "# knot.conf of a consumer of pool " + pool.name + "'s catalog zone " + c.fqdn
                    + " (dnsctl pool consumer-config); Knot needs no speed settings\n";
  bool member_apart = member_key && member_key->name != c.fqdn;
  if (keyed || member_apart) {
    out += "key:\n";
  }
  if (keyed) {
    out += "  - id: " + c.fqdn + "\n    algorithm: " + catalog_key_algorithm(c)
           + "\n    secret: " + c.tsig_key + "\n";
  }
  if (member_apart) {
    out += "  - id: " + member_key->name + "\n    algorithm: " + member_key->algorithm
           + "\n    secret: " + member_key->secret + "\n";
  }
  if (keyed || member_apart) {
    out += "\n";
  }
  std::string addresses;
  for (const auto& s : in.masters) {
    addresses += (addresses.empty() ? "" : ", ") + s.host + "@" + std::to_string(s.port);
  }
  out += "remote:\n  - id: " + id + "-catalog\n    address: [" + addresses + "]\n";
  if (keyed) {
    out += "    key: " + c.fqdn + "\n";
  }
  out += "  - id: " + id + "\n    address: [" + addresses + "]\n";
  if (member_key) {
    out += "    key: " + member_key->name + "\n";
  }
  out += "\n";
  out += "acl:\n  - id: " + id + "-notify\n    address: [" + text::join(in.notify_from, ", ")
         + "]\n    action: notify\n\n";
  out += "template:\n  - id: " + id + "-member\n    master: " + id + "\n    acl: " + id
         + "-notify\n\n";
  out += "zone:\n  - domain: " + c.fqdn + "\n    master: " + id + "-catalog\n    acl: " + id
         + "-notify\n    catalog-role: interpret\n    catalog-template: " + id + "-member\n";
  return out;
}

} // namespace dnsctl::backends::knot
