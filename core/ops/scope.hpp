#pragma once
// Whose zones an operation may see and change: one project's (a tenant of the v2 API)
// or every project's (the CLI, the sink, an admin asking for all projects). A zone of
// another project is not there: the same "not found" as a zone that does not exist,
// so that no answer tells a tenant another project's names or ids.

#include "core/model/quota.hpp"
#include "core/model/zone.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace dnsctl::ops {

// Which writes are held to quotas (core/ops/quotas.hpp): the API's, a tenant's and an
// admin's alike (Designate checks every write of its API against the zone's project);
// the CLI and the sink are the operator's own tools and are not. The site's defaults
// come along.
struct QuotaCheck {
  const model::Quotas* defaults = nullptr; // nullptr: not held to quotas

  static QuotaCheck none() { return {}; }
  static QuotaCheck against(const model::Quotas& defaults) { return QuotaCheck{&defaults}; }
};

struct Scope {
  std::optional<std::string> project; // nullopt: every project; "": the default project
  QuotaCheck quotas;                  // what the caller's writes are held to

  static Scope everyone() { return {}; }
  static Scope of(std::string project) { return Scope{std::move(project), {}}; }
  bool sees(const model::Zone& z) const { return !project || z.project_id == *project; }
  Scope held_to(const model::Quotas& defaults) const {
    Scope s = *this;
    s.quotas = QuotaCheck::against(defaults);
    return s;
  }
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
