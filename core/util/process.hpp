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

// The argv as one line a POSIX shell reads back into the same argv (Python's
// shlex.quote rules), so `rndc render` output can be reviewed or piped to sh.
std::string shell_quote(const std::string& arg);
std::string shell_join(const std::vector<std::string>& argv);

} // namespace dnsctl::process
