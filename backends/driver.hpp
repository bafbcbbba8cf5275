#pragma once
// What sync asks of a backend: make one target have (or not have) one zone. A driver
// runs the server's own control tool or API, never touches the store, and says what
// happened in the server's words.

#include "core/model/pool.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace dnsctl::backends {

enum class ZoneOp { add, remove, reconfigure };
std::string to_string(ZoneOp op); // add remove reconfigure

struct ZoneArgs {
  std::string name; // absolute, with the trailing dot
  std::string uuid;
  bool clean = false; // delete the zone's file too (`domain delete --hard`)
};

struct OpResult {
  enum class Kind { done, conflict, failed };
  Kind kind = Kind::failed;
  std::string message;               // why it failed or conflicts; "" when done
  std::vector<std::string> commands; // what was run, shell-quoted, in order
};

// Runs `op` for `zone` on `target`; each command is killed after `timeout`.
OpResult apply(const model::Target& target,
               ZoneOp op,
               const ZoneArgs& zone,
               std::chrono::milliseconds timeout);

} // namespace dnsctl::backends
