#pragma once
// A notification as Nova and Neutron publish it through oslo.messaging: the 2.0
// envelope ({"oslo.version": "2.0", "oslo.message": "<JSON text>"}) or the bare dict
// of the older driver, with message_id, event_type, payload and the request context
// flattened into _context_* keys.

#include "core/util/result.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace dnsctl::sink {

// NOLINTNEXTLINE(bugprone-exception-escape): nlohmann::json members, moved, never throw
struct Event {
  std::string message_id; // empty when the publisher sent none
  std::string event_type;
  nlohmann::json payload;
  std::string project; // _context_project_name
};

// Bounded: a text over `max_bytes`, or nested deeper than json::Limits allows, is an
// error saying so (never a crash: see core/util/json.hpp).
Result<Event> parse_event(std::string_view text, size_t max_bytes = size_t{1} << 20);

} // namespace dnsctl::sink
