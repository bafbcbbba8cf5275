#pragma once
// Which pool a new zone goes to: Designate's scheduler filters with their exact
// semantics (designate/scheduler/filters, see ../shared/reference/
// designate-backends.md §3.1), applied left to right to every pool, and a trace of
// what each filter did, for `domain create --dry-run`.

#include "core/model/pool.hpp"
#include "core/util/result.hpp"

#include <optional>
#include <string>
#include <vector>

namespace dnsctl::zone {

struct Schedule {
  model::Pool pool;
  std::vector<std::string> trace; // "attribute: gold, standard -> gold"
};

// attribute, pool_id_attribute, default_pool, fallback, random, in_doubt_default_pool.
const std::vector<std::string>& scheduler_filter_names();
// An empty chain or an unknown filter name: an error naming it (at config load).
Status check_filter_chain(const std::vector<std::string>& chain);

// What dnsctl runs when dnsctl.conf names no chain: attribute, pool_id_attribute,
// in_doubt_default_pool, fallback. Designate's own default (default_pool) ignores
// attributes, and its documented chains fail with two pools and a zone without any.
std::vector<std::string> default_filter_chain();

// `default_pool`: what default_pool, fallback and in_doubt_default_pool pick; a chain
// that needs it without one is an error saying how to name one.
Result<Schedule> schedule(const std::vector<model::Pool>& pools,
                          const model::KeyValues& zone_attributes,
                          const std::vector<std::string>& chain,
                          const std::optional<model::Pool>& default_pool);

} // namespace dnsctl::zone
