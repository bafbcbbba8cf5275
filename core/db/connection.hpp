#pragma once
// The line between the store's rules and a database engine. core/store writes its SQL
// once, in the dialect both engines read (`?` placeholders, ON CONFLICT, RETURNING),
// against these three classes; each engine (sqlite.cpp, postgres.cpp) turns them into
// its library's calls, as PowerDNS's generic SQL backends sit on one statement
// interface per engine. Engine errors leave as db::Error, classified, so that the store
// maps "locked", "constraint" and "gone away" the same way whatever the engine.

#include "core/util/result.hpp"

#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;

namespace dnsctl::db {

enum class Engine { sqlite, postgresql };

enum class Failure {
  busy,       // locked past the busy timeout, or a serialization conflict to retry
  constraint, // a UNIQUE, FOREIGN KEY or CHECK constraint
  io,         // disk full, read-only, cannot open, connection lost
  other,      // an engine error of another kind
  none,       // not an engine's exception
};

class Error : public std::runtime_error {
public:
  Error(Failure kind, const std::string& what)
      : std::runtime_error(what)
      , m_kind(kind) {}
  Failure kind() const { return m_kind; }

private:
  Failure m_kind;
};

// How an exception from an engine reads to the store (db::Error, or the SQLite
// library's own, which the SQLite engine lets through unwrapped for speed).
Failure classify(const std::exception& e);

class StatementImpl;

// One column of the current row, read as Statement::cells() was told.
struct Cell {
  int64_t integer = 0;
  std::span<const uint8_t> bytes;
};

// What a column of the current row holds, for code that copies rows it does not know.
enum class Value { null, integer, text, blob };

// One column of the current row; valid until the next step() or reset().
class Column {
public:
  Column(StatementImpl& st, int index)
      : m_st(&st)
      , m_index(index) {}
  // Inline: a transfer reads four columns of a million rows.
  int64_t int64() const;
  int int32() const { return static_cast<int>(int64()); }
  std::string string() const { return std::string(text()); }
  // The text without a copy, valid until the next step() or reset().
  std::string_view text() const;
  bool is_null() const;
  // A BLOB (BYTEA): its bytes, valid until the next step() or reset().
  std::span<const uint8_t> blob() const;

private:
  StatementImpl* m_st;
  int m_index;
};

class StatementImpl {
public:
  virtual ~StatementImpl() = default;
  StatementImpl() = default;
  StatementImpl(const StatementImpl&) = delete;
  StatementImpl& operator=(const StatementImpl&) = delete;
  StatementImpl(StatementImpl&&) = delete;
  StatementImpl& operator=(StatementImpl&&) = delete;

  virtual void bind_null(int index) = 0;
  virtual void bind_int64(int index, int64_t v) = 0;
  // `copy` false: the caller keeps the bytes alive until the statement has run.
  virtual void bind_text(int index, std::string_view v, bool copy) = 0;
  virtual void bind_blob(int index, std::span<const uint8_t> v, bool copy) = 0;
  virtual bool step() = 0;
  virtual int exec() = 0; // rows changed
  virtual void reset() = 0;
  virtual void set_streaming() {}
  virtual int column_count() = 0;
  virtual std::string column_name(int index) = 0;
  virtual Value column_value(int index) = 0;
  virtual int64_t column_int64(int index) = 0;
  virtual std::string_view column_text(int index) = 0;
  virtual bool column_is_null(int index) = 0;
  virtual std::span<const uint8_t> column_blob(int index) = 0;
  // The columns [first, first + kinds.size()) of the current row, each read as
  // kinds[k] says: 'i' an integer (out[k].integer), 'b' bytes, BLOB or TEXT
  // (out[k].bytes). One call for a row of a loop over a million (an AXFR); engines
  // may do it without the per-column calls this default makes.
  virtual void cells(int first, std::string_view kinds, Cell* out);
};

inline int64_t Column::int64() const {
  return m_st->column_int64(m_index);
}
inline std::string_view Column::text() const {
  return m_st->column_text(m_index);
}
inline bool Column::is_null() const {
  return m_st->column_is_null(m_index);
}
inline std::span<const uint8_t> Column::blob() const {
  return m_st->column_blob(m_index);
}

class Connection;

// A prepared statement: bind from 1, step() through rows, or exec() to run to the end.
class Statement {
public:
  Statement(Connection& c, std::string_view sql);

