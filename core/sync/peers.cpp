#include "core/sync/peers.hpp"

#include "backends/backend.hpp"
#include "core/dns/soa.hpp"
#include "core/store/pools.hpp"
#include "core/store/tsig_keys.hpp"
#include "core/store/zone_rows.hpp"

namespace dnsctl::sync {

Result<query::NotifyZone> notify_zone(store::Store& store, const std::string& zone) {
  DNSCTL_TRY_ASSIGN(auto z, store::find_zone(store, zone));
  DNSCTL_TRY_ASSIGN(auto apex, dns::Name::parse(z.name));
  return query::NotifyZone{apex, dns::soa_rdata(z), z.ttl};
}

Result<std::vector<query::NotifyPeer>> notify_peers(store::Store& store, const std::string& zone) {
  DNSCTL_TRY_ASSIGN(auto z, store::find_zone(store, zone));
  return pool_notify_peers(store, z.pool_id);
}

Result<std::optional<query::NotifyZone>> catalog_notify_zone(store::Store& store, int64_t pool_id) {
  DNSCTL_TRY_ASSIGN(auto cat, store::find_catalog_zone(store, pool_id));
  if (!cat) {
    return std::optional<query::NotifyZone>();
  }
  DNSCTL_TRY_ASSIGN(auto apex, dns::Name::parse(cat->name));
  return std::optional<query::NotifyZone>(query::NotifyZone{apex, dns::soa_rdata(*cat), cat->ttl});
}

Result<std::vector<query::NotifyPeer>> pool_notify_peers(store::Store& store, int64_t pool_id) {
  DNSCTL_TRY_ASSIGN(auto pool, store::load_pool(store, pool_id));
  std::vector<query::NotifyPeer> peers;
  for (const auto& t : pool.targets) {
    auto backend = backends::make(t);
    if (!backend) {
      return make_error(backend.error().code, backend.error().text(), "target " + t.uuid);
    }
    if (const auto* info = backends::find(t.type); info != nullptr && info->unsupported) {
      continue; // a Designate type we do not drive: nobody to tell
    }
    query::NotifyPeer p;
    p.target_id = t.id;
    p.label = "target " + (*backend)->label();
    auto at = (*backend)->notify_endpoint();
    if (!at) {
      return make_error(Errc::invalid_input,
                        "no address to NOTIFY: set options host (an IP address) and port",
                        p.label);
    }
    p.host = at->host;
    p.port = at->port;
    if (!t.tsigkey_id.empty()) {
      auto k = store::find_tsig_key(store, t.tsigkey_id);
      if (!k) {
        return make_error(Errc::invalid_input,
                          p.label + ": tsigkey_id " + t.tsigkey_id + " is not a TSIG key here");
      }
      p.key = query::Key{k->name, k->algorithm, k->secret};
    }
    peers.push_back(std::move(p));
  }
  for (const auto& a : pool.also_notifies) {
    peers.push_back(query::NotifyPeer{"also_notify", a.host, a.port, std::nullopt});
  }
  return peers;
}

} // namespace dnsctl::sync
