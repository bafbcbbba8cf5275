#pragma once
// For core/store's own files only: the store's database connection. Nothing outside
// core/store sees SQL or a connection (tests/lint/layers.sh checks who includes this).

#include "core/db/connection.hpp"
#include "core/store/store.hpp"

namespace dnsctl::store {

inline db::Connection& connection(Store& store) {
  return store.db_connection();
}

} // namespace dnsctl::store
