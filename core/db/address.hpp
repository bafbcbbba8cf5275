#pragma once
// Where the store is: a file path (SQLite) or a libpq connection URI (PostgreSQL).
// Anything else that looks like a URL is refused, so that a mistyped scheme is never
// taken for a file name and answered with a new, empty store in a folder named after it.

#include "core/db/connection.hpp"
#include "core/util/result.hpp"

#include <string>

namespace dnsctl::db {

struct Address {
  Engine engine = Engine::sqlite;
  std::string location; // the path, or the URI as given (with its password)
  std::string shown;    // for output and errors: the URI without its password
};

Result<Address> parse_address(const std::string& text);

} // namespace dnsctl::db
