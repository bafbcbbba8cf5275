// /v2/pools, read only: pools.yaml stays the one place pools are written (`dnsctl pool
// update`, as designate-manage), so the API shows them to admins and clients that
// look a zone's pool up (its ns_records are the zone's nameservers).

#include "core/store/pools.hpp"

#include "api/call.hpp"
#include "api/input.hpp"

namespace dnsctl::api {
namespace {

nlohmann::json pool_json(const model::Pool& p, const RenderContext& c) {
  nlohmann::json attributes = nlohmann::json::object();
  for (const auto& [k, v] : p.attributes) {
    attributes[k] = v;
  }
  nlohmann::json ns = nlohmann::json::array();
  for (const auto& r : p.ns_records) {
    ns.push_back({{"hostname", r.hostname}, {"priority", r.priority}});
  }
  // Pools come from pools.yaml: no project, and no times kept for them.
  return {{"id", p.uuid},
          {"name", p.name},
          {"description",
           p.description.empty() ? nlohmann::json(nullptr) : nlohmann::json(p.description)},
          {"attributes", attributes},
          {"ns_records", ns},
          {"project_id", nullptr},
          {"created_at", nullptr},
          {"updated_at", nullptr},
          {"links", {{"self", c.base + "/v2/pools/" + p.uuid}}}};
}

Response list(Call& call) {
  if (auto e = call.admin_only()) {
    return call.error(*e);
  }
  auto pools = store::load_pools(call.store);
  if (!pools) {
    return call.error(pools.error(), "pool");
  }
  nlohmann::json items = nlohmann::json::array();
  for (const auto& p : *pools) {
    items.push_back(pool_json(p, call.render));
  }
  return Call::list("pools", items, {{"self", call.render.base + "/v2/pools"}}, pools->size());
}

Response show(Call& call) {
  if (auto e = call.admin_only()) {
    return call.error(*e);
  }
  auto p = store::find_pool(call.store, call.params[0]);
  if (!p) {
    ApiError a = from_core(p.error(), "pool");
    if (a.code == 404) {
      a.message = "Could not find Pool";
    }
    return call.error(a);
  }
  return Call::json(200, pool_json(*p, call.render));
}

} // namespace

void add_pool_routes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/v2/pools", list, false});
  routes.push_back({"GET", "/v2/pools/{id}", show, false});
}

} // namespace dnsctl::api
