#pragma once
// The keys pools.yaml allows at each level (Designate 15 plus catalog_zone from 18),
// in one place: the parser, the error messages and `pool generate-file` read them.

#include <string>
#include <vector>

namespace dnsctl::pools {

struct KeySpec {
  std::string name;
  bool required = false;
};

struct KeyTable {
  std::vector<KeySpec> keys;
  const KeySpec* find(const std::string& name) const;
  std::string names() const; // "a, b, c"
};

const KeyTable& pool_keys();
const KeyTable& ns_record_keys();
const KeyTable& host_port_keys();
const KeyTable& nameserver_keys(); // host_port_keys and tsigkey_id
const KeyTable& target_keys();
const KeyTable& catalog_keys();

} // namespace dnsctl::pools
