#include "core/pools/emit.hpp"

#include "backends/backend.hpp"

#include <yaml-cpp/yaml.h>

namespace dnsctl::pools {
namespace {

void host_ports(YAML::Emitter& e, const char* key, const std::vector<model::HostPort>& list) {
  e << YAML::Key << key << YAML::Value;
  if (list.empty()) {
    e << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
    return;
  }
  e << YAML::BeginSeq;
  for (const auto& hp : list) {
    e << YAML::BeginMap << YAML::Key << "host" << YAML::Value << hp.host << YAML::Key << "port"
      << YAML::Value << hp.port;
    if (!hp.tsigkey_id.empty()) {
      e << YAML::Key << "tsigkey_id" << YAML::Value << hp.tsigkey_id;
    }
    e << YAML::EndMap;
  }
  e << YAML::EndSeq;
}

void key_values(YAML::Emitter& e, const char* key, const model::KeyValues& kv) {
  e << YAML::Key << key << YAML::Value;
  if (kv.empty()) {
    e << YAML::Flow << YAML::BeginMap << YAML::EndMap;
    return;
  }
  e << YAML::BeginMap;
  for (const auto& [k, v] : kv) {
    e << YAML::Key << k << YAML::Value << v;
  }
  e << YAML::EndMap;
}

void pool(YAML::Emitter& e, const model::Pool& p) {
  e << YAML::BeginMap;
  e << YAML::Key << "id" << YAML::Value << p.uuid;
  e << YAML::Key << "name" << YAML::Value << p.name;
  e << YAML::Key << "description" << YAML::Value << p.description;
  key_values(e, "attributes", p.attributes);
  e << YAML::Key << "ns_records" << YAML::Value;
  if (p.ns_records.empty()) {
    e << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
  } else {
    e << YAML::BeginSeq;
    for (const auto& r : p.ns_records) {
      e << YAML::BeginMap << YAML::Key << "hostname" << YAML::Value << r.hostname << YAML::Key
        << "priority" << YAML::Value << r.priority << YAML::EndMap;
    }
    e << YAML::EndSeq;
  }
  host_ports(e, "nameservers", p.nameservers);
  e << YAML::Key << "targets" << YAML::Value;
  if (p.targets.empty()) {
    e << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
  } else {
    e << YAML::BeginSeq;
    for (const auto& t : p.targets) {
      e << YAML::BeginMap;
      e << YAML::Key << "type" << YAML::Value << t.type;
      e << YAML::Key << "description" << YAML::Value << t.description;
      host_ports(e, "masters", t.masters);
      key_values(e, "options", t.options);
      if (!t.tsigkey_id.empty()) {
        e << YAML::Key << "tsigkey_id" << YAML::Value << t.tsigkey_id;
      }
      e << YAML::EndMap;
    }
    e << YAML::EndSeq;
  }
  host_ports(e, "also_notifies", p.also_notifies);
  if (p.catalog_zone) {
    const auto& c = *p.catalog_zone;
    e << YAML::Key << "catalog_zone" << YAML::Value << YAML::BeginMap;
    e << YAML::Key << "catalog_zone_fqdn" << YAML::Value << c.fqdn;
    if (c.refresh) {
      e << YAML::Key << "catalog_zone_refresh" << YAML::Value << *c.refresh;
    }
    if (!c.tsig_key.empty()) {
      e << YAML::Key << "catalog_zone_tsig_key" << YAML::Value << c.tsig_key;
    }
    if (!c.tsig_algorithm.empty()) {
      e << YAML::Key << "catalog_zone_tsig_algorithm" << YAML::Value << c.tsig_algorithm;
    }
    e << YAML::EndMap;
  }
  e << YAML::EndMap;
}

} // namespace

std::string to_yaml(const std::vector<model::Pool>& pools) {
  YAML::Emitter e;
  if (pools.empty()) {
    e << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
  } else {
    e << YAML::BeginSeq;
    for (const auto& p : pools) {
      pool(e, p);
    }
    e << YAML::EndSeq;
  }
  return std::string(e.c_str()) + "\n";
}

std::string to_yaml(const model::Pool& p) {
  YAML::Emitter e;
  pool(e, p);
  return std::string(e.c_str()) + "\n";
}

std::vector<model::Pool> without_secrets(std::vector<model::Pool> pools) {
  for (auto& p : pools) {
    if (p.catalog_zone && !p.catalog_zone->tsig_key.empty()) {
      p.catalog_zone->tsig_key = "****";
    }
    for (auto& t : p.targets) {
      const backends::BackendInfo* info = backends::find(t.type);
      for (auto& [key, value] : t.options) {
        const backends::OptionSpec* spec = info != nullptr ? info->option(key) : nullptr;
        if (spec != nullptr && spec->kind == backends::OptionKind::secret) {
          value = "****";
        }
      }
    }
  }
  return pools;
}

} // namespace dnsctl::pools
