#pragma once
// One sync run (DESIGN.md "sync"): the plan's backend steps on their targets, in
// parallel and each with a timeout; then NOTIFY to the targets that took a change and
// to the pool's also_notifies; then the pool's nameservers polled for the zone's SOA
// serial until the pool's threshold is met. Every outcome is written to the store:
// per target (status, serial, last error, last attempt) and per nameserver (serial
// seen), so the next run retries exactly what failed.

#include "core/query/notify.hpp"
#include "core/sync/plan.hpp"
#include "core/util/result.hpp"

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace dnsctl::store {
class Store;
}

namespace dnsctl::sync {

// How a pool's nameservers are polled: the config file's [sync] values, with pool
// attributes of the same names on top (Designate's poll_retry_interval and
// poll_max_retries are read too; seconds may have decimals). Much shorter than
// Designate's 5 s delay and 15 s interval: NOTIFY makes secondaries transfer at once.
struct PollSettings {
  int threshold_percentage = 100;
  std::chrono::milliseconds delay{50};           // poll_delay
  std::chrono::milliseconds interval{100};       // poll_interval
  int max_retries = 100;                         // poll_retries: rounds after the first
  std::chrono::milliseconds query_timeout{1000}; // poll_timeout: one SOA query
};
Result<PollSettings> poll_settings(const model::Pool& pool, const PollSettings& defaults);

// How far a run is, for a progress line on a terminal.
struct Progress {
  size_t steps_done = 0;
  size_t steps_failed = 0;
  size_t steps = 0;
  size_t zones_in_sync = 0; // polled zones whose nameservers serve them
  size_t zones_polled = 0;  // 0 until the polls start
};

struct Options {
  std::chrono::milliseconds timeout{std::chrono::seconds(10)}; // each backend command
  std::chrono::milliseconds notify_timeout{std::chrono::seconds(3)};
  size_t parallel = 4;
  PollSettings poll;
  int error_after = 3; // failed attempts in a row before a target is in error
  // Called from the run's own thread between steps and after each round of polls.
  std::function<void(const Progress&)> progress;
};

struct StepResult {
  Step step;
  backends::OpResult result; // kind done also for NOTIFY-only and refused steps
  bool ok = false;
  std::string message;
};

struct NameserverResult {
  int64_t nameserver_id = 0;
  std::string host;
  uint16_t port = 0;
  model::NameserverStatus status = model::NameserverStatus::never;
  uint32_t serial = 0;
  std::string error;
};

struct ZoneResult {
  int64_t zone_id = 0;
  int64_t pool_id = 0;
  std::string pool; // the pool whose nameservers were polled
  std::string zone;
  uint32_t serial = 0;
  bool removed = false; // polled for absence
  bool converged = false;
  int in_sync = 0;
  int total = 0;
  double seconds = 0; // from the first NOTIFY (or the backend step) to convergence
  std::vector<NameserverResult> nameservers;
};

struct Report {
  std::vector<StepResult> steps;
  std::vector<std::pair<std::string, query::NotifyResult>> notifies; // zone, result
  std::vector<ZoneResult> zones;
  size_t commands = 0; // backend commands run (rndc calls)
  // Moving zones the new pool now serves: their old pool's targets have deletions
  // pending, which a second run carries out (see store::release_move_source).
  std::vector<int64_t> released;
  bool ok() const;
  // Adds a later run's steps, NOTIFYs, zones and commands to this one.
  void append(Report&& later);
};

Report run(store::Store& store,
           const Plan& plan,
           const std::vector<model::Pool>& pools,
           const Options& options);

} // namespace dnsctl::sync
