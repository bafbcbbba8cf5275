#pragma once
// Runs a program from an argv (never through a shell) with a timeout, capturing its
// stdout and stderr. Used by the backends (rndc, knotc, nsd-control) and by the tests.

#include "core/util/result.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace dnsctl::process {

struct Outcome {
  int exit_code = -1; // the program's exit status, or -1 when it was killed
  bool timed_out = false;
  std::string out; // captured stdout
  std::string err; // captured stderr
};

struct Options {
  std::chrono::milliseconds timeout{std::chrono::seconds(30)};
  std::string stdin_data;             // written to the child's stdin, then closed
  std::vector<std::string> extra_env; // "NAME=value" added to the environment
};

// Fails (Errc::io) only when the program cannot be started; a non-zero exit or a
// timeout is reported in Outcome. On timeout the child is killed (SIGKILL) and reaped.
Result<Outcome> run(const std::vector<std::string>& argv, const Options& options = {});

// A program running in the background (a daemon under test, a server we drive):
// stdout and stderr go to `log_path`. The destructor stops it (SIGTERM, then SIGKILL).
class Child {
public:
  static Result<Child> spawn(const std::vector<std::string>& argv, const std::string& log_path);
  Child() = default;
  Child(Child&& other) noexcept;
  Child& operator=(Child&& other) noexcept;
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child();

  int pid() const { return m_pid; }
  bool running();
  // SIGTERM, then SIGKILL after `grace`; returns the exit status (-1 when killed).
  int stop(std::chrono::milliseconds grace = std::chrono::seconds(5));

private:
  int m_pid = -1;
};

// The argv as one line a POSIX shell reads back into the same argv (Python's
// shlex.quote rules), so `rndc render` output can be reviewed or piped to sh.
std::string shell_quote(const std::string& arg);
std::string shell_join(const std::vector<std::string>& argv);

} // namespace dnsctl::process
