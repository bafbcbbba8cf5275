#include "core/sink/handlers.hpp"

#include "core/dns/idna.hpp"
#include "core/dns/name.hpp"
#include "core/dns/rrtype.hpp"
#include "core/util/log.hpp"
#include "core/util/net.hpp"
#include "core/util/text.hpp"

#include <algorithm>
#include <array>

namespace dnsctl::sink {
namespace {

using Keys = std::vector<std::pair<std::string, std::string>>;

int ip_version(const std::string& address) {
  auto ip = net::IpAddress::parse(address);
  return !ip ? 0 : ip->family == AF_INET ? 4 : 6;
}

std::string scalar_text(const nlohmann::json& v) {
  if (v.is_string()) {
    return v.get<std::string>();
  }
  if (v.is_number_integer()) {
    return std::to_string(v.get<int64_t>());
  }
  if (v.is_boolean()) {
    return v.get<bool>() ? "True" : "False";
  }
  return v.dump();
}

// Every scalar at the top of `object`, as designate-sink passes the payload's keys.
Keys object_keys(const nlohmann::json& object) {
  Keys keys;
  if (!object.is_object()) {
    return keys;
  }
  for (const auto& [k, v] : object.items()) {
    if (v.is_primitive() && !v.is_null()) {
      keys.emplace_back(k, scalar_text(v));
    }
  }
  return keys;
}

void set_key(Keys& keys, const std::string& key, const std::string& value) {
  for (auto& [k, v] : keys) {
    if (k == key) {
      v = value;
      return;
    }
  }
  keys.emplace_back(key, value);
}

// The keys of one address as Designate's _get_ip_data makes them from the version it
// was given: ip_version; ip_address (IPv4's dots, IPv6's colons as dashes); octet0..N
// (IPv4 split at its dots, IPv6 at '::' or ':', as re.split('::|:') does, empty groups
// kept).
void address_keys(Keys& keys, const std::string& address, int version) {
  set_key(keys, "ip_version", std::to_string(version));
  std::string dashed = address;
  std::replace(dashed.begin(), dashed.end(), version == 4 ? '.' : ':', '-');
  set_key(keys, "ip_address", dashed);
  std::vector<std::string> parts;
  std::string cur;
  for (size_t i = 0; i < address.size(); ++i) {
    char c = address[i];
    if (version == 4 ? c == '.' : c == ':') {
      parts.push_back(cur);
      cur.clear();
      if (version == 6 && i + 1 < address.size() && address[i + 1] == ':') {
        ++i; // '::' is one separator
      }
    } else {
      cur += c;
    }
  }
  parts.push_back(cur);
  for (size_t i = 0; i < parts.size(); ++i) {
    set_key(keys, "octet" + std::to_string(i), parts[i]);
  }
}

// The records of one address: one per format, and the PTR when asked for.
Status add_records(model::ManagedChange& change,
                   const model::SinkHandler& config,
                   const Keys& keys,
                   const std::string& address,
                   int version) {
  const auto& formats = version == 4 ? config.formatv4 : config.formatv6;
  for (const auto& f : formats) {
    DNSCTL_TRY_ASSIGN(auto formatted, expand_format(f, keys));
    // Designate's central encodes the name (a display name may hold any character):
    // Test\u219fInstance becomes xn--testinstance-q83g. DNS names compare without case
    // (RFC 4343): the store keeps them in lower case.
    auto ascii = dns::to_ascii(formatted);
    if (!ascii) {
      return make_error(Errc::invalid_input,
                        "format " + text::quote(f) + " gives " + ascii.error().message);
    }
    std::string name = text::lower(*ascii);
    if (name.empty() || name.back() != '.') {
      name += '.';
    }
    auto parsed = dns::Name::parse(name);
    if (!parsed) {
      return make_error(Errc::invalid_input,
                        "format " + text::quote(f) + " gives " + text::quote(name) + ": "
                            + parsed.error().message);
    }
    if (auto ok = dns::check_host_name(*parsed); !ok) {
      return make_error(Errc::invalid_input,
                        "format " + text::quote(f) + " gives " + text::quote(name) + ": "
                            + ok.error().message);
    }
    change.records.push_back(
        {name, version == 4 ? dns::rrtype::k_a : dns::rrtype::k_aaaa, address, config.zone_id});
    if (config.create_ptr) {
      change.records.push_back({reverse_name(address), dns::rrtype::k_ptr, name, ""});
    }
  }
  return {};
}

std::string required_string(const nlohmann::json& j, const char* key) {
  auto it = j.is_object() ? j.find(key) : j.end();
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Result<model::ManagedChange>
nova_fixed(const model::SinkHandler& config, const std::string& zone, const Event& e) {
  model::ManagedChange c;
  c.plugin_name = "nova_fixed";
  c.resource_type = "instance";
  c.resource_id = required_string(e.payload, "instance_id");
  if (c.resource_id.empty()) {
    return make_error(Errc::invalid_input, "the payload has no instance_id");
  }
  if (e.event_type == "compute.instance.delete.start") {
    c.kind = model::ManagedChange::Kind::remove;
    return c;
  }
  c.kind = model::ManagedChange::Kind::add;
  auto ips = e.payload.find("fixed_ips");
  if (ips == e.payload.end() || !ips->is_array()) {
    return make_error(Errc::invalid_input, "the payload has no fixed_ips list");
  }
  Keys base = object_keys(e.payload);
  set_key(base, "zone", zone);
  set_key(base, "project", e.project);
  for (const auto& ip : *ips) {
    std::string address = required_string(ip, "address");
    int version = ip_version(address);
    if (version == 0) {
      return make_error(Errc::invalid_input,
                        "fixed_ips: " + text::quote(address) + " is not an IP address");
    }
    // The fixed IP's version decides A or AAAA (and the octets), as in Designate; one
    // that disagrees with the address makes a record the address cannot fill, which is
    // refused with the reason.
    if (auto v = ip.find("version"); v != ip.end() && v->is_number_integer()) {
      int said = v->get<int>();
      if ((said == 4 || said == 6) && said != version) {
        log::warning("sink: message " + e.message_id + ": fixed IP " + address + " has version "
                     + std::to_string(said) + " but is IPv" + std::to_string(version)
                     + ": making the " + (said == 4 ? "A" : "AAAA") + " record Designate makes");
        version = said;
      }
    }
    Keys keys = base;
    set_key(keys, "label", required_string(ip, "label"));
    address_keys(keys, address, version);
    DNSCTL_TRY(add_records(c, config, keys, address, version));
  }
  return c;
}

Result<model::ManagedChange>
neutron_floatingip(const model::SinkHandler& config, const std::string& zone, const Event& e) {
  model::ManagedChange c;
  c.plugin_name = "neutron_floatingip";
  c.resource_type = "floatingip";
  if (e.event_type == "floatingip.delete.start") {
    c.resource_id = required_string(e.payload, "floatingip_id");
    if (c.resource_id.empty()) {
      return make_error(Errc::invalid_input, "the payload has no floatingip_id");
    }
    c.kind = model::ManagedChange::Kind::remove;
    return c;
  }
  auto fip = e.payload.find("floatingip");
  if (fip == e.payload.end() || !fip->is_object()) {
    return make_error(Errc::invalid_input, "the payload has no floatingip object");
  }
  c.resource_id = required_string(*fip, "id");
  if (c.resource_id.empty()) {
    return make_error(Errc::invalid_input, "the floatingip has no id");
  }
  auto fixed = fip->find("fixed_ip_address");
  if (fixed == fip->end() || fixed->is_null()) {
    c.kind = model::ManagedChange::Kind::remove; // disassociated
    return c;
  }
  c.kind = model::ManagedChange::Kind::add;
  std::string address = required_string(*fip, "floating_ip_address");
  int version = ip_version(address);
  if (version == 0) {
    return make_error(Errc::invalid_input,
                      "floating_ip_address " + text::quote(address) + " is not an IP address");
  }
  Keys keys = object_keys(*fip);
  set_key(keys, "zone", zone);
  set_key(keys, "project", e.project);
  address_keys(keys, address, version);
  DNSCTL_TRY(add_records(c, config, keys, address, version));
  return c;
}

} // namespace

const std::vector<std::string>& handler_names() {
  static const std::vector<std::string> k_names{"nova_fixed", "neutron_floatingip"};
  return k_names;
}

std::string handler_for(std::string_view event_type) {
  if (event_type == "compute.instance.create.end"
      || event_type == "compute.instance.delete.start") {
    return "nova_fixed";
  }
  if (event_type == "floatingip.update.end" || event_type == "floatingip.delete.start") {
    return "neutron_floatingip";
  }
  return "";
}

Result<model::ManagedChange> handle(const std::string& handler,
                                    const model::SinkHandler& config,
                                    const std::string& zone,
                                    const Event& event) {
  if (handler_for(event.event_type) != handler) {
    return model::ManagedChange{};
  }
  if (handler == "nova_fixed") {
    return nova_fixed(config, zone, event);
  }
  return neutron_floatingip(config, zone, event);
}

Result<std::string> expand_format(std::string_view format, const Keys& keys) {
  std::string out;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') {
      out += format[i];
      continue;
    }
    if (i + 1 < format.size() && format[i + 1] == '%') {
      out += '%';
      ++i;
      continue;
    }
    auto close = format.find(')', i);
    if (i + 1 >= format.size() || format[i + 1] != '(' || close == std::string_view::npos
        || close + 1 >= format.size() || format[close + 1] != 's') {
      return make_error(Errc::invalid_input,
                        "format " + text::quote(format) + ": only %(key)s and %% are understood");
    }
    std::string key(format.substr(i + 2, close - i - 2));
    auto it =
        std::find_if(keys.begin(), keys.end(), [&](const auto& kv) { return kv.first == key; });
    if (it == keys.end()) {
      return make_error(Errc::invalid_input,
                        "format " + text::quote(format) + ": the event has no " + text::quote(key));
    }
    out += it->second;
    i = close + 1;
  }
  return out;
}

std::string reverse_name(const std::string& address) {
  auto ip = net::IpAddress::parse(address);
  if (!ip) {
    return "";
  }
  const auto& b = ip->bytes;
  if (ip->family == AF_INET) {
    return std::to_string(b[3]) + "." + std::to_string(b[2]) + "." + std::to_string(b[1]) + "."
           + std::to_string(b[0]) + ".in-addr.arpa.";
  }
  static constexpr const char* k_hex = "0123456789abcdef";
  std::string out;
  for (int i = 15; i >= 0; --i) {
    out += k_hex[b[static_cast<size_t>(i)] & 0x0f];
    out += '.';
    out += k_hex[b[static_cast<size_t>(i)] >> 4];
    out += '.';
  }
  return out + "ip6.arpa.";
}

} // namespace dnsctl::sink
