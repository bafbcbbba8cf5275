#pragma once
// Errors as Designate's API gives them: {"code", "type", "message", "request_id"}, with
// its type strings, and "errors" for a body that does not match the schema
// (invalid_object), so that clients and Designate's own tests read them alike.

#include "core/util/result.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "api/http.hpp"

namespace dnsctl::api {

struct ApiError {
  int code = 500;
  std::string type;
  std::string message;
  nlohmann::json errors; // invalid_object: [{path, message, validator, validator_value}]
};

// A core error met while working on a `resource` (zone, recordset): its code and type.
ApiError from_core(const Error& e, std::string_view resource);

// One schema problem of the request body, at `path` (["records", 0]).
ApiError invalid_object(const std::string& message,
                        nlohmann::json path,
                        const std::string& validator = "type");

Response error_response(const Request& request, const ApiError& error);

} // namespace dnsctl::api
