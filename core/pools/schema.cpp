#include "core/pools/schema.hpp"

namespace dnsctl::pools {

const KeySpec* KeyTable::find(const std::string& name) const {
  for (const auto& k : keys) {
    if (k.name == name) {
      return &k;
    }
  }
  return nullptr;
}

std::string KeyTable::names() const {
  std::string out;
  for (const auto& k : keys) {
    if (!out.empty()) {
      out += ", ";
    }
    out += k.name;
  }
  return out;
}

const KeyTable& pool_keys() {
  static const KeyTable k_table{{{"id"},
                                 {"name", true},
                                 {"description"},
                                 {"attributes"},
                                 {"ns_records"},
                                 {"nameservers"},
                                 {"targets"},
                                 {"also_notifies"},
                                 {"catalog_zone"}}};
  return k_table;
}

const KeyTable& ns_record_keys() {
  static const KeyTable k_table{{{"hostname", true}, {"priority"}}};
  return k_table;
}

const KeyTable& host_port_keys() {
  static const KeyTable k_table{{{"host", true}, {"port"}}};
  return k_table;
}

const KeyTable& nameserver_keys() {
  static const KeyTable k_table{{{"host", true}, {"port"}, {"tsigkey_id"}}};
  return k_table;
}

const KeyTable& target_keys() {
  static const KeyTable k_table{
      {{"type", true}, {"description"}, {"masters"}, {"options"}, {"tsigkey_id"}}};
  return k_table;
}

const KeyTable& catalog_keys() {
  static const KeyTable k_table{{{"catalog_zone_fqdn", true},
                                 {"catalog_zone_refresh"},
                                 {"catalog_zone_tsig_key"},
                                 {"catalog_zone_tsig_algorithm"}}};
  return k_table;
}

} // namespace dnsctl::pools
