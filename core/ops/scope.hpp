#pragma once
// Whose zones an operation may see and change: one project's (a tenant of the v2 API)
// or every project's (the CLI, the sink, an admin asking for all projects). A zone of
// another project is not there: the same "not found" as a zone that does not exist,
// so that no answer tells a tenant another project's names or ids.

#include "core/model/zone.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace dnsctl::ops {

struct Scope {
  std::optional<std::string> project; // nullopt: every project; "": the default project

  static Scope everyone() { return {}; }
  static Scope of(std::string project) { return Scope{std::move(project)}; }
  bool sees(const model::Zone& z) const { return !project || z.project_id == *project; }
};

// A zone (name or id) as one caller sees it. From a bare name: every project's, as the
// CLI and the sink see them.
struct ZoneRef {
  std::string_view zone;
  Scope scope;

  ZoneRef(std::string_view z) // NOLINT(google-explicit-constructor): the CLI passes names
      : zone(z) {}
  ZoneRef(const std::string& z) // NOLINT(google-explicit-constructor)
      : zone(z) {}
  ZoneRef(const char* z) // NOLINT(google-explicit-constructor)
      : zone(z) {}
  ZoneRef(std::string_view z, Scope s)
      : zone(z)
      , scope(std::move(s)) {}
};

} // namespace dnsctl::ops
