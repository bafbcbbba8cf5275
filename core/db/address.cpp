#include "core/db/address.hpp"

namespace dnsctl::db {
namespace {

bool is_scheme_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+'
         || c == '-' || c == '.';
}

// The URI's scheme when `text` is one (RFC 3986: a letter, then letters, digits, + - .,
// then "://"); empty for a path.
std::string scheme_of(const std::string& text) {
  auto colon = text.find("://");
  if (colon == std::string::npos || colon == 0) {
    return {};
  }
  char first = text[0];
  if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) {
    return {};
  }
  for (size_t i = 0; i < colon; ++i) {
    if (!is_scheme_char(text[i])) {
      return {};
    }
  }
  return text.substr(0, colon);
}

// The URI with the password of its user info and of a password= parameter left out.
std::string without_password(const std::string& uri) {
  std::string out = uri;
  auto start = out.find("://") + 3;
  auto at = out.find('@', start);
  auto slash = out.find('/', start);
  if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
    auto colon = out.find(':', start);
    if (colon != std::string::npos && colon < at) {
      out.erase(colon, at - colon);
    }
  }
  for (auto p = out.find("password="); p != std::string::npos; p = out.find("password=")) {
    auto end = out.find('&', p);
    bool first = p > 0 && out[p - 1] == '?';
    size_t from = first ? p : p - 1;
    size_t to = end == std::string::npos ? out.size() : (first ? end + 1 : end);
    out.erase(from, to - from);
  }
  if (!out.empty() && out.back() == '?') {
    out.pop_back();
  }
  return out;
}

} // namespace

Result<Address> parse_address(const std::string& text) {
  if (text.empty()) {
    return make_error(Errc::invalid_input, "the store address is empty");
  }
  // SQLAlchemy's SQLite URLs, as Designate's own [storage:sqlalchemy] connection has
  // them: sqlite:///relative.db, sqlite:////absolute.db. Anything else that starts
  // with "sqlite:" is a mistake, never a folder named "sqlite:" to create.
  if (text.rfind("sqlite:", 0) == 0) {
    const std::string prefix = "sqlite:///";
    std::string path = text.rfind(prefix, 0) == 0 ? text.substr(prefix.size()) : "";
    if (path.empty() || path == "/") {
      return make_error(Errc::invalid_input,
                        "store address " + text
                            + ": a SQLite URL names a file: sqlite:///relative/path.db or "
                              "sqlite:////absolute/path.db");
    }
    return Address{Engine::sqlite, path, path};
  }
  std::string scheme = scheme_of(text);
  if (scheme.empty()) {
    return Address{Engine::sqlite, text, text};
  }
  if (scheme == "postgresql" || scheme == "postgres") {
    return Address{Engine::postgresql, text, without_password(text)};
  }
  return make_error(Errc::invalid_input,
                    "store address " + without_password(text) + ": unknown scheme \"" + scheme
                        + "\" (a file path for SQLite, or postgresql://...)");
}

} // namespace dnsctl::db
