#include "core/store/watch.hpp"

#include "core/db/connection.hpp"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>

namespace dnsctl::store {
namespace {

constexpr auto k_safety_net = std::chrono::seconds(1); // a look without an event
constexpr int k_poll_ms = 250;                         // the longest wait without a look

} // namespace

ChangeFeed::ChangeFeed(db::Connection& db, const std::string& sqlite_path)
    : m_db(&db)
    , m_last(std::chrono::steady_clock::now()) {
  m_seen = db.data_version();
  if (sqlite_path.empty()) {
    return;
  }
  std::filesystem::path p = std::filesystem::absolute(sqlite_path);
  m_prefix = p.filename().string();
  m_inotify = Fd(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
  // The folder, not the files: SQLite deletes and recreates the WAL.
  if (m_inotify
      && ::inotify_add_watch(m_inotify.get(),
                             p.parent_path().c_str(),
                             IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_DELETE)
             < 0) {
    m_inotify.close();
  }
}

bool ChangeFeed::drain() {
  bool hit = false;
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-member-init): read() fills it
  alignas(inotify_event) std::array<char, 4096> buf;
  while (true) {
    ssize_t n = ::read(m_inotify.get(), buf.data(), buf.size());
    if (n <= 0) {
      break;
    }
    for (ssize_t off = 0; off < n;) {
      inotify_event ev{};
      std::memcpy(&ev, buf.data() + off, sizeof(ev));
      const char* name = buf.data() + off + sizeof(inotify_event);
      if ((ev.mask & IN_Q_OVERFLOW) != 0
          || (ev.len > 0 && std::strncmp(name, m_prefix.c_str(), m_prefix.size()) == 0)) {
        hit = true;
      }
      off += static_cast<ssize_t>(sizeof(inotify_event) + ev.len);
    }
  }
  return hit;
}

bool ChangeFeed::maybe_changed() {
  auto now = std::chrono::steady_clock::now();
  bool hit = !m_inotify || now - m_last >= k_safety_net;
  if (m_inotify && drain()) {
    hit = true;
  }
  if (hit) {
    m_last = now;
  }
  return hit;
}

bool ChangeFeed::wait(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  int fd = m_inotify ? m_inotify.get() : m_db->change_fd();
  while (true) {
    int64_t v = m_db->data_version();
    if (v != m_seen) {
      m_seen = v;
      return true;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return false;
    }
    int ms = static_cast<int>(std::min<int64_t>(left.count(), k_poll_ms));
    if (fd >= 0) {
      pollfd p{fd, POLLIN, 0};
      ::poll(&p, 1, ms);
      if (m_inotify) {
        drain();
      }
    } else {
      // No descriptor to wait on: a short nap, then data_version again.
      ::usleep(static_cast<useconds_t>(std::min(ms, 20)) * 1000);
    }
  }
}

} // namespace dnsctl::store
