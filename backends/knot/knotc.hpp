#pragma once
// What the knot backend reads from and writes to knotc, as plain functions so each
// reply rule is a unit-test row. knotc prints one line per command it reads on stdin
// ("OK" or "error: (reason) item"), and exits 0 even when a command failed; so every
// line is checked, not the exit code.

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace dnsctl::backends::knot {

// `knotc conf-read zone` + `conf-read remote` + `conf-read acl` output, parsed.
struct ConfView {
  std::set<std::string> zones;                                   // absolute, lower case
  std::map<std::string, std::set<std::string>> zone_masters;     // zone -> remote ids
  std::map<std::string, std::string> zone_template;              // zone -> template id
  std::map<std::string, std::set<std::string>> remote_addresses; // id -> "ip@port"
  std::map<std::string, std::set<std::string>> acl_addresses;    // id -> "ip"
  std::set<std::string> remotes;
  std::set<std::string> acls;
};
ConfView parse_conf(std::string_view text);

// One reply line: OK, or an error knotc printed. `tolerated` lists the reasons that
// mean "already so" for that command ("duplicate identifier" on a set, "invalid
// identifier" on an unset, as Knot 3 prints them).
struct LineVerdict {
  bool ok = false;
  std::string message; // the error without "error: "
};
LineVerdict read_line(std::string_view line, const std::vector<std::string>& tolerated);

} // namespace dnsctl::backends::knot
