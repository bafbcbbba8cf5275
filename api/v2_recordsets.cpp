// /v2/zones/{id}/recordsets (list, create, show, replace, delete) and /v2/recordsets.

#include "core/ops/recordsets.hpp"
#include "core/util/text.hpp"

#include "api/call.hpp"
#include "api/input.hpp"

namespace dnsctl::api {
namespace {

constexpr std::initializer_list<const char*> k_sort_keys = {"name", "id", "type", "ttl"};
constexpr std::initializer_list<const char*> k_filters = {
    "name", "type", "data", "ttl", "description", "status"};

// Records the sink made change only with X-Designate-Edit-Managed-Records (admin).
std::variant<ops::EditManaged, ApiError> edit_managed(const Call& call) {
  if (text::lower(call.request.header("x-designate-edit-managed-records")) != "true") {
    return ops::EditManaged::no;
  }
  if (!call.caller.admin()) {
    return ApiError{403, "forbidden", "editing managed records is for admins only", nullptr};
  }
  return ops::EditManaged::yes;
}

// The filters of a recordset list, as core's.
std::variant<ops::RecordFilter, ApiError> filter_of(const Listing& l) {
  ops::RecordFilter f;
  for (const auto& [k, v] : l.filters) {
    if (k == "name") {
      f.name_pattern = v;
    } else if (k == "type") {
      f.type = v;
    } else if (k == "data") {
      f.data = v;
    } else if (k == "description") {
      f.description = v;
    } else if (k == "ttl") {
      auto n = text::parse_uint(v, 0, 2147483647);
      if (!n) {
        return ApiError{400, "bad_request", "ttl must be an integer", nullptr};
      }
      f.ttl = static_cast<int64_t>(*n);
    }
    // status is a zone filter: core applies it (a recordset is as far as its zone).
  }
  return f;
}

std::string filter_value(const Listing& l, std::string_view key) {
  for (const auto& [k, v] : l.filters) {
    if (k == key) {
      return v;
    }
  }
  return "";
}

Response list(Call& call) {
  DNSCTL_API_TRY(lst, listing(call, k_sort_keys, k_filters));
  DNSCTL_API_TRY(filter, filter_of(lst));
  auto got = ops::list_recordsets(call.store,
                                  ops::ZoneRef(call.params[0], call.scope()),
                                  filter,
                                  lst.page,
                                  filter_value(lst, "status"));
  if (!got) {
    return call.error(got.error(), "zone");
  }
  nlohmann::json sets = nlohmann::json::array();
  for (const auto& rs : got->page.items) {
    sets.push_back(recordset_json(got->zone, rs, call.render));
  }
  return Call::list(
      "recordsets", sets, page_links(call, lst, got->page.next_marker), got->page.total);
}

Response list_all(Call& call) {
  DNSCTL_API_TRY(lst,
                 listing(call,
                         {"name", "id", "type", "ttl", "zone_id"},
                         {"name", "type", "data", "ttl", "description", "status", "zone_id"}));
  DNSCTL_API_TRY(filter, filter_of(lst));
  ops::ZoneFilter zones;
  zones.project = call.scope().project;
  zones.status = filter_value(lst, "status");
  zones.id = filter_value(lst, "zone_id");
  auto got = ops::list_all_recordsets(call.store, zones, filter, lst.page);
  if (!got) {
    return call.error(got.error(), "recordset");
  }
  nlohmann::json sets = nlohmann::json::array();
  for (const auto& r : got->items) {
    sets.push_back(recordset_json(r.zone, r.recordset, call.render));
  }
  return Call::list("recordsets", sets, page_links(call, lst, got->next_marker), got->total);
}

Response create(Call& call) {
  DNSCTL_API_TRY(body, json_body(call.request));
  if (auto e = only_fields(body, {"name", "type", "records", "ttl", "description"})) {
    return call.error(*e);
  }
  DNSCTL_API_TRY(name, (Field{body, "name"}.text(255)));
  DNSCTL_API_TRY(type, (Field{body, "type"}.text(16)));
  DNSCTL_API_TRY(records, (Field{body, "records"}.strings()));
  DNSCTL_API_TRY(ttl, (Field{body, "ttl"}.integer(0, 2147483647, true)));
  DNSCTL_API_TRY(description, (Field{body, "description"}.text(160, true)));
  for (auto [field, present] : {std::pair{"name", name.has_value()},
                                {"type", type.has_value()},
                                {"records", records.has_value()}}) {
    if (!present) {
      return call.error(invalid_object(std::string("'") + field + "' is a required property",
                                       nlohmann::json::array(),
                                       "required"));
    }
  }
  if (name->empty() || name->back() != '.') {
    // Designate's names are fully qualified; a relative one is the CLI's convenience.
    return call.error(ApiError{400,
                               "invalid_object",
                               "name " + text::quote(*name)
                                   + " is not fully qualified (end it "
                                     "with a dot)",
                               nullptr});
  }
  ops::RecordSetSpec spec;
  spec.name = *name;
  spec.type = text::upper(*type);
  spec.data = *records;
  if (ttl) {
    spec.ttl = static_cast<uint32_t>(*ttl);
  }
  spec.description = description;
  auto made = ops::create_recordset(call.store, ops::ZoneRef(call.params[0], call.scope()), spec);
  if (!made) {
    bool zone_missing = made.error().code == Errc::not_found;
    return call.error(made.error(), zone_missing ? "zone" : "recordset");
  }
  auto j = recordset_json(made->zone, made->recordset, call.render, "CREATE");
  Response r = Call::json(202, j);
  r.headers.emplace_back("Location", j["links"]["self"].get<std::string>());
  return r;
}

Response show(Call& call) {
  auto found = ops::find_recordset(
      call.store, ops::ZoneRef(call.params[0], call.scope()), call.params[1], "");
  if (!found) {
    return call.error(found.error(), "recordset");
  }
  return Call::json(200, recordset_json(found->zone, found->recordset, call.render));
}

Response replace(Call& call) {
  DNSCTL_API_TRY(managed, edit_managed(call));
  DNSCTL_API_TRY(body, json_body(call.request));
  if (auto e = only_fields(body, {"records", "ttl", "description", "name", "type"})) {
    return call.error(*e);
  }
  DNSCTL_API_TRY(records, (Field{body, "records"}.strings()));
  DNSCTL_API_TRY(ttl, (Field{body, "ttl"}.integer(0, 2147483647, true)));
  DNSCTL_API_TRY(description, (Field{body, "description"}.text(160, true)));
  ops::RecordSetSpec spec;
  if (records) {
    spec.data = *records;
  }
  if (ttl) {
    spec.ttl = static_cast<uint32_t>(*ttl);
  } else if (Field{body, "ttl"}.null()) {
    spec.clear_ttl = true;
  }
  if (description || Field{body, "description"}.null()) {
    spec.description = description.value_or("");
  }
  auto changed = ops::update_recordset(
      call.store, ops::ZoneRef(call.params[0], call.scope()), call.params[1], "", spec, managed);
  if (!changed) {
    return call.error(changed.error(), "recordset");
  }
  return Call::json(202, recordset_json(changed->zone, changed->recordset, call.render, "UPDATE"));
}

Response remove(Call& call) {
  DNSCTL_API_TRY(managed, edit_managed(call));
  auto gone = ops::delete_recordset(
      call.store, ops::ZoneRef(call.params[0], call.scope()), call.params[1], "", managed);
  if (!gone) {
    return call.error(gone.error(), "recordset");
  }
  auto j = recordset_json(gone->zone, gone->recordset, call.render, "DELETE");
  j["status"] = "PENDING";
  return Call::json(202, j);
}

} // namespace

void add_recordset_routes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/v2/zones/{id}/recordsets", list, false});
  routes.push_back({"POST", "/v2/zones/{id}/recordsets", create, true});
  routes.push_back({"GET", "/v2/zones/{id}/recordsets/{id}", show, false});
  routes.push_back({"PUT", "/v2/zones/{id}/recordsets/{id}", replace, true});
  routes.push_back({"DELETE", "/v2/zones/{id}/recordsets/{id}", remove, true});
  routes.push_back({"GET", "/v2/recordsets", list_all, false});
}

} // namespace dnsctl::api
