#include "core/mdns/store_catalog.hpp"

#include "backends/backend.hpp"
#include "core/db/connection.hpp"
#include "core/dns/soa.hpp"
#include "core/store/pools.hpp"
#include "core/store/store.hpp"
#include "core/util/text.hpp"

#include <algorithm>

namespace dnsctl::mdns {
namespace {

// Zones waiting to be deleted from their targets are no longer served.
constexpr const char* k_zone_select =
    "SELECT z.id, z.uuid, z.name, z.ttl, z.serial, z.mname, z.rname, z.refresh, z.retry, "
    "z.expire, z.minimum, z.pool_id, p.uuid, "
    "EXISTS (SELECT 1 FROM pool_catalog c WHERE c.pool_id = z.catalog_of AND c.tsig_key != '') "
    "FROM zones z JOIN pools p ON p.id = z.pool_id ";

// A row of k_zone_select; nullopt for a name that does not parse.
std::optional<ZoneInfo> zone_info(db::Statement& row) {
  model::Zone z;
  z.id = row.column(0).int64();
  z.uuid = row.column(1).string();
  z.name = row.column(2).string();
  z.ttl = static_cast<uint32_t>(row.column(3).int64());
  z.serial = static_cast<uint32_t>(row.column(4).int64());
  z.mname = row.column(5).string();
  z.rname = row.column(6).string();
  z.timers.refresh = static_cast<uint32_t>(row.column(7).int64());
  z.timers.retry = static_cast<uint32_t>(row.column(8).int64());
  z.timers.expire = static_cast<uint32_t>(row.column(9).int64());
  z.timers.minimum = static_cast<uint32_t>(row.column(10).int64());
  auto apex = dns::Name::parse(z.name);
  if (!apex) {
    return std::nullopt;
  }
  ZoneInfo info;
  info.id = z.id;
  info.uuid = z.uuid;
  info.apex = *apex;
  info.apex_key = apex->sort_key();
  info.serial = z.serial;
  info.ttl = z.ttl;
  info.soa = dns::soa_rdata(z);
  info.minimum = z.timers.minimum;
  info.pool_id = row.column(11).int64();
  info.pool_uuid = row.column(12).string();
  info.needs_key = row.column(13).int32() != 0;
  return info;
}

} // namespace

Catalog read_catalog(store::Store& store) {
  auto& db = store.db();
  Catalog c;
  db::Statement zones(db, std::string(k_zone_select) + "WHERE z.action != 'DELETE'");
  while (zones.step()) {
    if (auto info = zone_info(zones)) {
      std::string key(info->apex_key.begin(), info->apex_key.end());
      c.zones.emplace(std::move(key), std::move(*info));
    }
  }
  db::Statement keys(db, "SELECT name, algorithm, secret, scope, resource_id FROM tsigkeys");
  while (keys.step()) {
    KeyInfo k;
    k.name = keys.column(0).string();
    k.algorithm = keys.column(1).string();
    k.secret = keys.column(2).string();
    k.scope = model::parse_key_scope(keys.column(3).string());
    k.resource_id = keys.column(4).string();
    c.keys.push_back(std::move(k));
  }
  // Who may transfer a pool's zones without a key: its targets (the addresses each
  // backend says its server transfers from), its nameservers and its also_notifies.
  if (auto pools = store::load_pools(store)) {
    for (const auto& p : *pools) {
      auto& allowed = c.pool_addresses[p.id];
      for (const auto& t : p.targets) {
        if (auto b = backends::make(t)) {
          for (auto& a : (*b)->transfer_sources()) {
            allowed.push_back(std::move(a));
          }
        }
      }
      for (const auto* list : {&p.nameservers, &p.also_notifies}) {
        for (const auto& hp : *list) {
          if (text::is_ip(hp.host)) {
            allowed.push_back(hp.host);
          }
        }
      }
    }
  }
  return c;
}

std::optional<ZoneInfo> read_zone(store::Store& store, int64_t id) {
  db::Statement st(store.db(),
                   std::string(k_zone_select) + "WHERE z.id = ? AND z.action != 'DELETE'");
  st.bind(1, id);
  if (st.step()) {
    return zone_info(st);
  }
  return std::nullopt;
}

std::optional<std::vector<JournalStep>>
read_journal(store::Store& store, const ZoneInfo& zone, uint32_t serial) {
  db::Statement st(store.db(),
                   "SELECT id, serial_from, serial_to, soa_from, soa_to, soa_ttl, complete "
                   "FROM zone_journal WHERE zone_id = ?1 AND id >= "
                   "(SELECT max(id) FROM zone_journal WHERE zone_id = ?1 AND serial_from = ?2) "
                   "ORDER BY id");
  st.bind(1, zone.id);
  st.bind(2, static_cast<int64_t>(serial));
  std::vector<JournalStep> steps;
  uint32_t expect = serial;
  while (st.step()) {
    JournalStep s;
    s.id = st.column(0).int64();
    s.serial_from = static_cast<uint32_t>(st.column(1).int64());
    s.serial_to = static_cast<uint32_t>(st.column(2).int64());
    auto from = st.column(3).blob();
    auto to = st.column(4).blob();
    s.soa_from.assign(from.begin(), from.end());
    s.soa_to.assign(to.begin(), to.end());
    s.soa_ttl = static_cast<uint32_t>(st.column(5).int64());
    bool complete = st.column(6).int32() != 0;
    // Every step must follow the last one, and describe its change fully.
    if (!complete || s.serial_from != expect) {
      return std::nullopt;
    }
    expect = s.serial_to;
    steps.push_back(std::move(s));
  }
  if (steps.empty() || expect != zone.serial) {
    return std::nullopt;
  }
  return steps;
}

std::vector<std::vector<uint8_t>> read_journal_owners(store::Store& store,
                                                      const std::vector<JournalStep>& steps) {
  db::Statement st(store.db(), "SELECT owner FROM zone_journal_rrs WHERE journal_id = ?");
  std::vector<std::vector<uint8_t>> owners;
  for (const auto& step : steps) {
    st.reset();
    st.bind(1, step.id);
    while (st.step()) {
      auto o = st.column(0).blob();
      owners.emplace_back(o.begin(), o.end());
    }
  }
  st.reset();
  std::sort(owners.begin(), owners.end());
  owners.erase(std::unique(owners.begin(), owners.end()), owners.end());
  return owners;
}

} // namespace dnsctl::mdns
