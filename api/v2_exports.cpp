// Zone exports as Designate's tasks: POST /v2/zones/{id}/tasks/export, then
// /v2/zones/tasks/exports (list, show, delete) and .../{id}/export, the master file
// (text/dns) made from the zone as it is when fetched.

#include "core/ops/exports.hpp"

#include <sstream>

#include "api/call.hpp"
#include "api/input.hpp"

namespace dnsctl::api {
namespace {

nlohmann::json export_json(const model::ZoneExport& e, const RenderContext& c) {
  std::string self = c.base + "/v2/zones/tasks/exports/" + e.uuid;
  return {{"id", e.uuid},
          {"zone_id", e.zone_uuid},
          {"project_id", shown_project(e.project_id, c)},
          {"status", e.status},
          {"message", e.message.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.message)},
          {"location", "designate://v2/zones/tasks/exports/" + e.uuid + "/export"},
          {"version", 1},
          {"created_at", timestamp(e.created_at)},
          {"updated_at",
           e.updated_at > 0 ? nlohmann::json(timestamp(e.updated_at)) : nlohmann::json(nullptr)},
          {"links", {{"self", self}, {"export", self + "/export"}}}};
}

Response failed(Call& call, const Error& e) {
  ApiError a = from_core(e, "zone_export");
  if (a.code == 404 && a.type == "zone_export_not_found") {
    a.message = "Could not find ZoneExport";
  }
  return call.error(a);
}

Response create(Call& call) {
  auto e = ops::create_export(call.store, ops::ZoneRef(call.params[0], call.scope()));
  if (!e) {
    return failed(call, e.error());
  }
  auto body = export_json(*e, call.render);
  Response r = Call::json(202, body);
  r.headers.emplace_back("Location", body["links"]["self"].get<std::string>());
  return r;
}

Response list(Call& call) {
  DNSCTL_API_TRY(
      lst, listing(call, {"created_at", "id", "updated_at"}, {"status", "message", "zone_id"}));
  ops::ExportFilter f;
  for (const auto& [k, v] : lst.filters) {
    (k == "status" ? f.status : k == "message" ? f.message : f.zone_id) = v;
  }
  auto page = ops::list_exports(call.store, call.scope(), f, lst.page);
  if (!page) {
    return failed(call, page.error());
  }
  nlohmann::json items = nlohmann::json::array();
  for (const auto& e : page->items) {
    items.push_back(export_json(e, call.render));
  }
  return Call::list("exports", items, page_links(call, lst, page->next_marker), page->total);
}

Response show(Call& call) {
  auto e = ops::find_export(call.store, call.params[0], call.scope());
  if (!e) {
    return failed(call, e.error());
  }
  return Call::json(200, export_json(*e, call.render));
}

Response remove(Call& call) {
  auto ok = ops::delete_export(call.store, call.params[0], call.scope());
  if (!ok) {
    return failed(call, ok.error());
  }
  Response r;
  r.status = 204;
  return r;
}

// The file, for a client that takes text/dns (or anything).
Response file(Call& call) {
  std::string accept = call.request.header("accept");
  if (!accept.empty() && accept.find("text/dns") == std::string::npos
      && accept.find("*/*") == std::string::npos) {
    return call.error(
        ApiError{406, "not_acceptable", "the export is text/dns, not " + accept, nullptr});
  }
  std::ostringstream out;
  auto ok = ops::write_export(call.store, call.params[0], call.scope(), out);
  if (!ok) {
    return failed(call, ok.error());
  }
  Response r;
  r.content_type = "text/dns";
  r.body = out.str();
  return r;
}

} // namespace

void add_export_routes(std::vector<Route>& routes) {
  routes.push_back({"POST", "/v2/zones/{id}/tasks/export", create, true});
  routes.push_back({"GET", "/v2/zones/tasks/exports", list, false});
  routes.push_back({"GET", "/v2/zones/tasks/exports/{id}", show, false});
  routes.push_back({"DELETE", "/v2/zones/tasks/exports/{id}", remove, true});
  routes.push_back({"GET", "/v2/zones/tasks/exports/{id}/export", file, false});
}

} // namespace dnsctl::api
