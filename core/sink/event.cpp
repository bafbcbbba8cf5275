#include "core/sink/event.hpp"

namespace dnsctl::sink {
namespace {

std::string string_field(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

} // namespace

Result<Event> parse_event(std::string_view text) {
  auto outer = nlohmann::json::parse(text, nullptr, false);
  if (outer.is_discarded() || !outer.is_object()) {
    return make_error(Errc::invalid_input, "not a JSON object");
  }
  nlohmann::json message = outer;
  if (auto inner = outer.find("oslo.message"); inner != outer.end()) {
    if (!inner->is_string()) {
      return make_error(Errc::invalid_input, "oslo.message is not a string");
    }
    message = nlohmann::json::parse(inner->get<std::string>(), nullptr, false);
    if (message.is_discarded() || !message.is_object()) {
      return make_error(Errc::invalid_input, "oslo.message is not a JSON object");
    }
  }
  Event e;
  e.message_id = string_field(message, "message_id");
  e.event_type = string_field(message, "event_type");
  if (e.event_type.empty()) {
    return make_error(Errc::invalid_input, "no event_type");
  }
  if (auto p = message.find("payload"); p != message.end()) {
    e.payload = *p;
  }
  e.project = string_field(message, "_context_project_name");
  return e;
}

} // namespace dnsctl::sink
