#pragma once
// TLDs and blacklists in the store, and the check every new zone passes. Write
// functions run inside Store::write().

#include "core/model/name_rules.hpp"
#include "core/util/result.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dnsctl::store {

class Store;

// --- TLDs
Result<model::Tld>
create_tld(Store& store, const std::string& name, const std::string& description);
Result<std::vector<model::Tld>> list_tlds(Store& store);
Result<model::Tld> find_tld(Store& store, std::string_view name_or_id); // by name or id
Result<model::Tld> update_tld(Store& store,
                              const model::Tld& current,
                              const std::optional<std::string>& name,
                              const std::optional<std::string>& description);
Status delete_tld(Store& store, const model::Tld& tld);

// designate-manage tlds import: CSV lines `name[,description]` (a description holding
// the delimiter is quoted). Every line is checked before any is written; a TLD that
// exists already is skipped. Errors name FILE:LINE.
struct TldImport {
  int created = 0;
  int skipped = 0; // already there
};
Result<TldImport>
import_tlds(Store& store, const std::string& text, const std::string& where, char delimiter);

// --- Blacklists
Result<model::Blacklist>
create_blacklist(Store& store, const std::string& pattern, const std::string& description);
Result<std::vector<model::Blacklist>> list_blacklists(Store& store);
Result<model::Blacklist> find_blacklist(Store& store, std::string_view pattern_or_id);
Result<model::Blacklist> update_blacklist(Store& store,
                                          const model::Blacklist& current,
                                          const std::optional<std::string>& pattern,
                                          const std::optional<std::string>& description);
Status delete_blacklist(Store& store, const model::Blacklist& blacklist);

// Whether a new zone (absolute name) may exist here: under a TLD when any exists and
// not one itself; matching no blacklist pattern unless `force`. The error names the
// rule that refused it.
enum class Force { no, yes };
Status check_zone_name_allowed(Store& store, const std::string& zone, Force force);

} // namespace dnsctl::store
