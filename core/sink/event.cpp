#include "core/sink/event.hpp"

#include "core/util/json.hpp"

namespace dnsctl::sink {
namespace {

std::string string_field(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

} // namespace

Result<Event> parse_event(std::string_view text, size_t max_bytes) {
  json::Limits limits;
  limits.max_bytes = max_bytes;
  auto parsed_outer = json::parse(text, limits);
  if (!parsed_outer) {
    const auto& why = parsed_outer.error().message;
    return make_error(Errc::invalid_input,
                      why.rfind("invalid JSON", 0) == 0 ? "not a JSON object (" + why + ")" : why);
  }
  nlohmann::json outer = std::move(*parsed_outer);
  if (!outer.is_object()) {
    return make_error(Errc::invalid_input, "not a JSON object");
  }
  nlohmann::json message = std::move(outer);
  if (auto inner = message.find("oslo.message"); inner != message.end()) {
    if (!inner->is_string()) {
      return make_error(Errc::invalid_input, "oslo.message is not a string");
    }
    auto parsed = json::parse(inner->get<std::string>(), limits);
    if (!parsed) {
      return make_error(Errc::invalid_input, "oslo.message: " + parsed.error().message);
    }
    if (!parsed->is_object()) {
      return make_error(Errc::invalid_input, "oslo.message is not a JSON object");
    }
    message = std::move(*parsed);
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
