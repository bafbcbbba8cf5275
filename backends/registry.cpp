#include "backends/backend.hpp"
#include "backends/bind9/bind9_backend.hpp"
#include "backends/designate/unsupported.hpp"
#include "backends/fake/fake_backend.hpp"
#include "backends/knot/knot_backend.hpp"
#include "backends/nsd4/nsd4_backend.hpp"
#include "backends/pdns4/pdns4_backend.hpp"
#include "core/dns/name.hpp"
#include "core/util/text.hpp"

namespace dnsctl::backends {
namespace {

// One line per backend: adding one is a folder plus a line here.
const std::vector<BackendInfo>& registry() {
  static const std::vector<BackendInfo> k_all = [] {
    std::vector<BackendInfo> all{
        bind9::info(),
        pdns4::info(),
        knot::info(),
        nsd4::info(),
        fake::info(),
    };
    for (auto& u : designate::unsupported()) {
      all.push_back(std::move(u));
    }
    return all;
  }();
  return k_all;
}

} // namespace

const OptionSpec* BackendInfo::option(std::string_view key) const {
  for (const auto& o : options) {
    if (o.key == key) {
      return &o;
    }
  }
  // Every type may take its pool's zones from the pool's catalog zone instead of
  // control commands (see sync::consumes_catalog).
  static const OptionSpec k_catalog_consumer{
      "catalog_consumer", OptionKind::boolean, "", "take the pool's zones from its catalog zone"};
  return key == k_catalog_consumer.key ? &k_catalog_consumer : nullptr;
}

const BackendInfo* find(std::string_view type) {
  for (const auto& b : registry()) {
    if (b.type == type) {
      return &b;
    }
    for (const auto& a : b.aliases) {
      if (a == type) {
        return &b;
      }
    }
  }
  return nullptr;
}

std::vector<std::string> types() {
  std::vector<std::string> out;
  for (const auto& b : registry()) {
    if (!b.unsupported) {
      out.push_back(b.type);
    }
  }
  return out;
}

std::string canonical_type(std::string_view type) {
  const BackendInfo* info = find(type);
  return info != nullptr ? info->type : std::string(type);
}

const BackendInfo* find_server(std::string_view name) {
  for (const auto& b : registry()) {
    if (!b.unsupported && !b.server.empty() && b.server == name) {
      return &b;
    }
  }
  const BackendInfo* info = find(name);
  return info != nullptr && !info->unsupported ? info : nullptr;
}

std::vector<std::string> names_with(bool (*hook)(const BackendInfo& info)) {
  std::vector<std::string> out;
  for (const auto& b : registry()) {
    if (hook(b)) {
      out.push_back(b.type);
      out.insert(out.end(), b.aliases.begin(), b.aliases.end());
      if (!b.server.empty() && b.server != b.type) {
        out.push_back(b.server);
      }
    }
  }
  return out;
}

Result<std::unique_ptr<Backend>> make(const model::Target& target) {
  const BackendInfo* info = find(target.type);
  if (info == nullptr) {
    return make_error(Errc::invalid_input,
                      "unknown backend " + text::quote(target.type) + " (expected "
                          + text::join(types(), ", ") + ")");
  }
  for (const auto& [key, value] : target.options) {
    const OptionSpec* spec = info->option(key);
    if (spec == nullptr) {
      if (info->unsupported) {
        continue; // stored as Designate had them; never read
      }
      std::vector<std::string> keys;
      for (const auto& o : info->options) {
        keys.push_back(o.key);
      }
      return make_error(Errc::invalid_input,
                        "unknown option for " + info->type + " (expected one of "
                            + text::join(keys, ", ") + ")",
                        "options." + key);
    }
    if (auto ok = check_option_value(*spec, value); !ok) {
      return make_error(Errc::invalid_input, ok.error().message, "options." + key);
    }
  }
  return info->make(target);
}

std::vector<std::string> transfer_sources(const model::Target& target) {
  auto b = make(target);
  return b ? (*b)->transfer_sources() : std::vector<std::string>{};
}

std::string option_value(const BackendInfo& info, const model::Target& t, std::string_view key) {
  if (const std::string* v = t.option(std::string(key))) {
    return *v;
  }
  const OptionSpec* spec = info.option(key);
  return spec != nullptr ? spec->default_value : "";
}

bool option_true(std::string_view v) {
  std::string l = text::lower(v);
  return l == "true" || l == "yes" || l == "1" || l == "on";
}

Status check_option_value(const OptionSpec& spec, std::string_view value) {
  auto bad = [&](const std::string& expected) {
    // A secret is never echoed, not even in an error.
    std::string shown = spec.kind == OptionKind::secret ? "(hidden)" : text::quote(value);
    return make_error(Errc::invalid_input,
                      "invalid value " + shown + " (expected " + expected + ")");
  };
  for (char c : value) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return bad("no control characters");
    }
  }
  switch (spec.kind) {
  case OptionKind::host: {
    if (text::is_ip(value)) {
      return {};
    }
    auto n = dns::Name::parse(value);
    if (!n || !dns::check_host_name(*n)) {
      return bad("an IP address or a host name");
    }
    return {};
  }
  case OptionKind::port:
    if (!text::parse_uint(value, 1, 65535)) {
      return bad("a port number 1..65535");
    }
    return {};
  case OptionKind::seconds:
    if (!text::parse_uint(value, 0, 86400)) {
      return bad("a number of seconds 0..86400");
    }
    return {};
  case OptionKind::boolean: {
    std::string l = text::lower(value);
    if (l != "true" && l != "false" && l != "yes" && l != "no" && l != "1" && l != "0" && l != "on"
        && l != "off") {
      return bad("true or false");
    }
    return {};
  }
  case OptionKind::path:
  case OptionKind::file:
  case OptionKind::secret:
    if (value.empty()) {
      return bad(spec.kind == OptionKind::secret ? "a value" : "a file name");
    }
    return {};
  case OptionKind::url: {
    std::string l = text::lower(value);
    if ((l.rfind("http://", 0) != 0 && l.rfind("https://", 0) != 0)
        || value.find(' ') != std::string_view::npos || l.size() <= 8) {
      return bad("an http:// or https:// URL");
    }
    return {};
  }
  case OptionKind::token:
    if (value.empty()) {
      return bad("a name");
    }
    for (char c : value) {
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '-';
      if (!ok) {
        return bad("letters, digits, '.', '_' and '-' only");
      }
    }
    return {};
  }
  return {};
}

} // namespace dnsctl::backends
