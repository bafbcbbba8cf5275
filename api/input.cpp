#include "api/input.hpp"

#include "core/util/json.hpp"
#include "core/util/text.hpp"

#include <algorithm>
#include <cctype>

namespace dnsctl::api {

namespace {

ApiError bad_request(const std::string& type, const std::string& message) {
  return {400, type, message, nullptr};
}

std::string url_encode(const std::string& s) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((std::isalnum(c) != 0) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += k_hex[c >> 4];
      out += k_hex[c & 15];
    }
  }
  return out;
}

} // namespace

std::variant<nlohmann::json, ApiError> json_body(const Request& r) {
  auto type = text::lower(r.header("content-type"));
  if (type.substr(0, type.find(';')) != "application/json") {
    return ApiError{415,
                    "unsupported_content_type",
                    "Unsupported Content-Type: expected application/json",
                    nullptr};
  }
  if (text::trim(r.body).empty()) {
    return bad_request("empty_request_body", "Request Body is empty");
  }
  auto doc = json::parse(r.body);
  if (!doc) {
    return bad_request("invalid_json", "Invalid JSON: " + doc.error().message);
  }
  if (!doc->is_object()) {
    return invalid_object("the body is not an object", nlohmann::json::array());
  }
  return std::move(*doc);
}

std::optional<ApiError> only_fields(const nlohmann::json& body,
                                    std::initializer_list<const char*> allowed) {
  for (const auto& item : body.items()) {
    const std::string& k = item.key();
    bool known = std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return k == a; });
    if (!known) {
      return invalid_object("Additional properties are not allowed ('" + k + "' was unexpected)",
                            nlohmann::json::array(),
                            "additionalProperties");
    }
  }
  return std::nullopt;
}

std::variant<std::optional<std::string>, ApiError> Field::text(size_t max_length,
                                                               bool nullable) const {
  if (!present() || (nullable && null())) {
    return std::optional<std::string>();
  }
  const auto& v = body.at(name);
  if (!v.is_string()) {
    return invalid_object(std::string(name) + ": " + v.dump().substr(0, 100)
                              + " is not of type 'string'",
                          nlohmann::json::array({name}));
  }
  auto s = v.get<std::string>();
  if (s.size() > max_length) {
    return invalid_object(std::string(name) + " is too long (at most " + std::to_string(max_length)
                              + " characters)",
                          nlohmann::json::array({name}),
                          "maxLength");
  }
  return std::optional<std::string>(std::move(s));
}

std::variant<std::optional<int64_t>, ApiError>
Field::integer(int64_t min, int64_t max, bool nullable) const {
  if (!present() || (nullable && null())) {
    return std::optional<int64_t>();
  }
  const auto& v = body.at(name);
  if (!v.is_number_integer()) {
    return invalid_object(std::string(name) + ": " + v.dump().substr(0, 100)
                              + " is not of type 'integer'",
                          nlohmann::json::array({name}));
  }
  // Past int64's range (an unsigned in JSON) is past any maximum, not a negative number.
  bool huge = v.is_number_unsigned() && v.get<uint64_t>() > uint64_t{INT64_MAX};
  auto n = huge ? INT64_MAX : v.get<int64_t>();
  if (n < min || n > max) {
    return invalid_object(std::string(name) + ": " + std::to_string(n) + " is not between "
                              + std::to_string(min) + " and " + std::to_string(max),
                          nlohmann::json::array({name}),
                          n < min ? "minimum" : "maximum");
  }
  return std::optional<int64_t>(n);
}

std::variant<std::optional<std::vector<std::string>>, ApiError> Field::strings() const {
  if (!present()) {
    return std::optional<std::vector<std::string>>();
  }
  const auto& v = body.at(name);
  if (!v.is_array()) {
    return invalid_object(std::string(name) + " is not of type 'array'",
                          nlohmann::json::array({name}));
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_string()) {
      return invalid_object(std::string(name) + "[" + std::to_string(i)
                                + "] is not of type 'string'",
                            nlohmann::json::array({name, i}));
    }
    out.push_back(v[i].get<std::string>());
  }
  return std::optional<std::vector<std::string>>(std::move(out));
}

