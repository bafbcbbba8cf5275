#pragma once
// TSIG keys in the store. Write functions run inside Store::write().

#include "core/model/tsig_key.hpp"
#include "core/util/result.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dnsctl::store {

class Store;

struct KeySpec {
  std::string name;
  std::string algorithm = "hmac-sha256";
  std::optional<std::string> secret; // generated when absent
  std::string scope;                 // "", "all", "pool", "zone"
  std::string resource;              // pool or zone, by name or id
};

Result<model::TsigKey> create_tsig_key(Store& store, const KeySpec& spec);
// What `tsigkey set` changes; fields not given stay.
struct KeyUpdate {
  std::optional<std::string> name;
  std::optional<std::string> algorithm; // a new one without a secret gets a new secret
  std::optional<std::string> secret;
  std::optional<std::string> scope;
  std::optional<std::string> resource;
};
Result<model::TsigKey>
update_tsig_key(Store& store, const model::TsigKey& current, const KeyUpdate& update);
Result<std::vector<model::TsigKey>> list_tsig_keys(Store& store);
// By name or uuid.
Result<model::TsigKey> find_tsig_key(Store& store, std::string_view name_or_id);
// Refuses while a pool target still names the key (tsigkey_id), naming the pool.
Status delete_tsig_key(Store& store, const model::TsigKey& key);

// A zone's own key (scope ZONE, as Designate keeps a catalog's): replaces any key the
// zone had. False, and nothing written, when another key has that name.
Result<bool> replace_zone_key(Store& store,
                              const std::string& zone_uuid,
                              const std::string& name,
                              const std::string& algorithm,
                              const std::string& secret);
void delete_zone_keys(Store& store, const std::string& zone_uuid);

} // namespace dnsctl::store
