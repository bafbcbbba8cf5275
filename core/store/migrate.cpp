#include "core/store/migrate.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

namespace dnsctl::store {

int current_version(SQLite::Database& db) {
  return db.execAndGet("PRAGMA user_version").getInt();
}

Result<std::vector<int>> migrate(SQLite::Database& db) {
  std::vector<int> applied;
  const auto& all = migrations();
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
