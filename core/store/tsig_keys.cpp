#include "core/store/tsig_keys.hpp"

#include "core/dns/name.hpp"
#include "core/dns/tsig.hpp"
#include "core/store/access.hpp"
#include "core/store/pools.hpp"
#include "core/store/store.hpp"
#include "core/store/zone_rows.hpp"
#include "core/util/text.hpp"
#include "core/util/uuid.hpp"

namespace dnsctl::store {
namespace {

std::vector<model::TsigKey>
query(db::Connection& db, const std::string& where, const std::string& arg) {
  db::Statement st(db,
                   "SELECT k.id, k.uuid, k.name, k.algorithm, k.secret, k.scope, "
                   "k.resource_id, k.created_at, coalesce(p.name, z.name, '') "
                   "FROM tsigkeys k LEFT JOIN pools p ON p.uuid = k.resource_id "
                   "LEFT JOIN zones z ON z.uuid = k.resource_id "
                       + where + " ORDER BY k.name");
  if (!arg.empty()) {
    st.bind(1, arg);
  }
  std::vector<model::TsigKey> out;
  while (st.step()) {
    model::TsigKey k;
    k.id = st.column(0).int64();
    k.uuid = st.column(1).string();
    k.name = st.column(2).string();
    k.algorithm = st.column(3).string();
    k.secret = st.column(4).string();
    k.scope = model::parse_key_scope(st.column(5).string());
    k.resource_id = st.column(6).string();
    k.created_at = st.column(7).int64();
    k.resource_name = st.column(8).string();
    out.push_back(std::move(k));
  }
  return out;
}

} // namespace

namespace {

// Checks a key as it will be stored: name, algorithm, secret (generated when absent)
// and scope with its resource, resolved to a uuid.
Result<model::TsigKey> check_key(Store& store, const KeySpec& spec) {
  auto name = dns::Name::parse(spec.name);
  if (!name) {
    return make_error(Errc::invalid_input,
                      "key name " + text::quote(spec.name) + ": " + name.error().message);
  }
  if (auto ok = dns::check_host_name(*name, 1); !ok) {
    return make_error(Errc::invalid_input,
                      "key name " + text::quote(spec.name) + ": " + ok.error().message);
  }
  std::string algorithm = text::lower(spec.algorithm);
  std::string secret;
  if (spec.secret) {
    secret = *spec.secret;
  } else {
    DNSCTL_TRY_ASSIGN(auto generated, dns::generate_tsig_secret(algorithm));
    secret = generated;
  }
  DNSCTL_TRY(dns::check_tsig_key(name->to_text(), algorithm, secret));
  model::TsigKey k;
  k.name = name->to_text();
  k.algorithm = algorithm;
  k.secret = secret;
  std::string scope = text::lower(spec.scope);
  if (scope.empty() || scope == "all") {
    if (!spec.resource.empty()) {
      return make_error(Errc::invalid_input, "--resource-id needs --scope pool or zone");
    }
    k.scope = model::KeyScope::all;
  } else if (scope == "pool" || scope == "zone") {
    if (spec.resource.empty()) {
      return make_error(Errc::invalid_input,
                        "--scope " + scope + " needs --resource-id (a " + scope + " name or id)");
    }
    if (scope == "pool") {
      DNSCTL_TRY_ASSIGN(auto p, find_pool(store, spec.resource));
      k.scope = model::KeyScope::pool;
      k.resource_id = p.uuid;
    } else {
      DNSCTL_TRY_ASSIGN(auto z, find_zone(store, spec.resource));
      k.scope = model::KeyScope::zone;
      k.resource_id = z.uuid;
    }
  } else {
    return make_error(Errc::invalid_input,
                      "scope " + text::quote(spec.scope) + " (expected all, pool or zone)");
  }
  return k;
}

// Parameters 1 to 5 of an insert or update: what create and set both write.
void bind_key_fields(db::Statement& st, const model::TsigKey& k) {
  st.bind(1, k.name);
  st.bind(2, k.algorithm);
  st.bind(3, k.secret);
  st.bind(4, model::to_string(k.scope));
  st.bind(5, k.resource_id);
}

} // namespace

Result<model::TsigKey> create_tsig_key(Store& store, const KeySpec& spec) {
  DNSCTL_TRY_ASSIGN(auto checked, check_key(store, spec));
  model::TsigKey k = std::move(checked);
  k.uuid = uuid::generate();
  if (find_tsig_key(store, k.name)) {
    return make_error(Errc::conflict, "TSIG key " + k.name + " already exists");
  }
  db::Statement ins(connection(store),
                    "INSERT INTO tsigkeys(name, algorithm, secret, scope, resource_id, "
                    "uuid, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  bind_key_fields(ins, k);
  ins.bind(6, k.uuid);
  ins.bind(7, Store::now());
  ins.exec();
  store.log_change("", "TSIG key " + k.name + " created, scope " + model::to_string(k.scope));
  return find_tsig_key(store, k.uuid);
}

Result<model::TsigKey>
update_tsig_key(Store& store, const model::TsigKey& current, const KeyUpdate& u) {
  KeySpec spec;
  spec.name = u.name.value_or(current.name);
  spec.algorithm = u.algorithm.value_or(current.algorithm);
  // A new algorithm needs a secret of its size: generate one unless given.
  spec.secret = u.secret ? u.secret
                : u.algorithm && text::lower(*u.algorithm) != current.algorithm
                    ? std::nullopt
                    : std::optional<std::string>(current.secret);
  spec.scope = u.scope.value_or(model::to_string(current.scope));
  spec.resource = u.resource.value_or(current.resource_id);
  if (text::equals_ci(spec.scope, "all") && !u.resource) {
    spec.resource.clear();
  }
  DNSCTL_TRY_ASSIGN(auto checked, check_key(store, spec));
  const model::TsigKey& k = checked;
  if (k.name != current.name) {
    if (find_tsig_key(store, k.name)) {
      return make_error(Errc::conflict, "TSIG key " + k.name + " already exists");
    }
  }
  db::Statement up(connection(store),
                   "UPDATE tsigkeys SET name = ?, algorithm = ?, secret = ?, scope = ?, "
                   "resource_id = ? WHERE id = ?");
  bind_key_fields(up, k);
  up.bind(6, current.id);
  up.exec();
  store.log_change("", "TSIG key " + current.name + " changed");
  return find_tsig_key(store, current.uuid);
}

Result<std::vector<model::TsigKey>> list_tsig_keys(Store& store) {
  return store.read(
      [&]() -> Result<std::vector<model::TsigKey>> { return query(connection(store), "", ""); });
}

Result<model::TsigKey> find_tsig_key(Store& store, std::string_view name_or_id) {
  return store.read([&]() -> Result<model::TsigKey> {
    std::string key(name_or_id);
    if (auto n = dns::Name::parse(name_or_id); n && !uuid::is_valid(name_or_id)) {
      key = n->to_text();
    }
    auto found = query(connection(store), "WHERE k.name = ?1 OR k.uuid = lower(?1)", key);
    if (found.empty()) {
      return make_error(Errc::not_found, "TSIG key " + text::quote(name_or_id) + " not found");
    }
    return found.front();
  });
}

Status delete_tsig_key(Store& store, const model::TsigKey& key) {
  db::Statement users(connection(store),
                      "SELECT DISTINCT p.name FROM pool_targets t "
                      "JOIN pools p ON p.id = t.pool_id WHERE t.tsigkey_id = ?");
  users.bind(1, key.uuid);
  std::vector<std::string> pools;
  while (users.step()) {
    pools.push_back(users.column(0).string());
  }
  if (!pools.empty()) {
    return make_error(Errc::conflict,
                      "TSIG key " + key.name + " is used by targets of pool(s) "
                          + text::join(pools, ", ") + ": remove tsigkey_id from pools.yaml first");
  }
  db::Statement del(connection(store), "DELETE FROM tsigkeys WHERE id = ?");
  del.bind(1, key.id);
  del.exec();
  store.log_change("", "TSIG key " + key.name + " deleted");
  return {};
}

void delete_zone_keys(Store& store, const std::string& zone_uuid) {
  db::Statement drop(connection(store),
                     "DELETE FROM tsigkeys WHERE scope = 'ZONE' AND resource_id = ?");
  drop.bind(1, zone_uuid);
  drop.exec();
}

Result<bool> replace_zone_key(Store& store,
                              const std::string& zone_uuid,
                              const std::string& name,
                              const std::string& algorithm,
                              const std::string& secret) {
  delete_zone_keys(store, zone_uuid);
  db::Statement ins(connection(store),
                    "INSERT INTO tsigkeys(uuid, name, algorithm, secret, scope, resource_id, "
                    "created_at) VALUES (?, ?, ?, ?, 'ZONE', ?, ?) "
                    "ON CONFLICT (name) DO NOTHING");
  ins.bind(1, uuid::generate());
  ins.bind(2, name);
  ins.bind(3, algorithm);
  ins.bind(4, secret);
  ins.bind(5, zone_uuid);
  ins.bind(6, Store::now());
  // No exception on the conflict: PostgreSQL would abort the whole transaction.
  return ins.exec() != 0;
}

} // namespace dnsctl::store
