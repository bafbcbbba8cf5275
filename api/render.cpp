#include "api/render.hpp"

#include "core/dns/rrtype.hpp"

#include <ctime>

namespace dnsctl::api {

std::string timestamp(int64_t unix_seconds) {
  auto t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  if (gmtime_r(&t, &tm) == nullptr) {
    return {};
  }
  char buf[32];
  if (std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S.000000", &tm) == 0) {
    return {};
  }
  return buf;
}

std::string shown_project(const std::string& stored, const RenderContext& c) {
  return stored.empty() ? c.default_project : stored;
}

std::string project_of(const model::Zone& z, const RenderContext& c) {
  return shown_project(z.project_id, c);
}

namespace {

nlohmann::json text_or_null(const std::string& s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
}

// Designate's updated_at is null until the first change.
nlohmann::json updated(const model::Zone& z) {
  return z.updated_at > z.created_at ? nlohmann::json(timestamp(z.updated_at))
                                     : nlohmann::json(nullptr);
}

} // namespace

nlohmann::json zone_json(const model::Zone& z, const RenderContext& c) {
  nlohmann::json attributes = nlohmann::json::object();
  for (const auto& [k, v] : z.attributes) {
    attributes[k] = v;
  }
  return {
      {"id", z.uuid},
      {"pool_id", z.pool_uuid},
      {"project_id", project_of(z, c)},
      {"name", z.name},
      {"email", z.email},
      {"ttl", z.ttl},
      {"serial", z.serial},
      {"status", model::to_string(z.status)},
      {"action", model::to_string(z.action)},
      {"description", text_or_null(z.description)},
      {"masters", nlohmann::json::array()},
      {"type", "PRIMARY"},
      {"transferred_at", nullptr},
      {"version", z.version},
      {"created_at", timestamp(z.created_at)},
      {"updated_at", updated(z)},
      {"attributes", attributes},
      {"links", {{"self", c.base + "/v2/zones/" + z.uuid}}},
  };
}

nlohmann::json recordset_json(const model::Zone& z,
                              const model::RecordSet& rs,
                              const RenderContext& c,
                              const std::string& action) {
  std::string act = action;
  if (act.empty()) {
    // Designate's: CREATE until a new recordset is served, UPDATE for a changed one.
    act = z.status == model::ZoneStatus::active ? "NONE" : rs.version > 1 ? "UPDATE" : "CREATE";
  }
  // A recordset is as far as its zone: PENDING until every server has the serial.
  std::string status = model::to_string(z.status);
  return {
      {"id", rs.id},
      {"zone_id", z.uuid},
      {"zone_name", z.name},
      {"project_id", project_of(z, c)},
      {"name", rs.name},
      {"type", dns::type_to_text(rs.type)},
      {"records", rs.data},
      {"ttl", rs.ttl < 0 ? nlohmann::json(nullptr) : nlohmann::json(rs.ttl)},
      {"description", text_or_null(rs.description)},
      {"status", status},
      {"action", act},
      {"version", rs.version},
      // A row older than schema 14 has no time of its own: its zone's creation.
      {"created_at", timestamp(rs.created_at > 0 ? rs.created_at : z.created_at)},
      {"updated_at",
       rs.updated_at > 0 ? nlohmann::json(timestamp(rs.updated_at)) : nlohmann::json(nullptr)},
      {"links", {{"self", c.base + "/v2/zones/" + z.uuid + "/recordsets/" + rs.id}}},
  };
}

namespace {

nlohmann::json changed_at(int64_t created, int64_t updated) {
  return updated > created ? nlohmann::json(timestamp(updated)) : nlohmann::json(nullptr);
}

} // namespace

nlohmann::json tld_json(const model::Tld& t, const RenderContext& c) {
  return {{"id", t.uuid},
          {"name", t.name},
          {"description", text_or_null(t.description)},
          {"created_at", timestamp(t.created_at)},
          {"updated_at", changed_at(t.created_at, t.updated_at)},
          {"links", {{"self", c.base + "/v2/tlds/" + t.uuid}}}};
}

nlohmann::json blacklist_json(const model::Blacklist& b, const RenderContext& c) {
  return {{"id", b.uuid},
          {"pattern", b.pattern},
          {"description", text_or_null(b.description)},
          {"created_at", timestamp(b.created_at)},
          {"updated_at", changed_at(b.created_at, b.updated_at)},
          {"links", {{"self", c.base + "/v2/blacklists/" + b.uuid}}}};
}

} // namespace dnsctl::api
