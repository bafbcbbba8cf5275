#pragma once
// A file descriptor that closes itself (ccache's util::Fd), and the one text for an
// errno value: every socket, pipe and file in the code goes through these.

#include <string>
#include <utility>

namespace dnsctl {

// strerror's text for `err`, thread-safe ("Connection refused").
std::string errno_text(int err);
// errno_text(errno), read at the call.
std::string errno_text();

class Fd {
public:
  Fd() = default;
  explicit Fd(int fd)
      : m_fd(fd) {}
  Fd(Fd&& other) noexcept
      : m_fd(std::exchange(other.m_fd, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      close();
      m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { close(); }

  int get() const { return m_fd; }
  bool valid() const { return m_fd >= 0; }
  explicit operator bool() const { return valid(); }
  // Gives the descriptor up without closing it.
  int release() { return std::exchange(m_fd, -1); }
  void close();

private:
  int m_fd = -1;
};

} // namespace dnsctl
