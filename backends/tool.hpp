#pragma once
// What the backends that drive a server's own control program share (knotc,
// nsd-control): one run with stdin and a timeout, and the program's complaint on
// one line.

#include "core/util/process.hpp"
#include "core/util/result.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace dnsctl::backends {

// Runs argv with `input` on stdin; a timeout is an Errc::timeout naming the program.
Result<process::Outcome> run_tool(const std::vector<std::string>& argv,
                                  const std::string& input,
                                  std::chrono::milliseconds timeout);

// The program's own words for a failure (stderr, else stdout, without "error: "),
// or "PROGRAM exited with N" when it said nothing.
std::string tool_failure(const std::string& program, const process::Outcome& r);

} // namespace dnsctl::backends
