#include "backends/backend.hpp"
#include "backends/bind9/bind9_backend.hpp"
#include "core/dns/name.hpp"
#include "core/util/text.hpp"

namespace dnsctl::backends {
namespace {

// One line per backend: adding one is a folder plus a line here.
const std::vector<BackendInfo>& registry() {
  static const std::vector<BackendInfo> k_all{
      bind9::info(),
  };
  return k_all;
}

} // namespace

const OptionSpec* BackendInfo::option(std::string_view key) const {
  for (const auto& o : options) {
    if (o.key == key) {
      return &o;
    }
  }
  return nullptr;
}

const BackendInfo* find(std::string_view type) {
  for (const auto& b : registry()) {
    if (b.type == type) {
      return &b;
    }
  }
  return nullptr;
}

std::vector<std::string> types() {
  std::vector<std::string> out;
  for (const auto& b : registry()) {
    out.push_back(b.type);
  }
  return out;
}

bool option_true(std::string_view v) {
  std::string l = text::lower(v);
  return l == "true" || l == "yes" || l == "1" || l == "on";
}

Status check_option_value(const OptionSpec& spec, std::string_view value) {
  auto bad = [&](const std::string& expected) {
    return make_error(Errc::invalid_input,
                      "invalid value " + text::quote(value) + " (expected " + expected + ")");
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
    if (value.empty()) {
      return bad("a file name");
    }
    return {};
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
