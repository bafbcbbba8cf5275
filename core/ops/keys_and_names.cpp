#include "core/ops/keys_and_names.hpp"

#include "core/store/store.hpp"
#include "core/util/text.hpp"

namespace dnsctl::ops {
namespace {

// Sort keys of a TLD or a blacklist: the same four, `named` the third's name.
template <class T>
std::vector<SortKey<T>> name_rule_keys(const char* named, std::string T::*field) {
  return {
      {"created_at", [](const T& t) { return SortValue(t.created_at); }},
      {"id", [](const T& t) { return SortValue(t.uuid); }},
      {"updated_at", [](const T& t) { return SortValue(t.updated_at); }},
      {named, [field](const T& t) { return SortValue(t.*field); }},
  };
}

template <class T>
Result<Page<T>> page_matching(std::vector<T> all,
                              const std::string& pattern,
                              const PageRequest& page,
                              const std::vector<SortKey<T>>& keys,
                              std::string T::*field) {
  if (!pattern.empty()) {
    std::erase_if(all, [&](const T& t) { return !text::glob_match(pattern, t.*field); });
  }
  return page_of<T>(std::move(all), page, keys, [](const T& t) { return t.uuid; });
}

} // namespace

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

Result<Page<model::Tld>>
list_tlds(store::Store& store, const std::string& name, const PageRequest& page) {
  static const auto k_keys = name_rule_keys<model::Tld>("name", &model::Tld::name);
  DNSCTL_TRY_ASSIGN(auto all, store::list_tlds(store));
  return page_matching<model::Tld>(std::move(all), name, page, k_keys, &model::Tld::name);
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

Result<Page<model::Blacklist>>
list_blacklists(store::Store& store, const std::string& pattern, const PageRequest& page) {
  static const auto k_keys =
      name_rule_keys<model::Blacklist>("pattern", &model::Blacklist::pattern);
  DNSCTL_TRY_ASSIGN(auto all, store::list_blacklists(store));
  return page_matching<model::Blacklist>(
      std::move(all), pattern, page, k_keys, &model::Blacklist::pattern);
}

} // namespace dnsctl::ops
