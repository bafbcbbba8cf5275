#include "core/store/migrate.hpp"

#include "core/db/connection.hpp"

#include <sqlite3.h>

#include <cstdlib>
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

int version_of(const Migration& m) {
  return std::atoi(m.name); // NOLINT(cert-err34-c): the embedded names start with digits
}

int postgresql_version(db::Connection& db) {
  db::Statement has(db, "SELECT to_regclass('dnsctl_schema') IS NOT NULL");
  has.step();
  if (has.column(0).int64() == 0) {
    return 0;
  }
  db::Statement q(db, "SELECT max(version) FROM dnsctl_schema");
  return q.step() && !q.column(0).is_null() ? q.column(0).int32() : 0;
}

// A transaction that rolls back unless committed.
class WriteTx {
public:
  explicit WriteTx(db::Connection& db)
      : m_db(db) {
    db.begin_write();
  }
  ~WriteTx() {
    if (!m_done) {
      m_db.rollback();
    }
  }
  WriteTx(const WriteTx&) = delete;
  WriteTx& operator=(const WriteTx&) = delete;
  WriteTx(WriteTx&&) = delete;
  WriteTx& operator=(WriteTx&&) = delete;
  void commit() {
    m_db.commit();
    m_done = true;
  }

private:
  db::Connection& m_db;
  bool m_done = false;
};

Result<std::vector<int>> migrate_postgresql(db::Connection& db) {
  std::vector<int> applied;
  for (const auto& m : postgresql_migrations()) {
    WriteTx tx(db);
    // Read under the write lock: two hosts starting on a new database at once must not
    // both create the schema.
    int v = postgresql_version(db);
    if (v > latest_version()) {
      return make_error(Errc::conflict,
                        "store schema version " + std::to_string(v)
                            + " is newer than this dnsctl knows ("
                            + std::to_string(latest_version()) + "); upgrade dnsctl");
    }
    int target = version_of(m);
    if (v >= target) {
      continue;
    }
    db.exec(m.sql);
    db.exec("DELETE FROM dnsctl_schema; INSERT INTO dnsctl_schema(version) VALUES ("
            + std::to_string(target) + ")");
    tx.commit();
    applied.push_back(target);
  }
  return applied;
}

} // namespace

int current_version(db::Connection& db) {
  if (db.engine() == db::Engine::postgresql) {
    return postgresql_version(db);
  }
  db::Statement q(db, "PRAGMA user_version");
  q.step();
  return q.column(0).int32();
}

Result<std::vector<int>> migrate(db::Connection& db) {
  if (db.engine() == db::Engine::postgresql) {
    return migrate_postgresql(db);
  }
  std::vector<int> applied;
  const auto& all = migrations();
  // Functions the migration SQL calls (0004).
  sqlite3_create_function(db.sqlite_handle(),
                          "dnsctl_rekey_v4",
                          1,
                          SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                          nullptr,
                          rekey_v4,
                          nullptr,
                          nullptr);
  while (true) {
    WriteTx tx(db);
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
