#pragma once
// An HTTP request as the v2 API's handlers see it, and the response they make: no
// library type crosses this line (api/server.cpp is the only file that knows
// libmicrohttpd).

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace dnsctl::api {

struct Request {
  std::string method; // GET POST PUT PATCH DELETE ...
  std::string path;   // decoded, without the query
  // Query arguments in the order given (a key may repeat).
  std::vector<std::pair<std::string, std::string>> query;
  std::map<std::string, std::string> headers; // names in lower case
  std::string body;
  std::string peer;       // the client's address, for the log
  std::string request_id; // req-<uuid>, made for each request

  // The header's value; empty when absent.
  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

} // namespace dnsctl::api
