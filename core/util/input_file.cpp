#include "core/util/input_file.hpp"

#include "core/util/fd.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace dnsctl::util {
namespace {

std::string mib(size_t bytes) {
  return std::to_string(bytes >> 20) + " MiB";
}

} // namespace

Result<std::string> read_input_file(const std::string& path, const InputLimits& limits) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return make_error(Errc::invalid_input, "cannot read " + path + ": " + errno_text(errno));
  }
  bool stream = S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode);
  if (S_ISDIR(st.st_mode)) {
    return make_error(Errc::invalid_input, path + " is a folder, not a file");
  }
  if (!S_ISREG(st.st_mode) && !(stream && limits.allow_stream)) {
    return make_error(Errc::invalid_input, path + " is not a regular file");
  }
  if (S_ISREG(st.st_mode) && static_cast<size_t>(st.st_size) > limits.max_bytes) {
    return make_error(Errc::invalid_input,
                      path + " is larger than " + mib(limits.max_bytes) + " (the limit here)");
  }
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) {
    return make_error(Errc::invalid_input, "cannot read " + path + ": " + errno_text(errno));
  }
  std::string out;
  if (S_ISREG(st.st_mode)) {
    out.reserve(static_cast<size_t>(st.st_size));
  }
  char buf[1 << 16];
  while (true) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      int e = errno;
      return make_error(Errc::invalid_input, "cannot read " + path + ": " + errno_text(e));
    }
    if (n == 0) {
      break;
    }
    if (out.size() + static_cast<size_t>(n) > limits.max_bytes) {
      return make_error(Errc::invalid_input,
                        path + " is larger than " + mib(limits.max_bytes) + " (the limit here)");
    }
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

} // namespace dnsctl::util
