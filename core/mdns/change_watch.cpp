#include "core/mdns/change_watch.hpp"

#include <sys/inotify.h>
#include <unistd.h>

#include <array>
#include <cstring>
#include <filesystem>

namespace dnsctl::mdns {

ChangeWatch::ChangeWatch(const std::string& store_path)
    : m_last(std::chrono::steady_clock::now()) {
  // A PostgreSQL store has no files here: every look says "maybe", and the source's
  // data_version() reads the NOTIFYs its connection has received, without a round trip.
  if (store_path.find("://") != std::string::npos) {
    return;
  }
  std::filesystem::path p = std::filesystem::absolute(store_path);
  m_prefix = p.filename().string();
  m_fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  // The directory, not the files: SQLite deletes and recreates the WAL.
  if (m_fd >= 0
      && ::inotify_add_watch(
             m_fd, p.parent_path().c_str(), IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_DELETE)
             < 0) {
    ::close(m_fd);
    m_fd = -1;
  }
}

ChangeWatch::~ChangeWatch() {
  if (m_fd >= 0) {
    ::close(m_fd);
  }
}

bool ChangeWatch::changed() {
  auto now = std::chrono::steady_clock::now();
  bool hit = m_fd < 0 || now - m_last >= std::chrono::seconds(1);
  if (m_fd >= 0) {
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-member-init): read() fills it
    alignas(inotify_event) std::array<char, 4096> buf;
    while (true) {
      ssize_t n = ::read(m_fd, buf.data(), buf.size());
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
  }
  if (hit) {
    m_last = now;
  }
  return hit;
}

} // namespace dnsctl::mdns
