#pragma once
// The one change feed: how every long-running process (the mdns, `sync --watch`, the
// sink, the API) learns that another connection committed to the store.
//
// SQLite: inotify on the store's folder, where every commit writes the WAL (or the
// file); a commit's writes are queued as events before the commit returns, so a query
// sent after it finds them. PRAGMA data_version confirms. PostgreSQL: the LISTEN the
// connection holds (core/db), whose NOTIFYs the writers send in their transactions.
// Without inotify, or after a second, every look says "maybe" and the caller checks.

#include "core/util/fd.hpp"

#include <chrono>
#include <cstdint>
#include <string>

namespace dnsctl::db {
class Connection;
}

namespace dnsctl::store {

class Store;

class ChangeFeed {
public:
  ChangeFeed(ChangeFeed&&) noexcept = default;
  ChangeFeed& operator=(ChangeFeed&&) noexcept = default;
  ChangeFeed(const ChangeFeed&) = delete;
  ChangeFeed& operator=(const ChangeFeed&) = delete;
  ~ChangeFeed() = default;

  // Cheap and non-blocking (one read of the inotify queue): false when the store
  // surely did not change since the last call; true when it may have.
  bool maybe_changed();

  // Blocks up to `timeout` for another connection's commit; true when one came
  // (data_version moved since the last call that returned true, or since watch()).
  // Throws when the store is gone (the caller reconnects).
  bool wait(std::chrono::milliseconds timeout);

private:
  friend class Store;
  ChangeFeed(db::Connection& db, const std::string& sqlite_path);
  bool drain(); // reads queued inotify events; true when one names the store's files

  db::Connection* m_db = nullptr;
  Fd m_inotify;
  std::string m_prefix; // the store's file name: "dnsctl.db" also matches its -wal
  int64_t m_seen = -1;
  std::chrono::steady_clock::time_point m_last;
};

} // namespace dnsctl::store
