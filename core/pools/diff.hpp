#pragma once
// The real diff behind `pool update`: pools match by id, else by name; their children
// match by identity (ns_records by hostname, nameservers/also_notifies/masters by
// host and port, options and attributes by key, targets by description, then by
// address; a target with neither in common is a new server), so a matched child keeps its id and
// an identical file yields an empty diff. Pure: no store access.

#include "core/model/pool.hpp"

#include <optional>
#include <string>
#include <vector>

namespace dnsctl::pools {

// One line of the field-level plan: op is '+', '-' or '~'; depth indents it.
struct PlanLine {
  char op = '~';
  int depth = 0;
  std::string text;
};

struct PoolChange {
  enum class Kind { create, update, remove };
  Kind kind = Kind::update;
  model::Pool desired;                // ids filled in from the matched current children
  std::optional<model::Pool> current; // absent for create
  bool ns_changed = false;            // apex NS or MNAME of the pool's zones change
  std::vector<size_t> new_targets;    // indexes into desired.targets
  std::vector<size_t> moved_masters;  // indexes into desired.targets whose masters changed
};

enum class DeleteMissing { no, yes };

struct Diff {
  std::vector<PoolChange> changes; // only pools that change
  std::vector<PlanLine> lines;
  std::vector<std::string> kept; // pools in the store but not in the file, left alone
  bool empty() const { return changes.empty(); }
};

Diff diff(const std::vector<model::Pool>& current,
          const std::vector<model::Pool>& desired,
          DeleteMissing delete_missing);

} // namespace dnsctl::pools
