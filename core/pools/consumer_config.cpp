#include "core/pools/consumer_config.hpp"

#include "core/util/text.hpp"

#include <algorithm>

namespace dnsctl::pools {
namespace {

struct Source {
  std::string host;
  uint16_t port = 5354;
};

// Where the members come from: the masters of the pool's targets, each once.
std::vector<Source> masters(const model::Pool& pool) {
  std::vector<Source> out;
  for (const auto& t : pool.targets) {
    for (const auto& m : t.masters) {
      bool seen = std::any_of(out.begin(), out.end(), [&](const Source& s) {
        return s.host == m.host && s.port == m.port;
      });
      if (!seen) {
        out.push_back({m.host, m.port});
      }
    }
  }
  return out;
}

std::vector<std::string> notifiers(const std::vector<Source>& from,
                                   const std::vector<std::string>& extra) {
  std::vector<std::string> out;
  for (const auto& s : from) {
    if (std::find(out.begin(), out.end(), s.host) == out.end()) {
      out.push_back(s.host);
    }
  }
  for (const auto& e : extra) {
    if (std::find(out.begin(), out.end(), e) == out.end()) {
      out.push_back(e);
    }
  }
  return out;
}

std::string algorithm(const model::CatalogZone& c) {
  return c.tsig_algorithm.empty() ? "hmac-sha256" : text::lower(c.tsig_algorithm);
}

std::string bind9(const model::Pool& pool,
                  const std::vector<Source>& from,
                  const std::vector<std::string>& notify,
                  const std::optional<model::TsigKey>& member_key) {
  const auto& c = *pool.catalog_zone;
  bool keyed = !c.tsig_key.empty();
  std::string zone = c.fqdn;
  std::string primaries;
  for (const auto& s : from) {
    primaries += s.host + " port " + std::to_string(s.port)
                 + (member_key ? " key \"" + member_key->name + "\"" : std::string()) + "; ";
  }
  std::string keyed_primaries;
  for (const auto& s : from) {
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
  out += "allow-notify { " + text::join(notify, "; ") + "; };\n";
  out += "// dnsctl: top level\n";
  if (keyed) {
    out += "key \"" + zone + "\" { algorithm " + algorithm(c) + "; secret \"" + c.tsig_key
           + "\"; };\n";
  }
  if (member_key && member_key->name != zone) {
    out += "key \"" + member_key->name + "\" { algorithm " + member_key->algorithm + "; secret \""
           + member_key->secret + "\"; };\n";
  }
  out += "zone \"" + zone + "\" { type secondary; file \"" + zone + "catalog.db\"; primaries { "
         + keyed_primaries + "}; };\n";
  return out;
}

std::string knot(const model::Pool& pool,
                 const std::vector<Source>& from,
                 const std::vector<std::string>& notify,
                 const std::optional<model::TsigKey>& member_key) {
  const auto& c = *pool.catalog_zone;
  bool keyed = !c.tsig_key.empty();
  std::string id = "dnsctl-" + pool.name;
  std::string out = "# knot.conf of a consumer of pool " + pool.name + "'s catalog zone " + c.fqdn
                    + " (dnsctl pool consumer-config); Knot needs no speed settings\n";
  bool member_apart = member_key && member_key->name != c.fqdn;
  if (keyed || member_apart) {
    out += "key:\n";
  }
  if (keyed) {
    out += "  - id: " + c.fqdn + "\n    algorithm: " + algorithm(c) + "\n    secret: " + c.tsig_key
           + "\n";
  }
  if (member_apart) {
    out += "  - id: " + member_key->name + "\n    algorithm: " + member_key->algorithm
           + "\n    secret: " + member_key->secret + "\n";
  }
  if (keyed || member_apart) {
    out += "\n";
  }
  std::string addresses;
  for (const auto& s : from) {
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
  out += "acl:\n  - id: " + id + "-notify\n    address: [" + text::join(notify, ", ")
         + "]\n    action: notify\n\n";
  out += "template:\n  - id: " + id + "-member\n    master: " + id + "\n    acl: " + id
         + "-notify\n\n";
  out += "zone:\n  - domain: " + c.fqdn + "\n    master: " + id + "-catalog\n    acl: " + id
         + "-notify\n    catalog-role: interpret\n    catalog-template: " + id + "-member\n";
  return out;
}

std::string pdns(const model::Pool& pool,
                 const std::vector<Source>& from,
                 const std::vector<std::string>& notify) {
  const auto& c = *pool.catalog_zone;
  std::string primaries;
  for (const auto& s : from) {
    primaries += (primaries.empty() ? "" : " ") + s.host + ":" + std::to_string(s.port);
  }
  std::string out = "# PowerDNS 4.7 consumer of pool " + pool.name + "'s catalog zone " + c.fqdn
                    + " (dnsctl pool consumer-config)\n";
  out += "# pdns.conf: secondary=yes allow-notify-from=" + text::join(notify, ",")
         + " xfr-cycle-interval=5\n";
  out += "# (the packet and query caches keep a zone's earlier NXDOMAIN for cache-ttl: "
         "cache-ttl=0 negquery-cache-ttl=0 query-cache-ttl=0 serve new zones at once)\n";
  if (!c.tsig_key.empty()) {
    out += "pdnsutil import-tsig-key " + c.fqdn + " " + algorithm(c) + " " + c.tsig_key + "\n";
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

} // namespace

const std::vector<std::string>& consumer_servers() {
  static const std::vector<std::string> k_servers{"bind9", "knot", "pdns"};
  return k_servers;
}

Result<std::string>
consumer_config(const model::Pool& pool, std::string_view server, const ConsumerOptions& options) {
  const auto& known = consumer_servers();
  if (std::find(known.begin(), known.end(), server) == known.end()) {
    return make_error(Errc::invalid_input,
                      "unknown server " + text::quote(server) + " (expected "
                          + text::join(known, ", ") + "; NSD 4.6 has no catalog consumer)");
  }
  if (!pool.catalog_zone) {
    return make_error(Errc::invalid_input,
                      "pool " + pool.name
                          + " has no catalog_zone: add one to pools.yaml (catalog_zone_fqdn) "
                            "and run `dnsctl pool update`");
  }
  auto from = masters(pool);
  if (from.empty()) {
    return make_error(Errc::invalid_input,
                      "pool " + pool.name
                          + " has no masters: consumers would not know where "
                            "to transfer from");
  }
  const auto& key = options.member_key;
  if (key) {
    bool covers = key->scope == model::KeyScope::all
                  || (key->scope == model::KeyScope::pool && key->resource_id == pool.uuid);
    if (!covers) {
      return make_error(Errc::invalid_input,
                        "--member-key " + key->name + " does not cover pool " + pool.name
                            + "'s zones (its scope is " + model::to_string(key->scope)
                            + "): use a key of scope ALL or of scope POOL for this pool");
    }
    if (server == "pdns") {
      return make_error(Errc::invalid_input,
                        "--member-key: PowerDNS 4.7 gives catalog members no TSIG key; let "
                        "the consumer transfer members unsigned (a target or also_notify "
                        "of the pool, or mdns --allow-transfer)");
    }
  }
  auto notify = notifiers(from, options.notify_from);
  if (server == "bind9") {
    return bind9(pool, from, notify, key);
  }
  if (server == "knot") {
    return knot(pool, from, notify, key);
  }
  return pdns(pool, from, notify);
}

} // namespace dnsctl::pools
