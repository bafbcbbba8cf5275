// /v2/zones: list, create, show, update, delete; nameservers; the abandon task.

#include "core/ops/zones.hpp"
#include "core/util/text.hpp"

#include "api/call.hpp"
#include "api/input.hpp"

namespace dnsctl::api {
namespace {

Response list(Call& call) {
  DNSCTL_API_TRY(
      lst,
      listing(call,
              {"name", "created_at", "updated_at", "id", "ttl", "serial", "status", "email"},
              {"name", "type", "status", "email", "ttl", "description"}));
  if (lst.page.sort_key.empty()) {
    lst.page.sort_key = "created_at"; // Designate's order
  }
  ops::ZoneFilter f;
  f.project = call.scope().project;
  for (const auto& [k, v] : lst.filters) {
    if (k == "name") {
      f.name = v;
    } else if (k == "type") {
      f.type = v;
    } else if (k == "status") {
      f.status = v;
    } else if (k == "email") {
      f.email = v;
    } else if (k == "description") {
      f.description = v;
    } else if (k == "ttl") {
      auto n = text::parse_uint(v, 0, UINT32_MAX);
      if (!n) {
        return call.error(ApiError{400, "bad_request", "ttl must be an integer", nullptr});
      }
      f.ttl = static_cast<uint32_t>(*n);
    }
  }
  auto page = ops::list_zones(call.store, f, lst.page);
  if (!page) {
    return call.error(page.error(), "zone");
  }
  nlohmann::json zones = nlohmann::json::array();
  for (const auto& z : page->items) {
    zones.push_back(zone_json(z, call.render));
  }
  return Call::list("zones", zones, page_links(call, lst, page->next_marker), page->total);
}

Response created(Call& call, const model::Zone& z, int status) {
  auto body = zone_json(z, call.render);
  Response r = Call::json(status, body);
  r.headers.emplace_back("Location", body["links"]["self"].get<std::string>());
  return r;
}

Response create(Call& call) {
  DNSCTL_API_TRY(body, json_body(call.request));
  if (auto e = only_fields(
          body, {"name", "email", "ttl", "description", "type", "masters", "attributes"})) {
    return call.error(*e);
  }
  DNSCTL_API_TRY(name, (Field{body, "name"}.text(255)));
  DNSCTL_API_TRY(email, (Field{body, "email"}.text(255)));
  DNSCTL_API_TRY(ttl, (Field{body, "ttl"}.integer(0, 2147483647)));
  DNSCTL_API_TRY(description, (Field{body, "description"}.text(160, true)));
  DNSCTL_API_TRY(type, (Field{body, "type"}.text(16)));
  DNSCTL_API_TRY(masters, (Field{body, "masters"}.strings()));
  DNSCTL_API_TRY(attributes, (Field{body, "attributes"}.string_map()));
  if (!name) {
    return call.error(
        invalid_object("'name' is a required property", nlohmann::json::array(), "required"));
  }
  std::string zone_type = type ? text::lower(*type) : "primary";
  if (zone_type == "secondary") {
    return call.error(
        ApiError{400, "invalid_object", "SECONDARY zones are not served by dnsctl yet", nullptr});
  }
  if (zone_type != "primary") {
    return call.error(invalid_object("type: " + *type + " is not one of ['PRIMARY', 'SECONDARY']",
                                     nlohmann::json::array({"type"}),
                                     "enum"));
  }
  if (masters && !masters->empty()) {
    return call.error(
        invalid_object("a PRIMARY zone has no masters", nlohmann::json::array({"masters"})));
  }
  if (!email) {
    return call.error(
        invalid_object("'email' is a required property", nlohmann::json::array(), "required"));
  }
  ops::ZoneSpec spec;
  spec.name = *name;
  spec.email = *email;
  if (ttl) {
    spec.ttl = static_cast<uint32_t>(*ttl);
  }
  spec.description = description.value_or("");
  if (attributes) {
    spec.attributes = *attributes;
  }
  spec.project = call.stored_project();
  auto made = ops::create_zones(call.store,
                                call.settings,
                                {spec},
                                ops::Mode::write,
                                ops::QuotaCheck::against(call.settings.quotas));
  if (!made) {
    return call.error(made.error(), "zone");
  }
  return created(call, made->zones.front(), 202);
}

Response show(Call& call) {
  auto z = ops::find_zone(call.store, ops::ZoneRef(call.params[0], call.scope()));
  if (!z) {
    return call.error(z.error(), "zone");
  }
  return Call::json(200, zone_json(*z, call.render));
}

Response update(Call& call) {
  DNSCTL_API_TRY(body, json_body(call.request));
  if (auto e = only_fields(body, {"email", "ttl", "description", "masters"})) {
    return call.error(*e);
  }
  DNSCTL_API_TRY(email, (Field{body, "email"}.text(255)));
  DNSCTL_API_TRY(ttl, (Field{body, "ttl"}.integer(0, 2147483647)));
  DNSCTL_API_TRY(description, (Field{body, "description"}.text(160, true)));
  DNSCTL_API_TRY(masters, (Field{body, "masters"}.strings()));
  if (masters && !masters->empty()) {
    return call.error(
        invalid_object("a PRIMARY zone has no masters", nlohmann::json::array({"masters"})));
  }
  ops::ZoneUpdate u;
  u.email = email;
  if (ttl) {
    u.ttl = static_cast<uint32_t>(*ttl);
  }
  if (description || Field{body, "description"}.null()) {
    u.description = description.value_or("");
  }
  auto z = ops::update_zone(call.store, ops::ZoneRef(call.params[0], call.scope()), u);
  if (!z) {
    return call.error(z.error(), "zone");
  }
  // As Designate answers an update, even of a zone its servers are still adding.
  auto shown = zone_json(*z, call.render);
  shown["action"] = "UPDATE";
  return Call::json(202, shown);
}

Response remove(Call& call) {
  bool hard = text::lower(call.request.header("x-designate-hard-delete")) == "true";
  if (hard && !call.caller.admin()) {
    return call.error(ApiError{403, "forbidden", "hard delete is for admins only", nullptr});
  }
  auto z = ops::delete_zone(call.store,
                            ops::ZoneRef(call.params[0], call.scope()),
                            hard ? ops::HardDelete::yes : ops::HardDelete::no);
  if (!z) {
    return call.error(z.error(), "zone");
  }
  auto body = zone_json(*z, call.render);
  body["action"] = "DELETE";
  body["status"] = "PENDING";
  return Call::json(202, body);
}

Response nameservers(Call& call) {
  auto ns = ops::zone_nameservers(call.store, ops::ZoneRef(call.params[0], call.scope()));
  if (!ns) {
    return call.error(ns.error(), "zone");
  }
  nlohmann::json out = nlohmann::json::array();
  for (const auto& n : *ns) {
    out.push_back({{"hostname", n.hostname}, {"priority", n.priority}});
  }
  return Call::json(200, {{"nameservers", out}});
}

Response abandon(Call& call) {
  if (!call.caller.admin()) {
    return call.error(ApiError{403, "forbidden", "abandon is for admins only", nullptr});
  }
  auto ok = ops::abandon_zone(call.store, ops::ZoneRef(call.params[0], call.scope()));
  if (!ok) {
    return call.error(ok.error(), "zone");
  }
  Response r;
  r.status = 204;
  return r;
}

} // namespace

void add_zone_routes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/v2/zones", list, false});
  routes.push_back({"POST", "/v2/zones", create, true});
  routes.push_back({"GET", "/v2/zones/{id}", show, false});
  routes.push_back({"PATCH", "/v2/zones/{id}", update, true});
  routes.push_back({"DELETE", "/v2/zones/{id}", remove, true});
  routes.push_back({"GET", "/v2/zones/{id}/nameservers", nameservers, false});
  routes.push_back({"POST", "/v2/zones/{id}/tasks/abandon", abandon, true});
}

} // namespace dnsctl::api
