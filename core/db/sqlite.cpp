#include "core/db/engines.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <sqlite3.h>

#include <vector>

namespace dnsctl::db {
namespace {

Failure failure_of(int code) {
  switch (code & 0xff) {
  case SQLITE_BUSY:
  case SQLITE_LOCKED:
    return Failure::busy;
  case SQLITE_CONSTRAINT:
    return Failure::constraint;
  case SQLITE_FULL:
  case SQLITE_IOERR:
  case SQLITE_READONLY:
  case SQLITE_CANTOPEN:
    return Failure::io;
  default:
    return Failure::other;
  }
}

[[noreturn]] void fail(sqlite3* db, int rc) {
  throw Error(failure_of(rc), sqlite3_errmsg(db));
}

// sqlite3's own statement API: each SQLiteCpp Column copies a shared_ptr to its
// statement, and those atomic counts were a tenth of the CPU of a zone transfer.
class SqliteStatement final : public StatementImpl {
public:
  SqliteStatement(sqlite3* db, std::string_view sql)
      : m_db(db) {
    int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &m_st, nullptr);
    if (rc != SQLITE_OK) {
      sqlite3_finalize(m_st);
      fail(db, rc);
    }
  }
  ~SqliteStatement() override { sqlite3_finalize(m_st); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  SqliteStatement(SqliteStatement&&) = delete;
  SqliteStatement& operator=(SqliteStatement&&) = delete;

  void bind_null(int index) override { check(sqlite3_bind_null(m_st, index)); }
  void bind_int64(int index, int64_t v) override { check(sqlite3_bind_int64(m_st, index, v)); }
  void bind_text(int index, std::string_view v, bool copy) override {
    check(sqlite3_bind_text(m_st,
                            index,
                            v.data(),
                            static_cast<int>(v.size()),
                            copy ? SQLITE_TRANSIENT : SQLITE_STATIC));
  }
  void bind_blob(int index, std::span<const uint8_t> v, bool copy) override {
    check(sqlite3_bind_blob(m_st,
                            index,
                            v.data(),
                            static_cast<int>(v.size()),
                            copy ? SQLITE_TRANSIENT : SQLITE_STATIC));
  }
  bool step() override {
    if (m_done) {
      return false;
    }
    int rc = sqlite3_step(m_st);
    if (rc == SQLITE_ROW) {
      return true;
    }
    if (rc == SQLITE_DONE) {
      m_done = true;
      return false;
    }
    // The error code of a failed step is returned by reset().
    int code = sqlite3_reset(m_st);
    fail(m_db, code != SQLITE_OK ? code : rc);
  }
  int exec() override {
    while (step()) {
    }
    return sqlite3_changes(m_db);
  }
  void reset() override {
    sqlite3_reset(m_st);
    m_done = false;
  }
  int column_count() override { return sqlite3_column_count(m_st); }
  std::string column_name(int index) override { return sqlite3_column_name(m_st, index); }
  Value column_value(int index) override {
    switch (sqlite3_column_type(m_st, index)) {
    case SQLITE_NULL:
      return Value::null;
    case SQLITE_INTEGER:
      return Value::integer;
    case SQLITE_BLOB:
      return Value::blob;
    default:
      return Value::text;
    }
  }
  int64_t column_int64(int index) override { return sqlite3_column_int64(m_st, index); }
  std::string_view column_text(int index) override {
    const auto* p = sqlite3_column_text(m_st, index);
    int n = sqlite3_column_bytes(m_st, index);
    return p != nullptr ? std::string_view(reinterpret_cast<const char*>(p), static_cast<size_t>(n))
                        : std::string_view();
  }
  bool column_is_null(int index) override {
    return sqlite3_column_type(m_st, index) == SQLITE_NULL;
  }
  std::span<const uint8_t> column_blob(int index) override {
    const auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(m_st, index));
    int n = sqlite3_column_bytes(m_st, index);
    return {p, static_cast<size_t>(n)};
  }
  void cells(int first, std::string_view kinds, Cell* out) override {
    for (size_t k = 0; k < kinds.size(); ++k) {
      int index = first + static_cast<int>(k);
      if (kinds[k] == 'i') {
        out[k].integer = sqlite3_column_int64(m_st, index);
      } else {
        const auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(m_st, index));
        out[k].bytes = {p, static_cast<size_t>(sqlite3_column_bytes(m_st, index))};
      }
    }
  }

private:
  void check(int rc) {
    if (rc != SQLITE_OK) {
      fail(m_db, rc);
    }
  }

  sqlite3* m_db;
  sqlite3_stmt* m_st = nullptr;
  bool m_done = false;
};

class SqliteConnection final : public Connection {
public:
  SqliteConnection(const std::string& path, const SqliteOptions& o)
      // One connection per thread (the daemon opens one per worker): no mutex per call.
      : m_db(path,
             (o.read_only ? SQLite::OPEN_READONLY : (SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE))
                 | SQLite::OPEN_NOMUTEX,
             static_cast<int>(o.busy_timeout.count())) {
    // A page size only applies to a store being created (it is fixed once the file
    // exists): 16 KiB pages make the clustered recordsets tree shallower and a bulk
    // import write fewer, fuller pages.
    m_db.exec("PRAGMA page_size = " + std::to_string(o.page_size));
    m_db.exec("PRAGMA foreign_keys = ON");
    if (!o.read_only) {
      // WAL lets readers (mdns, status) run while a command writes; FULL sync because
      // a change an operator saw committed must survive a power cut.
      m_db.exec("PRAGMA journal_mode = WAL");
      m_db.exec("PRAGMA synchronous = FULL");
    }
  }

  Engine engine() const override { return Engine::sqlite; }
  std::unique_ptr<StatementImpl> prepare(std::string_view sql) override {
    return std::make_unique<SqliteStatement>(m_db.getHandle(), sql);
  }
  void exec(const std::string& sql) override { m_db.exec(sql); }
  void begin_write() override { m_db.exec("BEGIN IMMEDIATE"); }
  void begin_read() override { m_db.exec("BEGIN"); }
  void commit() override { m_db.exec("COMMIT"); }
  void rollback() override {
    if (in_transaction()) {
      m_db.exec("ROLLBACK");
    }
  }
  bool in_transaction() override { return sqlite3_get_autocommit(m_db.getHandle()) == 0; }
  int64_t data_version() override {
    if (!m_version) {
      m_version = std::make_unique<SqliteStatement>(m_db.getHandle(), "PRAGMA data_version");
    }
    m_version->reset();
    m_version->step();
    int64_t v = m_version->column_int64(0);
    m_version->reset();
    return v;
  }
  sqlite3* sqlite_handle() override { return m_db.getHandle(); }

private:
  SQLite::Database m_db;
  std::unique_ptr<SqliteStatement> m_version;
};

} // namespace

Failure classify(const std::exception& e) {
  if (const auto* de = dynamic_cast<const Error*>(&e)) {
    return de->kind();
  }
  if (const auto* se = dynamic_cast<const SQLite::Exception*>(&e)) {
    return failure_of(se->getErrorCode());
  }
  return Failure::none;
}

std::unique_ptr<Connection> open_sqlite(const std::string& path, const SqliteOptions& options) {
  return std::make_unique<SqliteConnection>(path, options);
}

std::string sqlite_library_version() {
  return sqlite3_libversion();
}

} // namespace dnsctl::db
