#pragma once
// How `dnsctl sync` shows a pass: the plan (--dry-run), the report of what ran with
// one short totals line, the exit status monitoring reads, and the progress line on a
// terminal. Printing only: the pass itself is core/sync/pass.hpp.

#include "cli/output.hpp"
#include "core/sync/pass.hpp"

#include <chrono>

namespace dnsctl::cli {

Status print_plan(const sync::Plan& plan, const sync::VerifyReport& v, const OutputOptions& out);

// The table (or, for a daemon, one log line) of what a pass did; an error naming the
// first problems when something failed or is not in sync.
Status report(const sync::Report& r,
              const sync::VerifyReport& v,
              const OutputOptions& out,
              double seconds = 0,
              bool as_log = false);

// "sync: 120/400 steps (2 failed), 80/200 zones in sync" on standard error, redrawn at
// most ten times a second, and only when it is a terminal (never in cron's mail).
class ProgressLine {
public:
  ProgressLine();
  bool on() const { return m_on; }
  void show(const sync::Progress& p);
  void clear();

private:
  bool m_on;
  bool m_shown = false;
  std::chrono::steady_clock::time_point m_last{};
};

} // namespace dnsctl::cli
