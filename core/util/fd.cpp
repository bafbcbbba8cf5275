#include "core/util/fd.hpp"

#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace dnsctl {

std::string errno_text(int err) {
  return std::error_code(err, std::generic_category()).message();
}

std::string errno_text() {
  return errno_text(errno);
}

void Fd::close() {
  if (m_fd >= 0) {
    ::close(m_fd);
  }
  m_fd = -1;
}

} // namespace dnsctl
