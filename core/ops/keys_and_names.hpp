#pragma once
// TSIG keys, TLDs and blacklists: each change one transaction, the thing found by name
// or id inside it. Reads go straight to the store's rows.

#include "core/model/name_rules.hpp"
#include "core/model/tsig_key.hpp"
#include "core/ops/page.hpp"
#include "core/store/name_rules.hpp"
#include "core/store/tsig_keys.hpp"
#include "core/util/result.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace dnsctl::ops {

using store::KeySpec;
using store::KeyUpdate;
using store::TldImport;

Result<model::TsigKey> create_tsig_key(store::Store& store, const KeySpec& spec);
Result<model::TsigKey>
update_tsig_key(store::Store& store, std::string_view key, const KeyUpdate& update);
Status delete_tsig_key(store::Store& store, std::string_view key);

Result<model::Tld>
create_tld(store::Store& store, const std::string& name, const std::string& description);
Result<model::Tld> update_tld(store::Store& store,
                              std::string_view tld,
                              const std::optional<std::string>& name,
                              const std::optional<std::string>& description);
Status delete_tld(store::Store& store, std::string_view tld);
// A page of TLDs whose name matches `name` (* any text; empty: all). Sort keys:
// created_at (the default, as Designate's API), id, updated_at, name.
Result<Page<model::Tld>>
list_tlds(store::Store& store, const std::string& name, const PageRequest& page);
// designate-manage tlds import: every line checked before any is written.
Result<TldImport>
import_tlds(store::Store& store, const std::string& text, const std::string& where, char delimiter);

Result<model::Blacklist>
create_blacklist(store::Store& store, const std::string& pattern, const std::string& description);
Result<model::Blacklist> update_blacklist(store::Store& store,
                                          std::string_view blacklist,
                                          const std::optional<std::string>& pattern,
                                          const std::optional<std::string>& description);
Status delete_blacklist(store::Store& store, std::string_view blacklist);
// A page of blacklists whose pattern matches `pattern` (* any text; empty: all). Sort
// keys: created_at (the default), id, updated_at, pattern.
Result<Page<model::Blacklist>>
list_blacklists(store::Store& store, const std::string& pattern, const PageRequest& page);

} // namespace dnsctl::ops
