// What a PowerDNS 4.7 needs to consume a pool's catalog zone: pdns.conf settings and
// pdnsutil commands.

#include "backends/pdns4/config_text.hpp"

#include "backends/config_text.hpp"
#include "core/util/text.hpp"

namespace dnsctl::backends::pdns4 {

Result<std::string> consumer_config(const ConsumerInput& in) {
  if (in.member_key) {
    return make_error(Errc::invalid_input,
                      "--member-key: PowerDNS 4.7 gives catalog members no TSIG key; let "
                      "the consumer transfer members unsigned (a target or also_notify "
                      "of the pool, or mdns --allow-transfer)");
  }
  const model::Pool& pool = *in.pool;
  const auto& c = *pool.catalog_zone;
  std::string primaries;
  for (const auto& s : in.masters) {
    primaries += (primaries.empty() ? "" : " ") + s.host + ":" + std::to_string(s.port);
  }
  std::string out = "# PowerDNS 4.7 consumer of pool " + pool.name + "'s catalog zone " + c.fqdn
                    + " (dnsctl pool consumer-config)\n";
  out += "# pdns.conf: secondary=yes allow-notify-from=" + text::join(in.notify_from, ",")
         + " xfr-cycle-interval=5\n";
  out += "# (the packet and query caches keep a zone's earlier NXDOMAIN for cache-ttl: "
         "cache-ttl=0 negquery-cache-ttl=0 query-cache-ttl=0 serve new zones at once)\n";
  if (!c.tsig_key.empty()) {
    out += "pdnsutil import-tsig-key " + c.fqdn + " " + catalog_key_algorithm(c) + " " + c.tsig_key
           + "\n";
  }
  out += "pdnsutil create-secondary-zone " + c.fqdn + " " + primaries + "\n";
  out += "pdnsutil set-kind " + c.fqdn + " consumer\n";
  // No `set-meta IXFR 1` for the catalog: PowerDNS 4.7 then takes the catalog by IXFR
  // but never removes the members an IXFR deletes (seen in the integration test).
  if (!c.tsig_key.empty()) {
    out += "pdnsutil set-meta " + c.fqdn + " AXFR-MASTER-TSIG " + c.fqdn + "\n";
  }
  return out;
}

} // namespace dnsctl::backends::pdns4