std::variant<std::optional<std::vector<std::pair<std::string, std::string>>>, ApiError>
Field::string_map() const {
  using Out = std::optional<std::vector<std::pair<std::string, std::string>>>;
  if (!present() || null()) {
    return Out();
  }
  const auto& v = body.at(name);
  if (!v.is_object()) {
    return invalid_object(std::string(name) + " is not of type 'object'",
                          nlohmann::json::array({name}));
  }
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [k, val] : v.items()) {
    if (!val.is_string()) {
      return invalid_object(std::string(name) + "." + k + " is not of type 'string'",
                            nlohmann::json::array({name, k}));
    }
    out.emplace_back(k, val.get<std::string>());
  }
  return Out(std::move(out));
}

std::variant<Listing, ApiError> listing(const Call& call,
                                        std::initializer_list<const char*> sort_keys,
                                        std::initializer_list<const char*> filters) {
  Listing l;
  l.page.limit = call.settings.api.default_limit;
  std::vector<std::string> unknown;
  for (const auto& param : call.request.query) {
    const std::string& k = param.first; // named: a lambda can't capture a structured binding
    const std::string& v = param.second;
    if (k == "limit") {
      if (v == "max") {
        l.page.limit = call.settings.api.max_limit;
        continue;
      }
      auto n = text::parse_uint(v, 1, UINT32_MAX);
      if (!n) {
        return bad_request("invalid_limit",
                           "limit must be an integer > 0 or 'max', not "
                               + text::quote(v.substr(0, 100)));
      }
      l.page.limit = std::min<size_t>(*n, call.settings.api.max_limit);
    } else if (k == "marker") {
      l.page.marker = v;
    } else if (k == "sort_key") {
      bool ok =
          std::any_of(sort_keys.begin(), sort_keys.end(), [&](const char* s) { return v == s; });
      if (!ok) {
        return bad_request("invalid_sort_key",
                           "sort key " + text::quote(v.substr(0, 100)) + " is not valid");
      }
      l.page.sort_key = v;
    } else if (k == "sort_dir") {
      if (v != "asc" && v != "desc") {
        return bad_request("invalid_sort_dir", "sort direction must be asc or desc");
      }
      l.page.descending = v == "desc";
    } else if (k == "all_projects" || k == "all_tenants") {
      continue; // read by the authentication
    } else if (std::any_of(filters.begin(), filters.end(), [&](const char* f) { return k == f; })) {
      l.filters.emplace_back(k, v);
    } else {
      unknown.push_back(k);
    }
  }
  if (!unknown.empty()) {
    return bad_request("bad_request", "Invalid filters " + text::join(unknown, ", "));
  }
  return l;
}

nlohmann::json
page_links(const Call& call, const Listing& listing, const std::string& next_marker) {
  std::string self = call.render.base + call.request.path;
  std::string query;
  for (const auto& [k, v] : call.request.query) {
    query += (query.empty() ? "?" : "&") + url_encode(k) + "=" + url_encode(v);
  }
  nlohmann::json links = {{"self", self + query}};
  if (!next_marker.empty()) {
    std::string next;
    for (const auto& [k, v] : call.request.query) {
      if (k != "marker" && k != "limit") {
        next += (next.empty() ? "?" : "&") + url_encode(k) + "=" + url_encode(v);
      }
    }
    next += (next.empty() ? "?" : "&") + std::string("limit=") + std::to_string(listing.page.limit)
            + "&marker=" + url_encode(next_marker);
    links["next"] = self + next;
  }
  return links;
}

std::optional<ApiError> check_uuid(const std::string& value, const char* name) {
  size_t hex = 0;
  bool ok = value.size() == 32 || value.size() == 36;
  for (size_t i = 0; ok && i < value.size(); ++i) {
    char ch = value[i];
    bool dash_place = value.size() == 36 && (i == 8 || i == 13 || i == 18 || i == 23);
    if (dash_place) {
      ok = ch == '-';
    } else {
      ok = std::isxdigit(static_cast<unsigned char>(ch)) != 0;
      ++hex;
    }
  }
  if (ok && hex == 32) {
    return std::nullopt;
  }
  return ApiError{400, "invalid_uuid", "Invalid UUID " + std::string(name) + ": " + value, nullptr};
}

} // namespace dnsctl::api
