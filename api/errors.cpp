#include "api/errors.hpp"

namespace dnsctl::api {

ApiError from_core(const Error& e, std::string_view resource) {
  std::string r(resource);
  if (e.kind == "over_quota") {
    return {413, "over_quota", e.message, nullptr};
  }
  switch (e.code) {
  case Errc::not_found:
    return {404, e.kind.empty() ? r + "_not_found" : e.kind, e.message, nullptr};
  case Errc::conflict:
    // A CNAME beside other data, a zone being deleted: not a duplicate.
    if (e.message.find("already exists") != std::string::npos) {
      return {409, "duplicate_" + r, e.message, nullptr};
    }
    return {400, "invalid_operation", e.message, nullptr};
  case Errc::forbidden:
    return {403, e.kind.empty() ? "forbidden" : e.kind, e.message, nullptr};
  case Errc::invalid_input:
    return {400, e.kind.empty() ? "invalid_object" : e.kind, e.message, nullptr};
  case Errc::busy:
    return {503, "service_unavailable", e.message, nullptr};
  case Errc::timeout:
    return {504, "communication_failure", e.message, nullptr};
  case Errc::io:
  case Errc::peer:
  case Errc::internal:
    break;
  }
  return {500, "unknown_failure", e.message, nullptr};
}

ApiError
invalid_object(const std::string& message, nlohmann::json path, const std::string& validator) {
  nlohmann::json one = {{"path", std::move(path)},
                        {"message", message},
                        {"validator", validator},
                        {"validator_value", nullptr}};
  return {400,
          "invalid_object",
          "Provided object does not match schema: " + message,
          nlohmann::json::array({one})};
}

Response error_response(const Request& request, const ApiError& error) {
  nlohmann::json body = {{"code", error.code},
                         {"type", error.type},
                         {"message", error.message},
                         {"request_id", request.request_id}};
  if (!error.errors.is_null()) {
    body["errors"] = {{"errors", error.errors}};
  }
  Response r;
  r.status = error.code;
  r.body = body.dump();
  return r;
}

} // namespace dnsctl::api
