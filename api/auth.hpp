#pragma once
// Who is calling: the v2 API's three ways to know ([api] auth_strategy).
//   keystone    X-Auth-Token checked against Keystone v3 (GET /v3/auth/tokens with the
//               service's own token, keystonemiddleware's way), cached until it expires
//   token_file  a file of static tokens, one per line: TOKEN PROJECT ROLE[,ROLE...]
//   noauth      X-Auth-Project-ID and X-Roles as sent (Designate's noauth), for a
//               loopback address only
// Then Designate's headers: X-Auth-All-Projects, X-Auth-Sudo-Project-ID (or -Tenant-ID),
// admin only.

#include "core/util/result.hpp"

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "api/errors.hpp"
#include "api/http.hpp"

namespace dnsctl::model {
struct ApiSettings;
}

namespace dnsctl::api {

struct Caller {
  std::string user;
  std::string project; // the project the call acts in (after sudo)
  std::vector<std::string> roles;
  bool all_projects = false;

  bool has(const std::string& role) const;
  bool admin() const { return has("admin"); }
  // member and admin write; reader only reads.
  bool may_write() const { return admin() || has("member"); }
};

class Authenticator {
public:
  virtual ~Authenticator() = default;
  Authenticator() = default;
  Authenticator(const Authenticator&) = delete;
  Authenticator& operator=(const Authenticator&) = delete;
  Authenticator(Authenticator&&) = delete;
  Authenticator& operator=(Authenticator&&) = delete;

  // The caller, or the error to answer with (401 without a valid token).
  std::variant<Caller, ApiError> authenticate(const Request& r);
  // The WWW-Authenticate value sent with a 401 (keystonemiddleware's `Keystone
  // uri="..."`, where a client gets a token); empty: none.
  virtual std::string challenge() const { return {}; }
  // Whether the identity service knows `project` (Designate's quotas_verify_project_id,
  // before quotas are set for it); nullopt: it cannot tell (no Keystone, no right to
  // look), and the project is taken as it is.
  virtual std::optional<bool> project_exists(const std::string& /*project*/) {
    return std::nullopt;
  }

protected:
  virtual std::variant<Caller, ApiError> identify(const Request& r) = 0;
};

// From [api] and [keystone_authtoken]; an error names the setting that is missing.
// `listen` is where the API listens: noauth refuses anything but loopback.
Result<std::unique_ptr<Authenticator>> make_authenticator(const model::ApiSettings& settings,
                                                          const std::string& listen);

} // namespace dnsctl::api
