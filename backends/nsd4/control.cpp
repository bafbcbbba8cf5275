#include "backends/nsd4/control.hpp"

#include "core/util/text.hpp"

namespace dnsctl::backends::nsd4 {
namespace {

bool starts(const std::string& s, std::string_view prefix) {
  return s.rfind(prefix, 0) == 0;
}

// "error for input line 'ZONE'" or "'ZONE PATTERN'": the zone.
std::string input_line_zone(const std::string& line) {
  auto a = line.find('\'');
  auto b = line.rfind('\'');
  if (a == std::string::npos || b <= a) {
    return "";
  }
  std::string in = line.substr(a + 1, b - a - 1);
  return in.substr(0, in.find(' '));
}

// Between "zone " and " already exists" / " not present".
std::string zone_in(const std::string& line, std::string_view prefix, std::string_view suffix) {
  auto end = line.find(suffix);
  if (!starts(line, prefix) || end == std::string::npos || end < prefix.size()) {
    return "";
  }
  return line.substr(prefix.size(), end - prefix.size());
}

std::map<std::string, LineOutcome> read(std::string_view out, bool adding) {
  std::map<std::string, LineOutcome> res;
  std::string last_error;
  for (const auto& raw : text::split(out, '\n')) {
    std::string line = text::trim(raw);
    if (starts(line, "added: ") || starts(line, "removed: ")) {
      std::string z = text::trim(line.substr(line.find(": ") + 2));
      if (!res.contains(z)) {
        res[z] = {LineOutcome::Kind::done, ""};
      }
    } else if (adding && line.find(" already exists") != std::string::npos) {
      // NSD then still prints "added: ZONE": the zone was there before.
      res[zone_in(line, "zone ", " already exists")] = {LineOutcome::Kind::exists, ""};
    } else if (!adding && line.find(" not present") != std::string::npos) {
      // "warning zone X not present": gone already (Designate looked for "not found").
      res[zone_in(line, "warning zone ", " not present")] = {LineOutcome::Kind::missing, ""};
    } else if (starts(line, "error for input line")) {
      std::string z = input_line_zone(line);
      auto it = res.find(z);
      if (it == res.end() || it->second.kind == LineOutcome::Kind::done) {
        res[z] = {LineOutcome::Kind::failed, last_error.empty() ? line : last_error};
      }
      last_error.clear();
    } else if (starts(line, "error")) {
      last_error = line;
    }
  }
  return res;
}

} // namespace

std::map<std::string, LineOutcome> read_addzones(std::string_view out) {
  return read(out, true);
}

std::map<std::string, LineOutcome> read_delzones(std::string_view out) {
  return read(out, false);
}

std::string zonestatus_pattern(std::string_view out) {
  for (const auto& raw : text::split(out, '\n')) {
    std::string line = text::trim(raw);
    if (starts(line, "pattern: ")) {
      return text::trim(line.substr(9));
    }
  }
  return "";
}

std::map<std::string, std::string> zonestatus_all(std::string_view out) {
  std::map<std::string, std::string> zones;
  std::string current;
  for (const auto& raw : text::split(out, '\n')) {
    std::string line = text::trim(raw);
    if (starts(line, "zone:")) {
      current = text::lower(text::trim(line.substr(5)));
      if (!current.empty() && current.back() != '.') {
        current += '.';
      }
      zones[current] = "";
    } else if (starts(line, "pattern: ") && !current.empty()) {
      zones[current] = text::trim(line.substr(9));
    }
  }
  return zones;
}

} // namespace dnsctl::backends::nsd4
