#include "core/store/migrate.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <sqlite3.h>

#include <vector>

namespace dnsctl::store {
namespace {

// Schema 3's sort key (labels root first, each followed by 0, octets as they are)
// re-encoded in schema 4's: every octet 0 or 1 inside a label as 01 01 or 01 02.
// Schema 3's keys held no 0 inside a label (it ended the label), so only 1 changes.
void rekey_v4(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (argc != 1 || sqlite3_value_type(argv[0]) != SQLITE_BLOB) {
    sqlite3_result_value(ctx, argv[0]);
    return;
  }
  const auto* in = static_cast<const uint8_t*>(sqlite3_value_blob(argv[0]));
  int n = sqlite3_value_bytes(argv[0]);
  std::vector<uint8_t> out;
  out.reserve(static_cast<size_t>(n) + 8);
  for (int i = 0; i < n; ++i) {
    if (in[i] == 1) { // NOLINT(cppcoreguidelines-pro-bounds-pointer-arithmetic): SQLite's blob
      out.push_back(1);
      out.push_back(2);
    } else {
      out.push_back(in[i]); // NOLINT(cppcoreguidelines-pro-bounds-pointer-arithmetic)
    }
  }
  sqlite3_result_blob(ctx, out.data(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
}

} // namespace

int current_version(SQLite::Database& db) {
  return db.execAndGet("PRAGMA user_version").getInt();
}

Result<std::vector<int>> migrate(SQLite::Database& db) {
  std::vector<int> applied;
  const auto& all = migrations();
  // Functions the migration SQL calls (0004).
  sqlite3_create_function(db.getHandle(),
                          "dnsctl_rekey_v4",
                          1,
                          SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                          nullptr,
                          rekey_v4,
                          nullptr,
                          nullptr);
  while (true) {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    // Read inside the write lock: two processes starting on a new store at once must
    // not both apply migration 1.
    int v = current_version(db);
    if (v > latest_version()) {
      return make_error(Errc::conflict,
                        "store schema version " + std::to_string(v)
                            + " is newer than this dnsctl knows ("
                            + std::to_string(latest_version()) + "); upgrade dnsctl");
    }
    if (v == latest_version()) {
      break;
    }
    db.exec(all[static_cast<size_t>(v)].sql);
    db.exec("PRAGMA user_version = " + std::to_string(v + 1));
    tx.commit();
    applied.push_back(v + 1);
  }
  return applied;
}

} // namespace dnsctl::store
