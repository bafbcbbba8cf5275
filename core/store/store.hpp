#pragma once
// The store: one SQLite file in WAL mode, or a PostgreSQL database that several hosts
// share (core/db). Every write command runs in exactly one write transaction (write()),
// which takes the store's write lock first, so concurrent shells, cron jobs and hosts
// queue on the lock (busy_timeout) instead of failing, and a change is applied whole
// or not at all. Engine exceptions never leave core/store: they become Errors here.

#include "core/util/result.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dnsctl::db {
class Connection;
} // namespace dnsctl::db

namespace dnsctl::store {

class ChangeFeed;

enum class SchemaCheck {
  require_current, // every command but `db sync`: refuse an old schema
  any,             // `db sync` / `db version`
};

struct OpenOptions {
  std::chrono::milliseconds busy_timeout{std::chrono::seconds(60)};
  SchemaCheck schema = SchemaCheck::require_current;
  bool read_only = false; // open without creating; for `db version`
  // False: a missing store (no file; a database without dnsctl's schema) is an
  // Errc::not_found error instead of a new store.
  bool create = true;
};

class Store {
public:
  // Opens (and on first use creates, with the latest schema) the store at `address`:
  // a file path, or a postgresql:// URI (db/address.hpp).
  static Result<Store> open(const std::string& address, const OpenOptions& options = {});

  Store(Store&& other) noexcept;
  Store& operator=(Store&& other) noexcept;
  ~Store();

  bool is_postgresql() const;
  // Moves when another connection commits (PRAGMA data_version; on PostgreSQL the
  // NOTIFYs of other connections' commits), never for our own.
  int64_t data_version();
  // The address, without a password: for output and errors.
  const std::string& path() const { return m_path; }
  // What open() noticed and the caller should tell (a store others can read).
  const std::vector<std::string>& warnings() const { return m_warnings; }

  // Runs fn() inside BEGIN IMMEDIATE; commits when it returns a value, rolls back on
  // an error or an exception. `command` and the zone go to change_log.
  template <class F>
  auto write(std::string_view command, F&& fn) -> decltype(fn());

  // As write(), but always rolls back: a dry run meets every check the real run would,
  // and leaves the store as it was.
  template <class F>
  auto trial(std::string_view command, F&& fn) -> decltype(fn());

  // Runs fn() and converts library exceptions (for reads).
  template <class F>
  auto read(F&& fn) -> decltype(fn());

  // Foreign-key enforcement of this connection; takes effect outside a transaction.
  // Off only around a bulk insert whose rows reference a row made in the same
  // transaction: with it on, SQLite keeps a statement journal for every multi-row
  // INSERT (measured: 546 MB of temp-file writes, 25 % of the insert time, for 1M
  // records).
  void set_foreign_keys(bool on);

  // After a bulk write (an import, a copy). PostgreSQL plans by its statistics, which
  // a million new rows leave stale until autovacuum gets to them: a transfer then sorts
  // the zone instead of walking the primary key (measured: 0.62 s instead of 0.22 s of
  // server time for 1M records). SQLite plans without them: nothing to do.
  void refresh_statistics();

  // How much IXFR history commit_step keeps per zone (steps, and age in seconds).
  void set_journal_limits(int max_steps, int64_t max_age) {
    m_journal_steps = max_steps;
    m_journal_age = max_age;
  }
  int journal_max_steps() const { return m_journal_steps; }
  int64_t journal_max_age() const { return m_journal_age; }

  // Records one line in change_log; call inside write().
  void log_change(std::string_view zone, std::string_view summary);

  // Seconds since the epoch (the serial clock). DNSCTL_FAKE_TIME overrides it for
  // tests of serial arithmetic near the clock.
  static int64_t now();

  // The SQLite library the process runs with, for `dnsctl --version`.
  static std::string sqlite_version();
  static std::string libpq_version();

  // The schema version the store has; `db sync`: every migration above it, each in its
  // own transaction (the versions applied, empty when already current).
  Result<int> schema_version();
  Result<std::vector<int>> migrate();

  // Watches for commits of other connections (core/store/watch.hpp).
  Result<ChangeFeed> watch();

  // A deferred read transaction: every read until end_read() sees one moment.
  void begin_read();
  void end_read();
  // False once the server dropped the connection (PostgreSQL).
  bool usable();

private:
  friend db::Connection& connection(Store& store);
  db::Connection& db_connection() { return *m_db; }
  Store() = default;
  Status begin();
  Status commit();
  void rollback();
  static Error from_exception(const std::exception& e);

  std::unique_ptr<db::Connection> m_db;
  std::string m_path;
  std::string m_file; // SQLite's file; empty on PostgreSQL
  std::vector<std::string> m_warnings;
  std::string m_command;
  int m_journal_steps = 1000;
  int64_t m_journal_age = int64_t{30} * 86400;
};

// Whether `address` names a PostgreSQL store (else a SQLite file).
bool is_postgresql_address(const std::string& address);

// The store path when --db is not given: $DNSCTL_DB, else the config file's, else
// /var/lib/dnsctl/dnsctl.db for root and $XDG_DATA_HOME/dnsctl/dnsctl.db (or
// ~/.local/share/dnsctl/dnsctl.db) otherwise.
std::string default_path(const std::string& from_config);

template <class F>
auto Store::write(std::string_view command, F&& fn) -> decltype(fn()) {
  m_command = command;
  if (auto ok = begin(); !ok) {
    return ok.error();
  }
  try {
    auto result = fn();
    if (!result) {
      rollback();
      return result;
    }
    if (auto ok = commit(); !ok) {
      return ok.error();
    }
    return result;
  } catch (const std::exception& e) {
    rollback();
    return from_exception(e);
  }
}

template <class F>
auto Store::trial(std::string_view command, F&& fn) -> decltype(fn()) {
  m_command = command;
  if (auto ok = begin(); !ok) {
    return ok.error();
  }
  try {
    auto result = fn();
    rollback();
    return result;
  } catch (const std::exception& e) {
    rollback();
    return from_exception(e);
  }
}

template <class F>
auto Store::read(F&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const std::exception& e) {
    return from_exception(e);
  }
}

} // namespace dnsctl::store
