#pragma once
// `db copy`: a whole store from one engine to another (SQLite to PostgreSQL and back),
// rows as they are: ids, serials, journal, keys and sync state unchanged, so that
// targets, catalogs and IXFR clients see no difference after the move.

#include "core/util/result.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace dnsctl::store {

class Store;

struct CopiedTable {
  std::string name;
  int64_t rows = 0;
};

// Copies every table of `from` into `to`, which must hold no pools, zones or keys yet,
// in one write transaction on `to`, then reads both back and compares them row by row:
// any difference is an error and nothing is committed.
Result<std::vector<CopiedTable>> copy_store(Store& from, Store& to);

// A digest of every row of every table, the same on both engines for the same content.
Result<std::string> content_digest(Store& store);

} // namespace dnsctl::store
