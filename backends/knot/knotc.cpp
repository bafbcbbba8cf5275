#include "backends/knot/knotc.hpp"

#include "core/util/text.hpp"

namespace dnsctl::backends::knot {
namespace {

std::string absolute(std::string name) {
  name = text::lower(name);
  if (name.empty() || name.back() != '.') {
    name += '.';
  }
  return name;
}

} // namespace

ConfView parse_conf(std::string_view text) {
  ConfView v;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    pos = end == std::string_view::npos ? text.size() : end + 1;
    auto eq = line.find(" = ");
    if (eq == std::string_view::npos) {
      continue;
    }
    std::string item = text::trim(line.substr(0, eq));
    std::string value = text::trim(line.substr(eq + 3));
    if (item == "zone.domain") {
      v.zones.insert(absolute(value));
      continue;
    }
    if (item == "remote.id" || item == "acl.id") {
      (item == "remote.id" ? v.remotes : v.acls).insert(value);
      continue;
    }
    // section[id].key
    auto open = item.find('[');
    auto close = item.find("].");
    if (open == std::string::npos || close == std::string::npos || close < open) {
      continue;
    }
    std::string section = item.substr(0, open);
    std::string id = item.substr(open + 1, close - open - 1);
    std::string key = item.substr(close + 2);
    // A multi-valued item prints its values on one line, space-separated.
    for (const auto& one : text::split(value, ' ')) {
      if (one.empty()) {
        continue;
      }
      if (section == "zone" && key == "master") {
        v.zone_masters[absolute(id)].insert(one);
      } else if (section == "zone" && key == "template") {
        v.zone_template[absolute(id)] = one;
      } else if (section == "remote" && key == "address") {
        v.remote_addresses[id].insert(one);
      } else if (section == "acl" && key == "address") {
        v.acl_addresses[id].insert(one);
      }
    }
  }
  return v;
}

LineVerdict read_line(std::string_view line, const std::vector<std::string>& tolerated) {
  std::string l = text::trim(line);
  if (l == "OK") {
    return {true, ""};
  }
  std::string msg = l.rfind("error: ", 0) == 0 ? l.substr(7) : l;
  for (const auto& t : tolerated) {
    if (msg.find("(" + t + ")") != std::string::npos) {
      return {true, ""};
    }
  }
  return {false, msg.empty() ? "no reply from knotc" : msg};
}

} // namespace dnsctl::backends::knot