  void bind(int index) { m_impl->bind_null(index); }
  void bind(int index, int64_t v) { m_impl->bind_int64(index, v); }
  void bind(int index, int v) { m_impl->bind_int64(index, v); }
  void bind(int index, uint32_t v) { m_impl->bind_int64(index, v); }
  void bind(int index, const std::string& v) { m_impl->bind_text(index, v, true); }
  void bind(int index, const char* v) { m_impl->bind_text(index, v, true); }
  void bind(int index, std::span<const uint8_t> v) { m_impl->bind_blob(index, v, true); }
  void bind(int index, const void* data, int size) {
    m_impl->bind_blob(index, {static_cast<const uint8_t*>(data), static_cast<size_t>(size)}, true);
  }
  // As bind(), without a copy: the bytes must live until the statement has run.
  void bind_ref(int index, const std::string& v) { m_impl->bind_text(index, v, false); }
  void bind_ref(int index, const char* v) { m_impl->bind_text(index, v, false); }
  void bind_ref(int index, const void* data, int size) {
    m_impl->bind_blob(index, {static_cast<const uint8_t*>(data), static_cast<size_t>(size)}, false);
  }

  // A hint for a long read: rows may arrive as they are produced instead of all at
  // once. Until step() returns false or reset(), nothing else may use the connection.
  void stream() { m_impl->set_streaming(); }
  bool step() { return m_impl->step(); }
  int exec() { return m_impl->exec(); }
  void reset() { m_impl->reset(); }
  Column column(int index) { return {*m_impl, index}; }
  // Several columns of the current row at once (see StatementImpl::cells).
  void cells(int first, std::string_view kinds, Cell* out) { m_impl->cells(first, kinds, out); }
  int column_count() { return m_impl->column_count(); }
  std::string column_name(int index) { return m_impl->column_name(index); }
  Value column_value(int index) { return m_impl->column_value(index); }

private:
  std::unique_ptr<StatementImpl> m_impl;
};

// Rows appended to one table in bulk, in the caller's transaction: PostgreSQL's COPY
// FROM STDIN (binary), where a 128-row INSERT made the server parse every value as
// text. Values come in the order of the columns named, then end_row(); finish() sends
// the last of them and throws db::Error for what the server refused (a constraint).
// Nothing else may run on the connection until finish().
class BulkWriter {
public:
  virtual ~BulkWriter() = default;
  BulkWriter() = default;
  BulkWriter(const BulkWriter&) = delete;
  BulkWriter& operator=(const BulkWriter&) = delete;
  BulkWriter(BulkWriter&&) = delete;
  BulkWriter& operator=(BulkWriter&&) = delete;

  virtual void null() = 0;
  virtual void int64(int64_t v) = 0; // a BIGINT column
  virtual void text(std::string_view v) = 0;
  virtual void blob(std::span<const uint8_t> v) = 0;
  virtual void end_row() = 0;
  virtual void finish() = 0;
};

class Connection {
public:
  virtual ~Connection() = default;
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  Connection(Connection&&) = delete;
  Connection& operator=(Connection&&) = delete;

  virtual Engine engine() const = 0;
  virtual std::unique_ptr<StatementImpl> prepare(std::string_view sql) = 0;
  // Runs statements without parameters (a schema file, a PRAGMA, SET).
  virtual void exec(const std::string& sql) = 0;

  // A write transaction: SQLite takes the write lock at once (BEGIN IMMEDIATE), so
  // writers queue instead of failing at their first write.
  virtual void begin_write() = 0;
  virtual void begin_read() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
  virtual bool in_transaction() = 0;

  // Moves when another connection has committed, never for our own commits.
  virtual int64_t data_version() = 0;
  // A descriptor that turns readable when data_version() may have moved (after its
  // first call), for a thread that waits on it in poll(); -1 when the engine says
  // nothing and data_version() must be asked (SQLite).
  virtual int change_fd() { return -1; }
  // False once the engine knows the connection is gone (PostgreSQL's server went
  // away): every later statement would fail.
  virtual bool usable() { return true; }

  // nullptr when the engine has nothing faster than a multi-row INSERT (SQLite, where
  // a prepared INSERT per row costs no parsing).
  virtual std::unique_ptr<BulkWriter> bulk_insert(std::string_view /*table*/,
                                                  std::span<const std::string_view> /*columns*/) {
    return nullptr;
  }

  // The SQLite handle, for the mdns's streaming reads; nullptr on other engines.
  virtual sqlite3* sqlite_handle() { return nullptr; }
};

} // namespace dnsctl::db
