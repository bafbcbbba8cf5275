#pragma once
// What a backend type is: its name in pools.yaml and the target options it accepts.
// pools.yaml validation reads these tables, so an unknown option key or a bad value
// is refused when the file is applied, not when a sync first needs it.

#include "core/util/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace dnsctl::backends {

enum class OptionKind {
  host,    // IP address or host name
  port,    // 1..65535
  seconds, // unsigned number of seconds
  boolean, // true/false/yes/no/1/0, any case
  path,    // a file name: anything but control characters
  token,   // letters, digits, '.', '_', '-': safe inside a server config statement
};

struct OptionSpec {
  std::string key;
  OptionKind kind;
  std::string default_value; // empty: none
  std::string help;
};

struct BackendInfo {
  std::string type;
  std::string summary;
  std::vector<OptionSpec> options;

  const OptionSpec* option(std::string_view key) const;
};

// The registry (backends/registry.cpp): nullptr for an unknown type.
const BackendInfo* find(std::string_view type);
std::vector<std::string> types();

// Checks a value against its kind; the message says what was expected.
Status check_option_value(const OptionSpec& spec, std::string_view value);
bool option_true(std::string_view value);

} // namespace dnsctl::backends
