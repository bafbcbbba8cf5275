// /v2/tlds and /v2/blacklists: the names this site allows zones to have, for admins
// only (Designate's policies), over the same operations as `dnsctl tld` and
// `dnsctl blacklist`.

#include "core/ops/keys_and_names.hpp"
#include "core/store/name_rules.hpp"

#include "api/call.hpp"
#include "api/input.hpp"

namespace dnsctl::api {
namespace {

std::optional<ApiError> admin_only(const Call& call) {
  if (!call.caller.admin()) {
    return ApiError{403, "forbidden", "Policy doesn't allow this to be performed.", nullptr};
  }
  return std::nullopt;
}

// Designate's words for a missing one ("Could not find Tld"): its tests match them.
Response failed(Call& call, const Error& e, const char* resource, const char* shown) {
  ApiError a = from_core(e, resource);
  if (a.code == 404) {
    a.message = std::string("Could not find ") + shown;
  }
  return call.error(a);
}

Response created(const nlohmann::json& body) {
  Response r = Call::json(201, body);
  r.headers.emplace_back("Location", body["links"]["self"].get<std::string>());
  return r;
}

Response no_content() {
  Response r;
  r.status = 204;
  return r;
}

// The fields of a TLD's or a blacklist's body: `key` (required on create) and
// description (null clears it).
struct Fields {
  std::optional<std::string> key;
  std::optional<std::string> description;
};
std::variant<Fields, ApiError> fields_of(const Call& call, const char* key, bool create) {
  auto body = json_body(call.request);
  if (std::holds_alternative<ApiError>(body)) {
    return std::get<ApiError>(body);
  }
  const auto& b = std::get<nlohmann::json>(body);
  if (auto e = only_fields(b, {key, "description"})) {
    return *e;
  }
  Fields f;
  auto k = Field{b, key}.text(255);
  if (std::holds_alternative<ApiError>(k)) {
    return std::get<ApiError>(k);
  }
  f.key = std::get<0>(k);
  auto d = Field{b, "description"}.text(160, true);
  if (std::holds_alternative<ApiError>(d)) {
    return std::get<ApiError>(d);
  }
  f.description = std::get<0>(d);
  if (Field{b, "description"}.null()) {
    f.description = std::string();
  }
  if (create && !f.key) {
    return invalid_object(
        std::string("'") + key + "' is a required property", nlohmann::json::array(), "required");
  }
  return f;
}

// --- TLDs

Response list_tlds(Call& call) {
  if (auto e = admin_only(call)) {
    return call.error(*e);
  }
  DNSCTL_API_TRY(lst, listing(call, {"created_at", "id", "updated_at", "name"}, {"name"}));
  std::string name;
  for (const auto& [k, v] : lst.filters) {
    name = v;
  }
  auto page = ops::list_tlds(call.store, name, lst.page);
  if (!page) {
    return call.error(page.error(), "tld");
  }
  nlohmann::json items = nlohmann::json::array();
  for (const auto& t : page->items) {
    items.push_back(tld_json(t, call.render));
  }
  return Call::json(200,
                    {{"tlds", items},
                     {"links", page_links(call, lst, page->next_marker)},
                     {"metadata", {{"total_count", page->total}}}});
}

Response create_tld(Call& call) {
  if (auto e = admin_only(call)) {
    return call.error(*e);
  }
  DNSCTL_API_TRY(f, fields_of(call, "name", true));
  auto t = ops::create_tld(call.store, *f.key, f.description.value_or(""));
  if (!t) {
    return failed(call, t.error(), "tld", "Tld");
  }
  return created(tld_json(*t, call.render));
}

Response show_tld(Call& call) {
  if (auto e = admin_only(call)) {
    return call.error(*e);
  }
  if (auto e = check_uuid(call.params[0], "tld_id")) {
    return call.error(*e);
  }
  auto t = store::find_tld(call.store, call.params[0]);
  if (!t) {
    return failed(call, t.error(), "tld", "Tld");
  }
  return Call::json(200, tld_json(*t, call.render));
}

Response update_tld(Call& call) {
  if (auto e = admin_only(call)) {
    return call.error(*e);
  }
  if (auto e = check_uuid(call.params[0], "tld_id")) {
    return call.error(*e);
  }
  DNSCTL_API_TRY(f, fields_of(call, "name", false));
  auto t = ops::update_tld(call.store, call.params[0], f.key, f.description);
  if (!t) {
    return failed(call, t.error(), "tld", "Tld");
  }
  return Call::json(200, tld_json(*t, call.render));
}

Response delete_tld(Call& call) {
  if (auto e = admin_only(call)) {
    return call.error(*e);
  }
  if (auto e = check_uuid(call.params[0], "tld_id")) {
    return call.error(*e);
  }
  auto ok = ops::delete_tld(call.store, call.params[0]);
  if (!ok) {
    return failed(call, ok.error(), "tld", "Tld");
  }
  return no_content();
}

// --- Blacklists

Response list_blacklists(Call& call) {
  if (auto e = admin_only(call)) {
    return call.error(*e);
  }
  DNSCTL_API_TRY(lst, listing(call, {"created_at", "id", "updated_at", "pattern"}, {"pattern"}));
  std::string pattern;
  for (const auto& [k, v] : lst.filters) {
    pattern = v;
  }
  auto page = ops::list_blacklists(call.store, pattern, lst.page);
  if (!page) {
    return call.error(page.error(), "blacklist");
  }
  nlohmann::json items = nlohmann::json::array();
  for (const auto& b : page->items) {
    items.push_back(blacklist_json(b, call.render));
  }
  return Call::json(200,
                    {{"blacklists", items},
                     {"links", page_links(call, lst, page->next_marker)},
                     {"metadata", {{"total_count", page->total}}}});
}

Response create_blacklist(Call& call) {
  if (auto e = admin_only(call)) {
    return call.error(*e);
  }
  DNSCTL_API_TRY(f, fields_of(call, "pattern", true));
  auto b = ops::create_blacklist(call.store, *f.key, f.description.value_or(""));
  if (!b) {
    return failed(call, b.error(), "blacklist", "Blacklist");
  }
  return created(blacklist_json(*b, call.render));
}

Response show_blacklist(Call& call) {
  if (auto e = admin_only(call)) {
    return call.error(*e);
  }
  if (auto e = check_uuid(call.params[0], "blacklist_id")) {
    return call.error(*e);
  }
  auto b = store::find_blacklist(call.store, call.params[0]);
  if (!b) {
    return failed(call, b.error(), "blacklist", "Blacklist");
  }
  return Call::json(200, blacklist_json(*b, call.render));
}

Response update_blacklist(Call& call) {
  if (auto e = admin_only(call)) {
    return call.error(*e);
  }
  if (auto e = check_uuid(call.params[0], "blacklist_id")) {
    return call.error(*e);
  }
  DNSCTL_API_TRY(f, fields_of(call, "pattern", false));
  auto b = ops::update_blacklist(call.store, call.params[0], f.key, f.description);
  if (!b) {
    return failed(call, b.error(), "blacklist", "Blacklist");
  }
  return Call::json(200, blacklist_json(*b, call.render));
}

Response delete_blacklist(Call& call) {
  if (auto e = admin_only(call)) {
    return call.error(*e);
  }
  if (auto e = check_uuid(call.params[0], "blacklist_id")) {
    return call.error(*e);
  }
  auto ok = ops::delete_blacklist(call.store, call.params[0]);
  if (!ok) {
    return failed(call, ok.error(), "blacklist", "Blacklist");
  }
  return no_content();
}

} // namespace

void add_name_rule_routes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/v2/tlds", list_tlds, false});
  routes.push_back({"POST", "/v2/tlds", create_tld, true});
  routes.push_back({"GET", "/v2/tlds/{id}", show_tld, false});
  routes.push_back({"PATCH", "/v2/tlds/{id}", update_tld, true});
  routes.push_back({"DELETE", "/v2/tlds/{id}", delete_tld, true});
  routes.push_back({"GET", "/v2/blacklists", list_blacklists, false});
  routes.push_back({"POST", "/v2/blacklists", create_blacklist, true});
  routes.push_back({"GET", "/v2/blacklists/{id}", show_blacklist, false});
  routes.push_back({"PATCH", "/v2/blacklists/{id}", update_blacklist, true});
  routes.push_back({"DELETE", "/v2/blacklists/{id}", delete_blacklist, true});
}

} // namespace dnsctl::api
