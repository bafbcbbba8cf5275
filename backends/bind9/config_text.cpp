// named.conf text: a TSIG key clause, and what a BIND needs to consume a pool's catalog
// zone (in two parts: one for inside options { }, one for the top level, each after a
// line "// dnsctl: inside options" / "// dnsctl: top level").

#include "backends/bind9/config_text.hpp"

#include "backends/config_text.hpp"
#include "core/util/text.hpp"

namespace dnsctl::backends::bind9 {

std::string key_clause(const model::TsigKey& key) {
  return "key \"" + bare_key_name(key.name) + "\" {\n\talgorithm " + key.algorithm
         + ";\n\tsecret \"" + key.secret + "\";\n};\n";
}

Result<std::string> consumer_config(const ConsumerInput& in) {
  const model::Pool& pool = *in.pool;
  const auto& c = *pool.catalog_zone;
  const auto& member_key = in.member_key;
  bool keyed = !c.tsig_key.empty();
  std::string zone = c.fqdn;
  std::string primaries;
  for (const auto& s : in.masters) {
    primaries += s.host + " port " + std::to_string(s.port)
                 + (member_key ? " key \"" + member_key->name + "\"" : std::string()) + "; ";
  }
  std::string keyed_primaries;
  for (const auto& s : in.masters) {
    keyed_primaries += s.host + " port " + std::to_string(s.port)
                       + (keyed ? " key \"" + zone + "\"" : std::string()) + "; ";
  }
  std::string out = "// named.conf of a consumer of pool " + pool.name + "'s catalog zone " + zone
                    + " (dnsctl pool consumer-config)\n";
  out += "// dnsctl: inside options\n";
  out += "catalog-zones {\n  zone \"" + zone + "\" default-primaries { " + primaries
         + "}\n    zone-directory \"catz\" in-memory no min-update-interval 1;\n};\n";
  out += "// Every new zone's first SOA query is rate-limited: 20/s by default, so 10,000 "
         "zones would take 500 s.\nserial-query-rate 10000;\n";
  out += "allow-notify { " + text::join(in.notify_from, "; ") + "; };\n";
  out += "// dnsctl: top level\n";
  if (keyed) {
    out += "key \"" + zone + "\" { algorithm " + catalog_key_algorithm(c) + "; secret \""
           + c.tsig_key + "\"; };\n";
  }
  if (member_key && member_key->name != zone) {
    out += "key \"" + member_key->name + "\" { algorithm " + member_key->algorithm + "; secret \""
           + member_key->secret + "\"; };\n";
  }
  out += "zone \"" + zone + "\" { type secondary; file \"" + zone + "catalog.db\"; primaries { "
         + keyed_primaries + "}; };\n";
  return out;
}

} // namespace dnsctl::backends::bind9
