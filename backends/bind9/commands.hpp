#pragma once
// The rndc argv for each zone action, exactly as Designate's impl_bind9 builds it
// (reference/designate.md §2.2), so `rndc render` output matches it character for
// character and sync runs the very same argv.

#include "core/model/pool.hpp"
#include "core/util/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace dnsctl::backends::bind9 {

enum class Action { addzone, delzone, modzone, notify, refresh, retransfer, showzone };

std::string to_string(Action a);
Result<Action> parse_action(std::string_view text);

struct ZoneRef {
  std::string name; // absolute, with the trailing dot
  std::string uuid;
};

enum class Clean { no, yes };

// rndc_bin_path -s rndc_host -p rndc_port [-c rndc_config_file] [-k rndc_key_file]
std::vector<std::string> base_argv(const model::Target& target);

// The full argv. Zone name, uuid, view and masters are checked so that no quote,
// brace, semicolon or whitespace can reach the command line; masters must be IP
// addresses (BIND reads a name there as a primaries-list reference).
// `clean` adds -clean to delzone (the target's clean_zonefile option also does).
Result<std::vector<std::string>>
rndc_argv(const model::Target& target, Action action, const ZoneRef& zone, Clean clean = Clean::no);

} // namespace dnsctl::backends::bind9

#include "core/model/target_state.hpp"

#include <optional>

namespace dnsctl::backends::bind9 {

// What rndc does for a target's pending work, for `rndc render` without --action:
// create -> addzone, delete -> delzone, reconfigure -> modzone, update -> refresh;
// nothing to do -> nullopt.
std::optional<Action> action_for(model::TargetAction pending);

} // namespace dnsctl::backends::bind9
