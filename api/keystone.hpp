#pragma once
// The keystone auth strategy: a user's X-Auth-Token checked against Keystone v3 the way
// keystonemiddleware checks it (GET /v3/auth/tokens?nocatalog with the service user's
// own token beside it), the answer kept until the token expires.

#include "core/model/settings.hpp"

#include "api/auth.hpp"

namespace dnsctl::api {

Result<std::unique_ptr<Authenticator>>
make_keystone_authenticator(const model::KeystoneSettings& settings);

} // namespace dnsctl::api
