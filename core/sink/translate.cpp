#include "core/sink/translate.hpp"

#include "core/ops/zones.hpp"
#include "core/sink/event.hpp"
#include "core/sink/handlers.hpp"
#include "core/util/text.hpp"

#include <algorithm>

namespace dnsctl::sink {

Status check_settings(const model::SinkSettings& settings) {
  const auto& known = handler_names();
  if (settings.enabled_handlers.empty()) {
    return make_error(Errc::invalid_input,
                      "[sink] enabled_notification_handlers is empty: name nova_fixed, "
                      "neutron_floatingip or both");
  }
  for (const auto& h : settings.enabled_handlers) {
    if (std::find(known.begin(), known.end(), h) == known.end()) {
      return make_error(Errc::invalid_input,
                        "[sink] enabled_notification_handlers: unknown handler " + text::quote(h)
                            + " (known: " + text::join(known, ", ") + ")");
    }
    auto cfg = settings.handlers.find(h);
    if (cfg == settings.handlers.end() || cfg->second.zone_id.empty()) {
      return make_error(Errc::invalid_input,
                        "[handler:" + h + "] zone_id is not set: the zone its records go in");
    }
    if (cfg->second.formatv4.empty() && cfg->second.formatv6.empty()) {
      return make_error(Errc::invalid_input,
                        "[handler:" + h
                            + "] has no formatv4 or formatv6 (Designate's default "
                              "%(hostname)s.%(zone)s needs a hostname neutron does not send)");
    }
  }
  return {};
}

ops::SinkItem
translate(store::Store& store, const model::SinkSettings& settings, std::string_view text) {
  ops::SinkItem item;
  auto event = parse_event(text, settings.max_message_size);
  if (!event) {
    item.error = event.error().message;
    return item;
  }
  item.message_id = event->message_id;
  item.event_type = event->event_type;
  std::string handler = handler_for(event->event_type);
  const auto& enabled = settings.enabled_handlers;
  if (handler.empty() || std::find(enabled.begin(), enabled.end(), handler) == enabled.end()) {
    return item; // no handler of ours acts on it: ignored
  }
  const auto& config = settings.handlers.at(handler);
  auto zone = ops::find_zone(store, config.zone_id);
  if (!zone) {
    item.error = handler + ": zone " + config.zone_id + ": " + zone.error().message;
    return item;
  }
  auto change = handle(handler, config, zone->name, *event);
  if (!change) {
    item.error = handler + ": " + change.error().message;
    return item;
  }
  item.change = std::move(*change);
  return item;
}

} // namespace dnsctl::sink
