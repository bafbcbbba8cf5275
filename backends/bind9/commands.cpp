#include "backends/bind9/commands.hpp"

#include "backends/backend.hpp"
#include "backends/bind9/bind9_backend.hpp"
#include "core/dns/name.hpp"
#include "core/util/text.hpp"
#include "core/util/uuid.hpp"

namespace dnsctl::backends::bind9 {
namespace {

std::string option_or_default(const model::Target& t, const std::string& key) {
  if (const std::string* v = t.option(key)) {
    return *v;
  }
  const OptionSpec* spec = info().option(key);
  return spec != nullptr ? spec->default_value : "";
}

bool safe_zone_text(std::string_view name) {
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
              || c == '-' || c == '_';
    if (!ok) {
      return false;
    }
  }
  return !name.empty();
}

} // namespace

std::string to_string(Action a) {
  switch (a) {
  case Action::addzone:
    return "addzone";
  case Action::delzone:
    return "delzone";
  case Action::modzone:
    return "modzone";
  case Action::notify:
    return "notify";
  case Action::refresh:
    return "refresh";
  case Action::retransfer:
    return "retransfer";
  case Action::showzone:
    return "showzone";
  }
  return "?";
}

Result<Action> parse_action(std::string_view text) {
  for (Action a : {Action::addzone,
                   Action::delzone,
                   Action::modzone,
                   Action::notify,
                   Action::refresh,
                   Action::retransfer,
                   Action::showzone}) {
    if (to_string(a) == text) {
      return a;
    }
  }
  return make_error(Errc::invalid_input,
                    "unknown rndc action " + text::quote(text)
                        + " (expected addzone, delzone, modzone, notify, refresh, retransfer, "
                          "showzone)");
}

std::vector<std::string> base_argv(const model::Target& t) {
  std::vector<std::string> argv{option_or_default(t, "rndc_bin_path"),
                                "-s",
                                option_or_default(t, "rndc_host"),
                                "-p",
                                option_or_default(t, "rndc_port")};
  if (const std::string* c = t.option("rndc_config_file"); c != nullptr && !c->empty()) {
    argv.emplace_back("-c");
    argv.push_back(*c);
  }
  if (const std::string* k = t.option("rndc_key_file"); k != nullptr && !k->empty()) {
    argv.emplace_back("-k");
    argv.push_back(*k);
  }
  return argv;
}

Result<std::vector<std::string>>
rndc_argv(const model::Target& t, Action action, const ZoneRef& zone, Clean clean) {
  // Names reach a server config statement: re-check here, whatever the caller did.
  auto parsed = dns::Name::parse(zone.name);
  if (!parsed || !safe_zone_text(zone.name) || !dns::check_host_name(*parsed)) {
    return make_error(Errc::invalid_input,
                      "zone name " + text::quote(zone.name) + " cannot be passed to rndc");
  }
  if (!uuid::is_valid(zone.uuid)) {
    return make_error(Errc::invalid_input, "zone id " + text::quote(zone.uuid) + " is not a uuid");
  }
  std::string view = option_or_default(t, "view");
  if (!view.empty() && !safe_zone_text(view)) {
    return make_error(Errc::invalid_input,
                      "view " + text::quote(view) + " cannot be passed to rndc");
  }

  std::string bare = zone.name;
  if (!bare.empty() && bare.back() == '.') {
    bare.pop_back();
  }
  // Designate: '%s %s' % (name, 'in VIEW' or ''), so without a view the argument
  // ends in a space, and the addzone body starts after two.
  std::string zone_arg = bare + " " + (view.empty() ? "" : "in " + view);

  std::vector<std::string> argv = base_argv(t);
  switch (action) {
  case Action::addzone:
  case Action::modzone: {
    if (t.masters.empty()) {
      return make_error(Errc::invalid_input,
                        "target " + (t.description.empty() ? t.uuid : text::quote(t.description))
                            + " has no masters to transfer the zone from");
    }
    std::vector<std::string> masters;
    for (const auto& m : t.masters) {
      if (!text::is_ip(m.host)) {
        return make_error(Errc::invalid_input,
                          "bind9 masters must be IP addresses, not " + text::quote(m.host)
                              + " (BIND reads a name there as a primaries list)");
      }
      masters.push_back(m.host + " port " + std::to_string(m.port));
    }
    argv.push_back(to_string(action));
    argv.push_back(zone_arg + " { type slave; masters { " + text::join(masters, "; ")
                   + ";}; file \"slave." + zone.name + zone.uuid + "\"; };");
    break;
  }
  case Action::delzone:
    argv.emplace_back("delzone");
    if (clean == Clean::yes || option_true(option_or_default(t, "clean_zonefile"))) {
      argv.emplace_back("-clean");
    }
    argv.push_back(zone_arg);
    break;
  case Action::notify:
  case Action::refresh:
  case Action::retransfer:
  case Action::showzone:
    argv.push_back(to_string(action));
    argv.push_back(zone_arg);
    break;
  }
  return argv;
}

} // namespace dnsctl::backends::bind9

namespace dnsctl::backends::bind9 {

std::optional<Action> action_for(model::TargetAction pending) {
  switch (pending) {
  case model::TargetAction::create:
    return Action::addzone;
  case model::TargetAction::remove:
    return Action::delzone;
  case model::TargetAction::reconfigure:
    return Action::modzone;
  case model::TargetAction::update:
    return Action::refresh;
  case model::TargetAction::none:
  case model::TargetAction::held:
    return std::nullopt;
  }
  return std::nullopt;
}

} // namespace dnsctl::backends::bind9
