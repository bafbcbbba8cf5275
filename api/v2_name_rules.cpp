// /v2/tlds and /v2/blacklists: the names this site allows zones to have, for admins
// only (Designate's policies), over the same operations as `dnsctl tld` and
// `dnsctl blacklist`.

#include "core/ops/keys_and_names.hpp"
#include "core/store/name_rules.hpp"

#include <array>

#include "api/call.hpp"
#include "api/input.hpp"

namespace dnsctl::api {
namespace {

// Designate's words for a missing one ("Could not find Tld"): its tests match them.
Response failed(Call& call, const Error& e, const char* resource, const char* shown) {
  ApiError a = from_core(e, resource);
  if (a.code == 404) {
    a.message = std::string("Could not find ") + shown;
  }
  return call.error(a);
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

// A TLD or a blacklist: its names, its operations and its shape, so that both are
// served by the same five handlers.
template <class T>
struct Resource {
  const char* name;       // "tld": error types (tld_not_found, duplicate_tld)
  const char* shown;      // "Tld": Designate's "Could not find Tld"
  const char* collection; // "tlds": the path and the list's key
  const char* key;        // "name": the field a new one needs
  bool key_is_tld;        // a TLD's name, written without the final dot (Designate's TldField)
  std::array<const char*, 4> sort_keys;
  Result<ops::Page<T>> (*list)(store::Store&, const std::string&, const ops::PageRequest&);
  Result<T> (*create)(store::Store&, const std::string&, const std::string&);
  Result<T> (*find)(store::Store&, std::string_view);
  Result<T> (*update)(store::Store&,
                      std::string_view,
                      const std::optional<std::string>&,
                      const std::optional<std::string>&);
  Status (*remove)(store::Store&, std::string_view);
  nlohmann::json (*render)(const T&, const RenderContext&);
};

template <class T>
std::optional<ApiError> final_dot(const Resource<T>& r, const Fields& f) {
  if (r.key_is_tld && f.key && f.key->ends_with('.')) {
    return invalid_object("name: " + *f.key + " is written without its final dot",
                          nlohmann::json::array({"name"}),
                          "pattern");
  }
  return std::nullopt;
}

template <class T>
Response list(Call& call, const Resource<T>& r) {
  DNSCTL_API_TRY(
      lst,
      listing(call, {r.sort_keys[0], r.sort_keys[1], r.sort_keys[2], r.sort_keys[3]}, {r.key}));
  std::string match;
  for (const auto& [k, v] : lst.filters) {
    match = v;
  }
  auto page = r.list(call.store, match, lst.page);
  if (!page) {
    return call.error(page.error(), r.name);
  }
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : page->items) {
    items.push_back(r.render(item, call.render));
  }
  return Call::list(r.collection, items, page_links(call, lst, page->next_marker), page->total);
}

template <class T>
Response create(Call& call, const Resource<T>& r) {
  DNSCTL_API_TRY(f, fields_of(call, r.key, true));
  if (auto e = final_dot(r, f)) {
    return call.error(*e);
  }
  auto made = r.create(call.store, *f.key, f.description.value_or(""));
  if (!made) {
    return failed(call, made.error(), r.name, r.shown);
  }
  auto body = r.render(*made, call.render);
  Response out = Call::json(201, body);
  out.headers.emplace_back("Location", body["links"]["self"].template get<std::string>());
  return out;
}

template <class T>
Response show(Call& call, const Resource<T>& r) {
  auto found = r.find(call.store, call.params[0]);
  if (!found) {
    return failed(call, found.error(), r.name, r.shown);
  }
  return Call::json(200, r.render(*found, call.render));
}

template <class T>
Response update(Call& call, const Resource<T>& r) {
  DNSCTL_API_TRY(f, fields_of(call, r.key, false));
  if (auto e = final_dot(r, f)) {
    return call.error(*e);
  }
  auto changed = r.update(call.store, call.params[0], f.key, f.description);
  if (!changed) {
    return failed(call, changed.error(), r.name, r.shown);
  }
  return Call::json(200, r.render(*changed, call.render));
}

template <class T>
Response destroy(Call& call, const Resource<T>& r) {
  auto ok = r.remove(call.store, call.params[0]);
  if (!ok) {
    return failed(call, ok.error(), r.name, r.shown);
  }
  Response out;
  out.status = 204;
  return out;
}

// The routes of one resource: admins only.
template <class T>
void add_routes(std::vector<Route>& routes, const Resource<T>& r) {
  using Handler = Response (*)(Call&, const Resource<T>&);
  auto guarded = [&r](Handler h) {
    return [&r, h](Call& call) {
      if (auto e = call.admin_only()) {
        return call.error(*e);
      }
      return h(call, r);
    };
  };
  std::string path = std::string("/v2/") + r.collection;
  routes.push_back({"GET", path, guarded(list<T>), false});
  routes.push_back({"POST", path, guarded(create<T>), true});
  routes.push_back({"GET", path + "/{id}", guarded(show<T>), false});
  routes.push_back({"PATCH", path + "/{id}", guarded(update<T>), true});
  routes.push_back({"DELETE", path + "/{id}", guarded(destroy<T>), true});
}

const Resource<model::Tld> k_tlds{"tld",
                                  "Tld",
                                  "tlds",
                                  "name",
                                  true,
                                  {"created_at", "id", "updated_at", "name"},
                                  ops::list_tlds,
                                  ops::create_tld,
                                  store::find_tld,
                                  ops::update_tld,
                                  ops::delete_tld,
                                  tld_json};

const Resource<model::Blacklist> k_blacklists{"blacklist",
                                              "Blacklist",
                                              "blacklists",
                                              "pattern",
                                              false,
                                              {"created_at", "id", "updated_at", "pattern"},
                                              ops::list_blacklists,
                                              ops::create_blacklist,
                                              store::find_blacklist,
                                              ops::update_blacklist,
                                              ops::delete_blacklist,
                                              blacklist_json};

} // namespace

void add_name_rule_routes(std::vector<Route>& routes) {
  add_routes(routes, k_tlds);
  add_routes(routes, k_blacklists);
}

} // namespace dnsctl::api
