#include "core/ops/keys_and_names.hpp"

#include "core/store/store.hpp"

namespace dnsctl::ops {

Result<model::TsigKey> create_tsig_key(store::Store& store, const KeySpec& spec) {
  return store.write("tsigkey create", [&]() { return store::create_tsig_key(store, spec); });
}

Result<model::TsigKey>
update_tsig_key(store::Store& store, std::string_view key, const KeyUpdate& update) {
  return store.write("tsigkey set", [&]() -> Result<model::TsigKey> {
    DNSCTL_TRY_ASSIGN(auto cur, store::find_tsig_key(store, key));
    return store::update_tsig_key(store, cur, update);
  });
}

Status delete_tsig_key(store::Store& store, std::string_view key) {
  return store.write("tsigkey delete", [&]() -> Status {
    DNSCTL_TRY_ASSIGN(auto k, store::find_tsig_key(store, key));
    return store::delete_tsig_key(store, k);
  });
}

Result<model::Tld>
create_tld(store::Store& store, const std::string& name, const std::string& description) {
  return store.write("tld create", [&]() { return store::create_tld(store, name, description); });
}

Result<model::Tld> update_tld(store::Store& store,
                              std::string_view tld,
                              const std::optional<std::string>& name,
                              const std::optional<std::string>& description) {
  return store.write("tld set", [&]() -> Result<model::Tld> {
    DNSCTL_TRY_ASSIGN(auto cur, store::find_tld(store, tld));
    return store::update_tld(store, cur, name, description);
  });
}

Status delete_tld(store::Store& store, std::string_view tld) {
  return store.write("tld delete", [&]() -> Status {
    DNSCTL_TRY_ASSIGN(auto t, store::find_tld(store, tld));
    return store::delete_tld(store, t);
  });
}

Result<TldImport> import_tlds(store::Store& store,
                              const std::string& text,
                              const std::string& where,
                              char delimiter) {
  return store.write("tld import",
                     [&]() { return store::import_tlds(store, text, where, delimiter); });
}

Result<model::Blacklist>
create_blacklist(store::Store& store, const std::string& pattern, const std::string& description) {
  return store.write("blacklist create",
                     [&]() { return store::create_blacklist(store, pattern, description); });
}

Result<model::Blacklist> update_blacklist(store::Store& store,
                                          std::string_view blacklist,
                                          const std::optional<std::string>& pattern,
                                          const std::optional<std::string>& description) {
  return store.write("blacklist set", [&]() -> Result<model::Blacklist> {
    DNSCTL_TRY_ASSIGN(auto cur, store::find_blacklist(store, blacklist));
    return store::update_blacklist(store, cur, pattern, description);
  });
}

Status delete_blacklist(store::Store& store, std::string_view blacklist) {
  return store.write("blacklist delete", [&]() -> Status {
    DNSCTL_TRY_ASSIGN(auto b, store::find_blacklist(store, blacklist));
    return store::delete_blacklist(store, b);
  });
}

} // namespace dnsctl::ops
