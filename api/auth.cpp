#include "api/auth.hpp"

#include "core/model/settings.hpp"
#include "core/util/net.hpp"
#include "core/util/text.hpp"

#include <algorithm>
#include <fstream>
#include <map>

#include "api/keystone.hpp"

namespace dnsctl::api {

bool Caller::has(const std::string& role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

namespace {

bool truthy(const std::string& v) {
  std::string l = text::lower(text::trim(v));
  return l == "1" || l == "true" || l == "yes" || l == "on" || l == "y" || l == "t";
}

std::vector<std::string> roles_of(const std::string& list) {
  std::vector<std::string> out;
  for (const auto& r : text::split(list, ',')) {
    auto t = text::lower(text::trim(r));
    if (!t.empty()) {
      out.push_back(t);
    }
  }
  return out;
}

ApiError unauthorized() {
  return {401, "unauthorized", "The request you have made requires authentication.", nullptr};
}

// Designate's noauth: the headers are believed; no project header is its
// "noauth-project", no roles header is admin.
class NoAuth final : public Authenticator {
protected:
  std::variant<Caller, ApiError> identify(const Request& r) override {
    Caller c;
    c.user = r.header("x-auth-user-id");
    c.user = c.user.empty() ? "noauth-user" : c.user;
    c.project = r.header("x-auth-project-id");
    c.project = c.project.empty() ? "noauth-project" : c.project;
    auto roles = r.header("x-roles");
    c.roles = roles_of(roles.empty() ? "admin" : roles);
    return c;
  }
};

// TOKEN PROJECT ROLE[,ROLE...] per line; # comments.
class TokenFile final : public Authenticator {
public:
  explicit TokenFile(std::map<std::string, Caller> tokens)
      : m_tokens(std::move(tokens)) {}

protected:
  std::variant<Caller, ApiError> identify(const Request& r) override {
    auto token = r.header("x-auth-token");
    auto it = m_tokens.find(token);
    if (token.empty() || it == m_tokens.end()) {
      return unauthorized();
    }
    return it->second;
  }

private:
  std::map<std::string, Caller> m_tokens;
};

Result<std::map<std::string, Caller>> read_token_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return make_error(Errc::invalid_input, "[api] token_file " + path + " cannot be read");
  }
  std::map<std::string, Caller> tokens;
  std::string line;
  size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    line = text::trim(line);
    if (line.empty() || line[0] == '#') {
      continue;
    }
    std::vector<std::string> fields;
    for (const auto& f : text::split(line, ' ')) {
      if (!f.empty()) {
        fields.push_back(f);
      }
    }
    if (fields.size() != 3) {
      return make_error(Errc::invalid_input,
                        "expected TOKEN PROJECT ROLE[,ROLE...]",
                        path + ":" + std::to_string(number));
    }
    Caller c;
    c.user = "token:" + std::to_string(number);
    c.project = fields[1];
    c.roles = roles_of(fields[2]);
    if (!tokens.emplace(fields[0], c).second) {
      return make_error(Errc::invalid_input,
                        "the same token is on an earlier line",
                        path + ":" + std::to_string(number));
    }
  }
  return tokens;
}

bool loopback(const std::string& listen) {
  auto hp = net::split_host_port(listen, 9001, "listen address", net::AnyPort::yes);
  if (!hp) {
    return false;
  }
  auto ip = net::IpAddress::parse(hp->host);
  if (!ip) {
    return false;
  }
  if (ip->family == AF_INET) {
    return ip->bytes[0] == 127;
  }
  static const std::array<uint8_t, 16> k_one{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  return ip->bytes == k_one;
}

} // namespace

std::variant<Caller, ApiError> Authenticator::authenticate(const Request& r) {
  auto who = identify(r);
  if (std::holds_alternative<ApiError>(who)) {
    return who;
  }
  Caller c = std::get<Caller>(std::move(who));
  bool all = truthy(r.header("x-auth-all-projects"));
  for (const auto& [k, v] : r.query) {
    if (k == "all_projects" || k == "all_tenants") {
      all = all || truthy(v);
    }
  }
  auto sudo = r.header("x-auth-sudo-project-id");
  if (sudo.empty()) {
    sudo = r.header("x-auth-sudo-tenant-id"); // the spelling Terraform sends
  }
  if ((all || !sudo.empty()) && !c.admin()) {
    return ApiError{403, "forbidden", "All-projects and sudo are for admins only", nullptr};
  }
  c.all_projects = all;
  if (!sudo.empty()) {
    c.project = sudo;
  }
  return c;
}

Result<std::unique_ptr<Authenticator>> make_authenticator(const model::ApiSettings& settings,
                                                          const std::string& listen) {
  if (settings.auth_strategy == "noauth") {
    if (!loopback(listen)) {
      return make_error(Errc::invalid_input,
                        "[api] auth_strategy noauth believes any caller's headers: it listens "
                        "on a loopback address only, not "
                            + listen);
    }
    return std::unique_ptr<Authenticator>(std::make_unique<NoAuth>());
  }
  if (settings.auth_strategy == "token_file") {
    if (settings.token_file.empty()) {
      return make_error(Errc::invalid_input,
                        "[api] auth_strategy token_file needs [api] token_file");
    }
    DNSCTL_TRY_ASSIGN(auto tokens, read_token_file(settings.token_file));
    return std::unique_ptr<Authenticator>(std::make_unique<TokenFile>(std::move(tokens)));
  }
  return make_keystone_authenticator(settings.keystone);
}

} // namespace dnsctl::api
