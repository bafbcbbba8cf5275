#pragma once
// Opening a connection on each engine; the store chooses by the address (address.hpp).

#include "core/db/connection.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace dnsctl::db {

struct SqliteOptions {
  std::chrono::milliseconds busy_timeout{std::chrono::seconds(60)};
  bool read_only = false;
  int page_size = 16384;
};

// Throws db::Error or SQLite::Exception.
std::unique_ptr<Connection> open_sqlite(const std::string& path, const SqliteOptions& options);

// `conninfo`: a libpq connection URI or key=value string. Throws db::Error.
std::unique_ptr<Connection> open_postgresql(const std::string& conninfo,
                                            std::chrono::milliseconds busy_timeout);

std::string sqlite_library_version();
std::string postgresql_library_version();

} // namespace dnsctl::db
