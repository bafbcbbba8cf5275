#include "core/util/process.hpp"

#include "core/util/fd.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <system_error>
#include <utility>

extern char** environ; // NOLINT(readability-redundant-declaration): POSIX global

namespace dnsctl::process {
namespace {

struct Pipe {
  std::array<int, 2> fd{-1, -1};
  ~Pipe() {
    for (int f : fd) {
      if (f >= 0) {
        ::close(f);
      }
    }
  }
  void close_end(int i) {
    if (fd[i] >= 0) {
      ::close(fd[i]);
    }
    fd[i] = -1;
  }
};

bool make_pipe(Pipe& p) {
  return ::pipe2(p.fd.data(), O_CLOEXEC) == 0;
}

// Reads what is available from fd into out; returns false at EOF.
bool drain(int fd, std::string& out) {
  std::array<char, 16384> buf{};
  ssize_t n = ::read(fd, buf.data(), buf.size());
  if (n > 0) {
    out.append(buf.data(), static_cast<size_t>(n));
    return true;
  }
  return n < 0 && (errno == EINTR || errno == EAGAIN);
}

} // namespace

Result<Outcome> run(const std::vector<std::string>& argv, const Options& options) {
  if (argv.empty()) {
    return make_error(Errc::internal, "empty argv");
  }
  Pipe in;
  Pipe out;
  Pipe err;
  if (!make_pipe(in) || !make_pipe(out) || !make_pipe(err)) {
    return make_error(Errc::io, "pipe: " + errno_text(errno));
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.fd[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out.fd[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err.fd[1], 2);

  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const auto& a : argv) {
    args.push_back(const_cast<char*>(a.c_str())); // NOLINT: posix_spawn's signature
  }
  args.push_back(nullptr);

  std::vector<std::string> env_store;
  std::vector<char*> env;
  for (char** e = environ; *e != nullptr; ++e) {
    env.push_back(*e);
  }
  env_store = options.extra_env;
  for (auto& e : env_store) {
    env.push_back(e.data());
  }
  env.push_back(nullptr);

  pid_t pid = 0;
  int rc = ::posix_spawnp(&pid, argv[0].c_str(), &actions, nullptr, args.data(), env.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    return make_error(Errc::io, "cannot run " + argv[0] + ": " + errno_text(rc));
  }

  in.close_end(0);
  out.close_end(1);
  err.close_end(1);
  if (!options.stdin_data.empty()) {
    // Small inputs only (a batch of commands); a child that does not read them must
    // not block us, so stop writing on EPIPE.
    (void)std::signal(SIGPIPE, SIG_IGN);
    size_t off = 0;
    while (off < options.stdin_data.size()) {
      ssize_t n =
          ::write(in.fd[1], options.stdin_data.data() + off, options.stdin_data.size() - off);
      if (n <= 0) {
        if (n < 0 && errno == EINTR) {
          continue;
        }
        break;
      }
      off += static_cast<size_t>(n);
    }
  }
  in.close_end(1);

  Outcome outcome;
  auto deadline = std::chrono::steady_clock::now() + options.timeout;
  bool out_open = true;
  bool err_open = true;
  while (out_open || err_open) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      outcome.timed_out = true;
      break;
    }
    std::array<pollfd, 2> fds{pollfd{out_open ? out.fd[0] : -1, POLLIN, 0},
                              pollfd{err_open ? err.fd[0] : -1, POLLIN, 0}};
    int n = ::poll(fds.data(), fds.size(), static_cast<int>(left.count()));
    if (n < 0 && errno != EINTR) {
      break;
    }
    if (out_open && (fds[0].revents & (POLLIN | POLLHUP | POLLERR))) {
      out_open = drain(out.fd[0], outcome.out);
    }
    if (err_open && (fds[1].revents & (POLLIN | POLLHUP | POLLERR))) {
      err_open = drain(err.fd[0], outcome.err);
    }
  }
  if (outcome.timed_out) {
    ::kill(pid, SIGKILL);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!outcome.timed_out && WIFEXITED(status)) {
    outcome.exit_code = WEXITSTATUS(status);
  }
  return outcome;
}

Result<Child> Child::spawn(const std::vector<std::string>& argv, const std::string& log_path) {
  if (argv.empty()) {
    return make_error(Errc::internal, "empty argv");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(
      &actions, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::vector<char*> args;
  for (const auto& a : argv) {
    args.push_back(const_cast<char*>(a.c_str())); // NOLINT: posix_spawn's signature
  }
  args.push_back(nullptr);
  Child c;
  int rc = ::posix_spawnp(&c.m_pid, argv[0].c_str(), &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    c.m_pid = -1;
    return make_error(Errc::io, "cannot run " + argv[0] + ": " + errno_text(rc));
  }
  return c;
}

Child::Child(Child&& other) noexcept
    : m_pid(std::exchange(other.m_pid, -1)) {}

Child& Child::operator=(Child&& other) noexcept {
  if (this != &other) {
    stop();
    m_pid = std::exchange(other.m_pid, -1);
  }
  return *this;
}

Child::~Child() {
  stop();
}

bool Child::running() {
  if (m_pid <= 0) {
    return false;
  }
  int status = 0;
  if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
    m_pid = -1;
    return false;
  }
  return true;
}

int Child::stop(std::chrono::milliseconds grace) {
  if (m_pid <= 0) {
    return -1;
  }
  ::kill(m_pid, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + grace;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    pid_t r = ::waitpid(m_pid, &status, WNOHANG);
    if (r == m_pid) {
      m_pid = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    ::usleep(20000);
  }
  ::kill(m_pid, SIGKILL);
  ::waitpid(m_pid, &status, 0);
  m_pid = -1;
  return -1;
}

std::string shell_quote(const std::string& arg) {
  if (arg.empty()) {
    return "''";
  }
  bool safe = true;
  for (char c : arg) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
              || std::strchr("@%+=:,./-_", c) != nullptr;
    if (!ok) {
      safe = false;
      break;
    }
  }
  if (safe) {
    return arg;
  }
  std::string q = "'";
  for (char c : arg) {
    if (c == '\'') {
      q += "'\"'\"'";
    } else {
      q += c;
    }
  }
  q += '\'';
  return q;
}

std::string shell_join(const std::vector<std::string>& argv) {
  std::string line;
  for (const auto& a : argv) {
    if (!line.empty()) {
      line += ' ';
    }
    line += shell_quote(a);
  }
  return line;
}

} // namespace dnsctl::process
