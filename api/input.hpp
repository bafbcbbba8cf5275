#pragma once
// What a request carries, read as Designate's API reads it: a JSON object body checked
// against the resource's fields (types and lengths here; names, TTLs and records are
// core's to judge), the paging arguments, and the filters a list accepts.

#include "core/ops/page.hpp"

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "api/call.hpp"
#include "api/errors.hpp"

// Takes the value out of a std::variant<T, ApiError> into `var`, or returns the error
// from the enclosing route handler (which has a Call named `call`).
// NOLINTBEGIN(bugprone-macro-parentheses): `var` is a name, which parentheses would break.
#define DNSCTL_API_TRY(var, expr)                                                                  \
  auto var##_or_error = (expr);                                                                    \
  if (std::holds_alternative<ApiError>(var##_or_error)) {                                          \
    return call.error(std::get<ApiError>(var##_or_error));                                         \
  }                                                                                                \
  auto var = std::get<0>(std::move(var##_or_error))
// NOLINTEND(bugprone-macro-parentheses)

namespace dnsctl::api {

// The body as a JSON object: 415 unless it says application/json, 400 invalid_json
// (with the position) for what does not parse, 400 for anything but an object.
std::variant<nlohmann::json, ApiError> json_body(const Request& r);

// Designate's schemas allow no other field: the first unknown one is the error.
std::optional<ApiError> only_fields(const nlohmann::json& body,
                                    std::initializer_list<const char*> allowed);

// A field of the body, if present. Errors name the field (invalid_object).
struct Field {
  const nlohmann::json& body;
  const char* name;

  bool present() const { return body.contains(name); }
  bool null() const { return present() && body.at(name).is_null(); }
  // A string of at most max_length characters (null allowed when `nullable`).
  std::variant<std::optional<std::string>, ApiError> text(size_t max_length,
                                                          bool nullable = false) const;
  // An integer in [min, max] (null allowed when `nullable`).
  std::variant<std::optional<int64_t>, ApiError>
  integer(int64_t min, int64_t max, bool nullable = false) const;
  std::variant<std::optional<std::vector<std::string>>, ApiError> strings() const;
  std::variant<std::optional<std::vector<std::pair<std::string, std::string>>>, ApiError>
  string_map() const;
};

struct Listing {
  ops::PageRequest page;
  std::vector<std::pair<std::string, std::string>> filters; // query arguments beyond paging
};

// limit (a number or "max"; default and cap from [api]), marker, sort_key (one of
// `sort_keys`), sort_dir; any other argument must be one of `filters`.
std::variant<Listing, ApiError> listing(const Call& call,
                                        std::initializer_list<const char*> sort_keys,
                                        std::initializer_list<const char*> filters);

// A path's {id} that must be a UUID (Designate's validate_uuid): 400 invalid_uuid
// "Invalid UUID tld_id: foo" otherwise. Hyphens are optional, as oslo's is_uuid_like.
std::optional<ApiError> check_uuid(const std::string& value, const char* name);

// {"self": ..., "next": ...}: the request's URL, and the next page's when there is one.
nlohmann::json page_links(const Call& call, const Listing& listing, const std::string& next_marker);

} // namespace dnsctl::api
