#pragma once
// The v2 API as one handler: authenticate, route, run the route on this thread's store
// connection, log one line. Routes only adapt: they parse, call core/ops, render.

#include "core/model/settings.hpp"

#include <memory>
#include <string>
#include <vector>

#include "api/auth.hpp"
#include "api/call.hpp"
#include "api/http.hpp"

namespace dnsctl::api {

class App {
public:
  App(std::string store_address, model::Settings settings, std::unique_ptr<Authenticator> auth);

  Response handle(const Request& request);

private:
  Response route(const Request& request, const Caller& caller);
  std::string base_of(const Request& request) const;

  std::string m_store_address;
  model::Settings m_settings;
  std::unique_ptr<Authenticator> m_auth;
  std::vector<Route> m_routes;
};

} // namespace dnsctl::api
