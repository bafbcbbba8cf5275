#include "core/sync/sync.hpp"

#include "core/dns/serial.hpp"
#include "core/model/pool_attributes.hpp"
#include "core/query/probe.hpp"
#include "core/store/store.hpp"
#include "core/store/sync_state.hpp"
#include "core/store/tsig_keys.hpp"
#include "core/sync/peers.hpp"
#include "core/util/text.hpp"
#include "core/zone/zones.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <thread>

namespace dnsctl::sync {
namespace {

using Clock = std::chrono::steady_clock;

// One unit of backend work: a single step, or every step of a batch target.
using Task = std::vector<StepResult*>;

std::vector<Task> make_tasks(std::vector<StepResult>& results) {
  std::vector<Task> tasks;
  std::map<const backends::Backend*, size_t> batch_task;
  for (auto& r : results) {
    const Step& s = r.step;
    if (!s.refused.empty()) {
      r.message = s.refused;
      continue;
    }
    if (!s.op) { // NOTIFY only
      r.ok = true;
      r.result.kind = backends::OpResult::Kind::done;
      continue;
    }
    if (!s.backend->caps().drives_zones) {
      // fake and Designate types we do not drive: no I/O, and their own words
      // ("skipped: ...") for the report.
      const auto& p = s.pending;
      r.result = s.backend->apply(
          *s.op, backends::ZoneArgs{p.zone, p.zone_uuid, p.hard_delete}, std::chrono::seconds(1));
      r.ok = r.result.kind == backends::OpResult::Kind::done;
      r.message = r.result.message;
      continue;
    }
    if (s.backend->caps().batch) {
      auto [it, fresh] = batch_task.try_emplace(s.backend.get(), tasks.size());
      if (fresh) {
        tasks.emplace_back();
      }
      tasks[it->second].push_back(&r);
    } else {
      tasks.push_back({&r});
    }
  }
  return tasks;
}

void run_task(const Task& task, const Options& options) {
  std::vector<backends::ZoneJob> jobs;
  for (const StepResult* r : task) {
    const auto& p = r->step.pending;
    jobs.push_back({*r->step.op, backends::ZoneArgs{p.zone, p.zone_uuid, p.hard_delete}});
  }
  auto results = task.size() == 1
                     ? std::vector<backends::OpResult>{task.front()->step.backend->apply(
                         jobs.front().op, jobs.front().zone, options.timeout)}
                     : task.front()->step.backend->apply_batch(jobs, options.timeout);
  for (size_t i = 0; i < task.size(); ++i) {
    StepResult& r = *task[i];
    r.result = i < results.size() ? std::move(results[i]) : backends::OpResult{};
    r.ok = r.result.kind == backends::OpResult::Kind::done;
    r.message = r.result.message;
  }
}

// Runs the backend work, `parallel` tasks at a time. A backend never touches the
// store: the threads share nothing but the index of the next task.
void run_steps(std::vector<StepResult>& results, const Options& options) {
  std::vector<Task> tasks = make_tasks(results);
  std::atomic<size_t> next{0};
  std::atomic<size_t> done{results.size()}; // steps with no task are done already
  std::atomic<size_t> failed{0};
  for (const auto& t : tasks) {
    done -= t.size();
  }
  for (const auto& r : results) {
    failed += !r.ok && !r.message.empty() ? 1 : 0;
  }
  auto worker = [&](bool reports) {
    for (size_t i = next++; i < tasks.size(); i = next++) {
      run_task(tasks[i], options);
      for (const auto* r : tasks[i]) {
        failed += r->ok ? 0 : 1;
      }
      done += tasks[i].size();
      if (reports && options.progress) {
        options.progress(Progress{done, failed, results.size(), 0, 0});
      }
    }
  };
  size_t n = std::clamp<size_t>(options.parallel, 1, std::max<size_t>(1, tasks.size()));
  std::vector<std::thread> threads;
  for (size_t i = 1; i < n; ++i) {
    threads.emplace_back(worker, false);
  }
  worker(true);
  for (auto& t : threads) {
    t.join();
  }
}

const model::Pool* pool_of(const std::vector<model::Pool>& pools, int64_t id) {
  for (const auto& p : pools) {
    if (p.id == id) {
      return &p;
    }
  }
  return nullptr;
}

} // namespace

Result<PollSettings> poll_settings(const model::Pool& pool, const PollSettings& defaults) {
  auto attrs = model::parse_poll_attributes(pool.attributes);
  if (!attrs) {
    return make_error(Errc::invalid_input, "pool " + pool.name + ": " + attrs.error().message);
  }
  PollSettings ps = defaults;
  ps.delay = attrs->delay.value_or(ps.delay);
  ps.interval = attrs->interval.value_or(ps.interval);
  ps.query_timeout = attrs->timeout.value_or(ps.query_timeout);
  ps.max_retries = attrs->retries.value_or(ps.max_retries);
  ps.threshold_percentage = attrs->threshold.value_or(ps.threshold_percentage);
  if (ps.query_timeout.count() == 0) {
    ps.query_timeout = std::chrono::milliseconds(1000);
  }
  return ps;
}

bool Report::ok() const {
  // A target's NOTIFY failure already failed its step; an also_notify is not a target
  // (it is reported, and does not make the run fail).
  return std::all_of(steps.begin(), steps.end(), [](const StepResult& s) { return s.ok; })
         && std::all_of(
             zones.begin(), zones.end(), [](const ZoneResult& z) { return z.converged; });
}

void Report::append(Report&& later) {
  std::move(later.steps.begin(), later.steps.end(), std::back_inserter(steps));
  std::move(later.notifies.begin(), later.notifies.end(), std::back_inserter(notifies));
  std::move(later.zones.begin(), later.zones.end(), std::back_inserter(zones));
  commands += later.commands;
  released = std::move(later.released);
}

namespace {

// The steps of each zone in each pool, in plan order. A zone has steps in two pools
// while it moves: the new pool's are polled for its serial, the old pool's (deletes)
// for its absence.
using ZonePool = std::pair<int64_t, int64_t>;
struct ByZone {
  std::vector<ZonePool> order;
  std::map<ZonePool, std::vector<StepResult*>> steps;
};

ByZone group(std::vector<StepResult>& steps) {
  ByZone g;
  for (auto& r : steps) {
    ZonePool key{r.step.pending.zone_id, r.step.pending.pool_id};
    if (!g.steps.contains(key)) {
      g.order.push_back(key);
    }
    g.steps[key].push_back(&r);
  }
  return g;
}

void fail_all(const std::vector<StepResult*>& steps, const std::string& why) {
  for (auto* r : steps) {
    r->ok = false;
    r->message = why;
  }
}

// NOTIFY to every job; one answered with an error rcode is sent again with back-off
// until `timeout` (a server may be reloading its configuration). Only what is still
// refused at the end fails. Jobs marked in `once` (an add found the zone there from
// an earlier run) are sent once: NSD answers NXDOMAIN until its serving process
// reloads, so waiting on it would only slow a bulk create; the polls tell whether the
// zone arrived. A zone a target has just added gets no NOTIFY at all: every server
// fetches it by itself (BIND's first refresh, Knot's bootstrap, NSD's xfrd, PowerDNS's
// axfr-retrieve), and 1,000 NOTIFYs to an NSD busy reloading go unanswered.
std::vector<query::NotifyResult> notify_until_taken(const std::vector<query::NotifyJob>& jobs,
                                                    const std::vector<bool>& once,
                                                    std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  query::NotifyOptions no;
  no.timeout = timeout;
  auto results = query::send_notify(jobs, no);
  auto wait = std::chrono::milliseconds(200);
  while (true) {
    std::vector<size_t> again;
    for (size_t k = 0; k < results.size(); ++k) {
      if (results[k].rcode > 0 && results[k].error.empty() && !once[k]) {
        again.push_back(k);
      }
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (again.empty() || left <= wait) {
      return results;
    }
    std::this_thread::sleep_for(wait);
    wait *= 2;
    std::vector<query::NotifyJob> retry;
    retry.reserve(again.size());
    for (size_t k : again) {
      retry.push_back(jobs[k]);
    }
    no.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    auto second = query::send_notify(retry, no);
    for (size_t i = 0; i < again.size(); ++i) {
      second[i].attempts += results[again[i]].attempts;
      results[again[i]] = std::move(second[i]);
    }
  }
}

// NOTIFY, once per zone, to each target that now has the zone and to the
// also_notifies; every zone of the run at once. A target that does not take it has not
// been told: it stays pending.
// A step that changed which zones a catalog consumer has: its pool's catalog is what to
// NOTIFY, not the member.
bool catalog_change(const StepResult* r) {
  return r->ok && r->step.via_catalog && r->step.pending.action != model::TargetAction::update
         && r->step.pending.action != model::TargetAction::none;
}

void notify_all(store::Store& store, ByZone& zones, const Options& options, Report& report) {
  auto told = [](const StepResult* r) {
    return r->ok && r->step.pending.action != model::TargetAction::remove && !catalog_change(r);
  };
  // Pools whose catalog changed for some consumer, and which targets to tell.
  std::map<int64_t, std::set<int64_t>> catalog_targets;
  for (const ZonePool& zid : zones.order) {
    for (const auto* r : zones.steps[zid]) {
      if (catalog_change(r)) {
        catalog_targets[zid.second].insert(r->step.target.id);
      }
    }
  }
  std::vector<query::NotifyZone> soas;
  soas.reserve(zones.order.size() + catalog_targets.size()); // jobs point into it
  std::vector<query::NotifyJob> jobs;
  std::vector<std::optional<ZonePool>> job_zone; // nullopt: a catalog
  std::vector<bool> just_added;                  // per job: the target's step added the zone
  for (const auto& [pool_id, targets] : catalog_targets) {
    auto nz = catalog_notify_zone(store, pool_id);
    auto peers = pool_notify_peers(store, pool_id);
    if (!nz || !*nz || !peers) {
      continue; // the polls tell whether the consumers took the change anyway
    }
    soas.push_back(std::move(**nz));
    for (const auto& p : *peers) {
      if (targets.contains(p.target_id)) {
        jobs.push_back({&soas.back(), p});
        job_zone.emplace_back();
        just_added.push_back(false);
      }
    }
  }
  for (const ZonePool& zid : zones.order) {
    auto& steps = zones.steps[zid];
    if (std::none_of(steps.begin(), steps.end(), told)) {
      continue;
    }
    const std::string& name = steps.front()->step.pending.zone;
    auto nz = notify_zone(store, name);
    auto peers = notify_peers(store, name);
    if (!nz || !peers) {
      fail_all(steps, "NOTIFY: " + (!nz ? nz.error().text() : peers.error().text()));
      continue;
    }
    soas.push_back(std::move(*nz));
    for (const auto& p : *peers) {
      bool wanted = p.target_id == 0 || std::any_of(steps.begin(), steps.end(), [&](auto* r) {
                      return told(r) && r->step.target.id == p.target_id
                             && !(r->step.op == backends::ZoneOp::add && !r->result.existed);
                    });
      if (wanted) {
        jobs.push_back({&soas.back(), p});
        job_zone.emplace_back(zid);
        just_added.push_back(std::any_of(steps.begin(), steps.end(), [&](auto* r) {
          return r->step.target.id == p.target_id && r->step.op == backends::ZoneOp::add;
        }));
      }
    }
  }
  auto results = notify_until_taken(jobs, just_added, options.notify_timeout);
  for (size_t k = 0; k < results.size(); ++k) {
    auto& res = results[k];
    if (!job_zone[k]) {
      report.notifies.emplace_back(jobs[k].zone->apex.to_text(), std::move(res));
      continue;
    }
    auto& steps = zones.steps[*job_zone[k]];
    // A refused NOTIFY to a target that has just added the zone is not its failure:
    // the server fetches the zone itself, and the polls decide.
    if (!res.ok() && res.peer.target_id != 0 && (!just_added[k] || res.rcode < 0)) {
      std::string why =
          "NOTIFY to " + res.peer.host + ":" + std::to_string(res.peer.port) + ": " + res.why();
      for (auto* r : steps) {
        if (r->ok && r->step.target.id == res.peer.target_id) {
          r->ok = false;
          r->message = why;
        }
      }
    }
    report.notifies.emplace_back(steps.front()->step.pending.zone, std::move(res));
  }
}

// One zone being polled.
struct Polling {
  ZoneResult zr;
  std::vector<std::optional<query::Key>> keys; // per nameserver: its polls are signed
  PollSettings ps;
  dns::Name apex;
  int rounds = 0;
  Clock::time_point next;
  bool done = false;
};

void update(NameserverResult& n, const query::Probe& p, const ZoneResult& zr) {
  n.error.clear();
  n.serial = p.serial.value_or(0);
  if (!p.answered) {
    n.status = model::NameserverStatus::unreachable;
    n.error = p.error;
  } else if (!p.serial) {
    n.status = zr.removed ? model::NameserverStatus::in_sync : model::NameserverStatus::absent;
    if (!zr.removed) {
      n.error = "does not serve the zone (rcode " + std::to_string(p.rcode) + ")";
    }
  } else if (zr.removed) {
    n.status = model::NameserverStatus::behind;
    n.error = "still serves the zone (serial " + std::to_string(*p.serial) + ")";
  } else if (dns::Serial(*p.serial) >= dns::Serial(zr.serial)) {
    n.status = model::NameserverStatus::in_sync;
  } else {
    n.status = model::NameserverStatus::behind;
    n.error = "serial " + std::to_string(*p.serial) + ", want " + std::to_string(zr.serial);
  }
}

// Polls the nameservers of every zone together, each zone on its pool's schedule, until
// each meets its threshold or runs out of rounds.
void poll_all(std::vector<Polling>& polls,
              Clock::time_point since,
              const std::function<void(size_t in_sync)>& round_done) {
  while (true) {
    auto now = Clock::now();
    std::vector<query::ProbeQuery> queries;
    std::vector<std::pair<size_t, size_t>> owner; // poll, nameserver
    std::vector<size_t> due;
    auto timeout = std::chrono::milliseconds(0);
    auto wake = Clock::time_point::max();
    for (size_t i = 0; i < polls.size(); ++i) {
      Polling& p = polls[i];
      if (p.done) {
        continue;
      }
      if (p.next > now) {
        wake = std::min(wake, p.next);
        continue;
      }
      due.push_back(i);
      timeout = std::max(timeout, p.ps.query_timeout);
      for (size_t k = 0; k < p.zr.nameservers.size(); ++k) {
        auto& n = p.zr.nameservers[k];
        if (n.status != model::NameserverStatus::in_sync) {
          queries.push_back({&p.apex, {n.host, n.port, p.keys[k]}});
          owner.emplace_back(i, k);
        }
      }
    }
    if (due.empty()) {
      if (wake == Clock::time_point::max()) {
        return;
      }
      std::this_thread::sleep_until(wake);
      continue;
    }
    auto probes = query::probe_serials(queries, timeout);
    for (size_t q = 0; q < probes.size(); ++q) {
      Polling& p = polls[owner[q].first];
      update(p.zr.nameservers[owner[q].second], probes[q], p.zr);
    }
    now = Clock::now();
    for (size_t i : due) {
      Polling& p = polls[i];
      auto& zr = p.zr;
      zr.in_sync = static_cast<int>(
          std::count_if(zr.nameservers.begin(), zr.nameservers.end(), [](const auto& n) {
            return n.status == model::NameserverStatus::in_sync;
          }));
      bool met = zr.in_sync * 100 >= p.ps.threshold_percentage * zr.total;
      // With a threshold under 100 % the zone is done once it is met; at 100 % all must be.
      zr.converged = met && (zr.in_sync == zr.total || p.ps.threshold_percentage < 100);
      if (zr.converged || ++p.rounds > p.ps.max_retries) {
        p.done = true;
        zr.seconds = std::chrono::duration<double>(now - since).count();
      } else {
        p.next = now + p.ps.interval;
      }
    }
    if (round_done) {
      round_done(static_cast<size_t>(std::count_if(
          polls.begin(), polls.end(), [](const Polling& p) { return p.zr.converged; })));
    }
  }
}

Status record_steps(store::Store& store, const std::vector<StepResult>& steps, int error_after) {
  auto now = store::Store::now();
  return store.write("sync", [&]() -> Status {
    for (const auto& r : steps) {
      store::TargetOutcome o{r.step.pending.target_id,
                             r.step.pending.zone_id,
                             r.step.pending.action,
                             r.step.pending.serial,
                             r.ok,
                             r.message};
      DNSCTL_TRY(store::record_target(store, o, now, error_after));
    }
    return {};
  });
}

Status record_polls(store::Store& store, Report& report, const std::vector<ZonePool>& zones) {
  auto now = store::Store::now();
  return store.write("sync", [&]() -> Status {
    report.released.clear();
    for (const auto& zr : report.zones) {
      for (const auto& n : zr.nameservers) {
        store::NameserverSeen seen{n.nameserver_id, zr.zone_id, n.serial, n.status, n.error};
        DNSCTL_TRY(store::record_nameserver(store, seen, now));
      }
      if (zr.converged) {
        if (!zr.removed) {
          DNSCTL_TRY_ASSIGN(bool released, zone::release_move_source(store, zr.zone_id));
          if (released) {
            report.released.push_back(zr.zone_id);
          }
        }
        continue;
      }
      std::vector<std::string> lag;
      for (const auto& n : zr.nameservers) {
        if (n.status != model::NameserverStatus::in_sync) {
          lag.push_back(n.host + ":" + std::to_string(n.port) + " " + model::to_string(n.status));
        }
      }
      std::string why = "waiting on nameservers (not in sync after "
                        + text::seconds_text(std::llround(zr.seconds * 1000))
                        + " s): " + text::join(lag, ", ");
      DNSCTL_TRY(store::mark_zone_targets_pending(store, zr.zone_id, zr.pool_id, why));
    }
    for (const ZonePool& zid : zones) {
      DNSCTL_TRY(store::settle_zone(store, zid.first));
    }
    return {};
  });
}

} // namespace

Report run(store::Store& store,
           const Plan& plan,
           const std::vector<model::Pool>& pools,
           const Options& options) {
  Report report;
  auto started = Clock::now();
  for (const auto& s : plan.steps) {
    report.steps.push_back(StepResult{s, {}, false, ""});
  }
  run_steps(report.steps, options);
  for (const auto& r : report.steps) {
    report.commands += r.result.commands.size();
  }
  ByZone zones = group(report.steps);
  notify_all(store, zones, options, report);
  if (auto wrote = record_steps(store, report.steps, options.error_after); !wrote) {
    for (auto& r : report.steps) {
      r.ok = false;
      r.message = "recording the outcome: " + wrote.error().text();
    }
    return report;
  }
  // Poll every zone some step succeeded for: done when its nameservers serve the
  // serial (or, deleted, no longer serve it).
  std::vector<Polling> polls;
  for (const ZonePool& zid : zones.order) {
    auto& steps = zones.steps[zid];
    const store::PendingTarget& z = steps.front()->step.pending;
    const model::Pool* pool = pool_of(pools, z.pool_id);
    auto apex = dns::Name::parse(z.zone);
    if (pool == nullptr || !apex
        || std::none_of(steps.begin(), steps.end(), [](const StepResult* r) { return r->ok; })) {
      continue;
    }
    auto ps = poll_settings(*pool, options.poll);
    if (!ps) {
      fail_all(steps, ps.error().text());
      continue;
    }
    Polling p;
    p.ps = *ps;
    p.apex = *apex;
    p.next = Clock::now() + ps->delay;
    p.zr.zone_id = z.zone_id;
    p.zr.pool_id = z.pool_id;
    p.zr.pool = pool->name;
    p.zr.zone = z.zone;
    p.zr.serial = z.serial;
    p.zr.removed = z.action == model::TargetAction::remove;
    p.zr.total = static_cast<int>(pool->nameservers.size());
    for (const auto& ns : pool->nameservers) {
      p.zr.nameservers.push_back(
          {ns.id, ns.host, ns.port, model::NameserverStatus::unreachable, 0, "not polled"});
      p.keys.emplace_back();
      if (!ns.tsigkey_id.empty()) {
        if (auto k = store::find_tsig_key(store, ns.tsigkey_id)) {
          p.keys.back() = query::Key{k->name, k->algorithm, k->secret};
        } else {
          p.zr.nameservers.back().error = "tsigkey_id " + ns.tsigkey_id + " is not a TSIG key here";
        }
      }
    }
    if (p.zr.total == 0) {
      p.zr.converged = true;
      p.done = true;
    }
    polls.push_back(std::move(p));
  }
  Progress at{report.steps.size(), 0, report.steps.size(), 0, polls.size()};
  for (const auto& r : report.steps) {
    at.steps_failed += r.ok ? 0 : 1;
  }
  poll_all(polls, started, [&](size_t in_sync) {
    if (options.progress) {
      at.zones_in_sync = in_sync;
      options.progress(at);
    }
  });
  for (auto& p : polls) {
    report.zones.push_back(std::move(p.zr));
  }
  if (auto settled = record_polls(store, report, zones.order); !settled) {
    for (auto& zr : report.zones) {
      zr.converged = false;
    }
  }
  return report;
}

} // namespace dnsctl::sync
