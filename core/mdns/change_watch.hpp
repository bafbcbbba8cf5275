#pragma once
// Whether the store may have changed since the last look, for the cost of one
// non-blocking read: inotify on the store's directory, where every commit writes the
// WAL (or the database file). A commit's writes are queued as events before the commit
// returns, so a query sent after it finds the event here. Without inotify every look
// says "maybe", and the caller checks the store as before.
//
// Why: the UDP workers used to ask SQLite (PRAGMA data_version) before every batch,
// which takes and drops file locks: about 6 % of a worker's time under dnsperf.

#include <chrono>
#include <string>

namespace dnsctl::mdns {

class ChangeWatch {
public:
  explicit ChangeWatch(const std::string& store_path);
  ~ChangeWatch();
  ChangeWatch(const ChangeWatch&) = delete;
  ChangeWatch& operator=(const ChangeWatch&) = delete;

  // True when the store's files were written since the last call (or inotify is not
  // there, or a second has passed: a safety net that costs nothing under load).
  bool changed();

private:
  int m_fd = -1;
  std::string m_prefix; // the store's file name: "dnsctl.db" also matches its -wal
  std::chrono::steady_clock::time_point m_last;
};

} // namespace dnsctl::mdns
