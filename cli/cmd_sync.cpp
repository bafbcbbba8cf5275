// dnsctl sync (push the store to the pools' servers) and dnsctl status.

#include "cli/context.hpp"
#include "cli/output.hpp"
#include "cli/stop_signal.hpp"
#include "core/mdns/change_watch.hpp"
#include "core/mdns/server.hpp"
#include "core/store/pools.hpp"
#include "core/store/sync_state.hpp"
#include "core/store/zones.hpp"
#include "core/sync/plan.hpp"
#include "core/sync/status.hpp"
#include "core/sync/sync.hpp"
#include "core/sync/verify.hpp"
#include "core/util/log.hpp"
#include "core/util/text.hpp"

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <thread>

namespace dnsctl::cli {
namespace {

struct SyncArgs {
  std::vector<std::string> zones;
  std::string pool;
  bool dry_run = false;
  bool verify = false;
  std::string serve;
  std::chrono::milliseconds timeout{10000};
  size_t parallel = 4;
  bool expect_no_changes = false;
  bool force = false;
  std::optional<size_t> max_deletes;
  OutputOptions out;
  // --watch: run as a daemon, a pass on every store commit and on a timer.
  bool watch = false;
  std::chrono::milliseconds retry{30000};    // a failed pass is retried after this
  std::chrono::milliseconds verify_every{0}; // 0: never
};

sync::PollSettings poll_defaults(const model::Settings& s) {
  sync::PollSettings p;
  p.delay = s.poll_delay;
  p.interval = s.poll_interval;
  p.max_retries = s.poll_retries;
  p.query_timeout = s.poll_timeout;
  p.threshold_percentage = s.threshold_percentage;
  return p;
}

void add_findings(Table& t, const sync::VerifyReport& v) {
  for (const auto& f : v.findings) {
    t.rows.push_back({f.target, "verify", f.zone, nullptr, sync::to_string(f.kind), f.message});
  }
}

Status print_plan(const sync::Plan& plan, const sync::VerifyReport& v, const OutputOptions& out) {
  Table t{{"target", "action", "zone", "serial", "note"}, {}};
  for (const auto& f : v.findings) {
    t.rows.push_back(
        {f.target, "verify", f.zone, nullptr, sync::to_string(f.kind) + ": " + f.message});
  }
  for (const auto& s : plan.steps) {
    t.rows.push_back({sync::step_label(s),
                      sync::step_verb(s),
                      s.pending.zone,
                      s.pending.serial,
                      s.refused.empty()
                          ? (s.pending.status == model::TargetStatus::error ? "retry" : "")
                          : s.refused});
  }
  return print_list(t, out);
}

// One short line, whatever the number of zones: per target ok / failed / skipped, per
// pool the zones its nameservers serve, the commands and NOTIFYs, the time.
std::string totals_line(const sync::Report& r, double seconds) {
  struct Count {
    size_t ok = 0, failed = 0, skipped = 0;
  };
  std::vector<std::pair<std::string, Count>> targets;
  for (const auto& st : r.steps) {
    const auto& t = st.step.target;
    std::string name = t.description;
    if (name.empty()) { // "bind9 127.0.0.1:953", without the uuid the label ends with
      name = sync::target_label(t);
      name = name.substr(0, name.find(" ("));
    }
    auto it = std::find_if(
        targets.begin(), targets.end(), [&](const auto& e) { return e.first == name; });
    if (it == targets.end()) {
      targets.emplace_back(name, Count{});
      it = targets.end() - 1;
    }
    Count& c = it->second;
    (st.ok ? c.ok : !st.step.refused.empty() ? c.skipped : c.failed) += 1;
  }
  auto count_text = [](const Count& c) {
    std::string t = std::to_string(c.ok) + " ok";
    t += c.failed > 0 ? ", " + std::to_string(c.failed) + " failed" : "";
    t += c.skipped > 0 ? ", " + std::to_string(c.skipped) + " skipped" : "";
    return t;
  };
  std::string line = "sync: " + std::to_string(r.steps.size()) + " step(s), "
                     + std::to_string(r.commands) + " backend command(s), "
                     + std::to_string(r.notifies.size()) + " NOTIFY";
  if (targets.size() <= 4) {
    std::vector<std::string> parts;
    parts.reserve(targets.size());
    for (const auto& [name, c] : targets) {
      parts.push_back(name + " " + count_text(c));
    }
    line += parts.empty() ? "" : "; " + text::join(parts, ", ");
  } else {
    Count all;
    for (const auto& [name, c] : targets) {
      all.ok += c.ok;
      all.failed += c.failed;
      all.skipped += c.skipped;
    }
    line += "; " + std::to_string(targets.size()) + " targets: " + count_text(all);
  }
  std::vector<std::pair<std::string, std::pair<size_t, size_t>>> pools;
  for (const auto& z : r.zones) {
    auto it =
        std::find_if(pools.begin(), pools.end(), [&](const auto& e) { return e.first == z.pool; });
    if (it == pools.end()) {
      pools.push_back({z.pool, {0, 0}});
      it = pools.end() - 1;
    }
    it->second.first += z.converged ? 1 : 0;
    it->second.second += 1;
  }
  for (const auto& [name, n] : pools) {
    line += "; pool " + name + " " + std::to_string(n.first) + "/" + std::to_string(n.second)
            + " zone(s) in sync";
  }
  if (seconds > 0) {
    line += "; " + text::seconds_text(std::llround(seconds * 1000)) + " s";
  }
  return line;
}

Status report(const sync::Report& r,
              const sync::VerifyReport& v,
              const OutputOptions& out,
              double seconds = 0,
              bool as_log = false) {
  Table t{{"target", "action", "zone", "serial", "result", "error"}, {}};
  add_findings(t, v);
  for (const auto& s : r.steps) {
    std::string result = s.ok                                                  ? "ok"
                         : s.result.kind == backends::OpResult::Kind::conflict ? "conflict"
                         : !s.step.refused.empty()                             ? "refused"
                                                                               : "failed";
    t.rows.push_back({sync::step_label(s.step),
                      sync::step_verb(s.step),
                      s.step.pending.zone,
                      s.step.pending.serial,
                      result,
                      s.message});
  }
  for (const auto& [zone, n] : r.notifies) {
    if (n.peer.target_id == 0 && !n.ok()) {
      t.rows.push_back({n.peer.label + " " + n.peer.host + ":" + std::to_string(n.peer.port),
                        "notify",
                        zone,
                        nullptr,
                        "failed",
                        n.why()});
    }
  }
  for (const auto& z : r.zones) {
    for (const auto& n : z.nameservers) {
      t.rows.push_back({"nameserver " + n.host + ":" + std::to_string(n.port),
                        z.removed ? "poll (gone)" : "poll",
                        z.zone,
                        n.serial,
                        model::to_string(n.status),
                        n.error});
    }
  }
  if (as_log) {
    log::info(totals_line(r, seconds)); // a daemon's output is its log, not tables
  } else {
    DNSCTL_TRY(print_list(t, out));
    if (out.format == "table") {
      print_line(totals_line(r, seconds));
    }
  }
  std::vector<std::string> failed;
  for (const auto& f : v.findings) {
    if (f.kind == sync::Finding::Kind::unreachable) {
      failed.push_back(f.target + (f.zone.empty() ? "" : " " + f.zone) + ": " + f.message);
    }
  }
  if (r.ok() && failed.empty()) {
    return {};
  }
  for (const auto& s : r.steps) {
    if (!s.ok) {
      failed.push_back(sync::step_label(s.step) + " " + s.step.pending.zone + ": " + s.message);
    }
  }
  for (const auto& z : r.zones) {
    if (!z.converged) {
      for (const auto& n : z.nameservers) {
        if (n.status != model::NameserverStatus::in_sync) {
          failed.push_back("nameserver " + n.host + ":" + std::to_string(n.port) + " " + z.zone
                           + ": " + model::to_string(n.status)
                           + (n.error.empty() ? "" : " (" + n.error + ")"));
        }
      }
    }
  }
  // The first few name the problem; the table (or -f json) has them all.
  constexpr size_t k_named = 5;
  size_t more = failed.size() > k_named ? failed.size() - k_named : 0;
  failed.resize(std::min(failed.size(), k_named));
  return make_error(Errc::peer,
                    "sync incomplete: " + text::join(failed, "; ")
                        + (more > 0 ? "; and " + std::to_string(more) + " more" : ""));
}

// "sync: 120/400 steps (2 failed), 80/200 zones in sync" on standard error, redrawn at
// most ten times a second, and only when it is a terminal (never in cron's mail).
class ProgressLine {
public:
  bool on() const { return m_on; }
  void show(const sync::Progress& p) {
    auto now = std::chrono::steady_clock::now();
    if (now - m_last < std::chrono::milliseconds(100)) {
      return;
    }
    m_last = now;
    std::string line =
        "sync: " + std::to_string(p.steps_done) + "/" + std::to_string(p.steps) + " steps";
    line += p.steps_failed > 0 ? " (" + std::to_string(p.steps_failed) + " failed)" : "";
    if (p.zones_polled > 0) {
      line += ", " + std::to_string(p.zones_in_sync) + "/" + std::to_string(p.zones_polled)
              + " zones in sync";
    }
    (void)std::fputs(("\r\033[K" + line).c_str(), stderr); // a lost progress line is no error
    m_shown = true;
  }
  void clear() {
    if (m_shown) {
      (void)std::fputs("\r\033[K", stderr);
      m_shown = false;
    }
  }

private:
  bool m_on = ::isatty(STDERR_FILENO) != 0;
  bool m_shown = false;
  std::chrono::steady_clock::time_point m_last{};
};

// --serve: the zone transfers from this process, one worker.
Result<std::unique_ptr<mdns::Server>> serve_transfers(const Context& ctx, const std::string& at) {
  mdns::ServerOptions o;
  o.store_path = ctx.store_path();
  o.listen = {at};
  o.workers = 1;
  mdns::Limits l;
  l.max_message = ctx.settings.mdns_max_message_size;
  l.udp_payload = static_cast<uint16_t>(ctx.settings.mdns_udp_payload);
  DNSCTL_TRY_ASSIGN(auto server, mdns::Server::start(o, l));
  log::info("sync: serving transfers on " + text::join(server->bound(), ", "));
  return server;
}

// One run: verify (when asked), plan, the backend steps, NOTIFY, the polls.
Status sync_pass(Context& ctx, store::Store& s, const SyncArgs& a, bool verify) {
  {
    std::vector<int64_t> ids;
    for (const auto& z : a.zones) {
      DNSCTL_TRY_ASSIGN(auto found, store::find_zone(s, z));
      ids.push_back(found.id);
    }
    int64_t pool_id = 0;
    if (!a.pool.empty()) {
      DNSCTL_TRY_ASSIGN(auto p, store::find_pool(s, a.pool));
      pool_id = p.id;
    }
    DNSCTL_TRY_ASSIGN(auto pools, store::load_pools(s));
    for (const auto& p : pools) {
      DNSCTL_TRY(sync::poll_settings(p, poll_defaults(ctx.settings)));
    }
    sync::VerifyReport verified;
    if (verify) {
      auto v = sync::verify(s, pools, ids, pool_id, a.timeout, !a.dry_run && !a.expect_no_changes);
      if (!v) {
        return v.error();
      }
      verified = std::move(*v);
    }
    auto pending = store::pending_targets(s, ids, pool_id);
    if (!pending) {
      return pending.error();
    }
    DNSCTL_TRY_ASSIGN(auto held, store::zones_per_target(s));
    auto plan = sync::make_plan(*pending, pools, held, {a.max_deletes, a.force});
    if (a.dry_run || a.expect_no_changes) {
      DNSCTL_TRY(print_plan(plan, verified, a.out));
      if (a.expect_no_changes && !plan.empty()) {
        return make_error(Errc::peer,
                          std::to_string(plan.steps.size()) + " change(s) pending, none expected");
      }
      return {};
    }
    if (plan.empty()) {
      if (!verified.findings.empty()) {
        return report(sync::Report{}, verified, a.out, 0, a.watch);
      }
      if (a.out.format == "table" && !a.watch) {
        print_line(a.verify ? "sync: nothing to do; " + std::to_string(verified.checked)
                                  + " zone(s) on targets verified"
                            : "sync: nothing to do");
      }
      return {};
    }
    std::unique_ptr<mdns::Server> server;
    if (!a.serve.empty() && !a.watch) { // --watch serves for its whole life
      DNSCTL_TRY_ASSIGN(server, serve_transfers(ctx, a.serve));
    }
    sync::Options o;
    o.timeout = a.timeout;
    o.notify_timeout = std::min(o.timeout, std::chrono::milliseconds(3000));
    o.parallel = a.parallel;
    o.poll = poll_defaults(ctx.settings);
    auto started = std::chrono::steady_clock::now();
    ProgressLine progress;
    if (progress.on() && !a.watch) {
      o.progress = [&progress](const sync::Progress& p) { progress.show(p); };
    }
    auto r = sync::run(s, plan, pools, o);
    // Zones that moved and now answer from their new pool: the old pool's servers drop
    // them in the same command.
    for (int pass = 0; pass < 3 && !r.released.empty(); ++pass) {
      DNSCTL_TRY_ASSIGN(auto more, store::pending_targets(s, r.released, 0));
      DNSCTL_TRY_ASSIGN(auto counts, store::zones_per_target(s));
      r.append(
          sync::run(s, sync::make_plan(more, pools, counts, {a.max_deletes, a.force}), pools, o));
    }
    progress.clear();
    if (server) {
      server->stop();
    }
    return report(r,
                  verified,
                  a.out,
                  std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(),
                  a.watch);
  }
}

// --watch: a pass at start, then one whenever another process commits to the store
// (inotify on its directory, confirmed by PRAGMA data_version, as the mdns learns of
// commits), after `retry` when a pass failed, and a --verify pass every
// `verify_every`. SIGTERM and SIGINT stop it after the pass under way.
Status watch_sync(Context& ctx, const SyncArgs& a) {
  log::set_level(ctx.verbose >= 1 ? log::Level::debug : log::Level::info);
  StopSignal signal("sync: stopping after the pass under way");
  const std::atomic<bool>& stop = signal.flag();
  auto ran = ctx.with_store([&](store::Store& s) -> Status {
    std::unique_ptr<mdns::Server> server;
    if (!a.serve.empty()) {
      DNSCTL_TRY_ASSIGN(server, serve_transfers(ctx, a.serve));
    }
    mdns::ChangeWatch watch(ctx.store_path());
    using Clock = std::chrono::steady_clock;
    auto next_verify = a.verify_every.count() > 0 ? Clock::now() : Clock::time_point::max();
    log::info("sync: watching " + ctx.store_path());
    while (!stop) {
      int64_t seen = s.data_version();
      bool verify = Clock::now() >= next_verify;
      if (verify) {
        next_verify = Clock::now() + a.verify_every;
      }
      auto pass = sync_pass(ctx, s, a, verify);
      if (!pass) {
        log::error(pass.error().text());
      }
      auto retry_at = pass ? Clock::time_point::max() : Clock::now() + a.retry;
      // Until another process commits, a retry or a verify is due, or a signal.
      while (!stop) {
        if (watch.changed() && s.data_version() != seen) {
          break;
        }
        auto now = Clock::now();
        if (now >= retry_at || now >= next_verify) {
          break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
    if (server) {
      server->stop();
    }
    return {};
  });
  return ran;
}

Status run_sync(Context& ctx, const SyncArgs& a) {
  if (a.watch) {
    if (a.dry_run || a.expect_no_changes) {
      return make_error(Errc::invalid_input,
                        "--watch runs syncs; it does not go with --dry-run or "
                        "--expect-no-changes");
    }
    return watch_sync(ctx, a);
  }
  return ctx.with_store([&](store::Store& s) { return sync_pass(ctx, s, a, a.verify); });
}

Handler add_sync(CLI::App* cmd, Context& ctx) {
  auto a = std::make_shared<SyncArgs>();
  cmd->add_option("zone", a->zones, "Zones (names or ids) to sync; default: every zone");
  cmd->add_option("--pool", a->pool, "Only this pool's zones (name or id)");
  cmd->add_flag("--dry-run", a->dry_run, "Print the plan (target, action, zone); change nothing");
  cmd->add_flag("--verify",
                a->verify,
                "Ask every target whether it holds its zones: re-create what it lost, report what "
                "it holds that the store does not (never deleted)");
  cmd->add_option("--serve",
                  a->serve,
                  "ADDR:PORT: serve the transfers from this process while syncing (for cron; "
                  "without it a running `dnsctl mdns` is expected)");
  cmd->add_option_function<std::string>(
         "--timeout",
         [a](const std::string& v) {
           auto t = text::parse_seconds(v, 3600);
           if (!t || *t < std::chrono::milliseconds(100)) {
             throw CLI::ValidationError("--timeout",
                                        "invalid seconds " + text::quote(v) + " (0.1..3600)");
           }
           a->timeout = *t;
         },
         "Seconds each backend command may take (default 10)")
      ->type_name("SECONDS");
  cmd->add_option("--parallel", a->parallel, "Backend commands run at once (default 4)")
      ->check(CLI::Range(1, 256));
  cmd->add_flag("--expect-no-changes",
                a->expect_no_changes,
                "Print the plan, change nothing, exit 1 when it is not empty");
  cmd->add_option("--max-deletes",
                  a->max_deletes,
                  "Most zones one run deletes from a target (default: 10, or 10 % of its zones "
                  "if more)");
  cmd->add_flag("--force", a->force, "Delete past --max-deletes");
  cmd->add_flag("--watch",
                a->watch,
                "Run as a daemon: a sync whenever the store changes, failed ones again after "
                "--retry, until SIGTERM");
  auto seconds = [](std::chrono::milliseconds& out, const char* name) {
    return [&out, name](const std::string& v) {
      auto t = text::parse_seconds(v, 86400);
      if (!t) {
        throw CLI::ValidationError(name, "invalid seconds " + text::quote(v) + " (0..86400)");
      }
      out = *t;
    };
  };
  cmd->add_option_function<std::string>("--retry",
                                        seconds(a->retry, "--retry"),
                                        "--watch: seconds before a failed sync is "
                                        "run again (default 30)")
      ->type_name("SECONDS");
  cmd->add_option_function<std::string>("--verify-every",
                                        seconds(a->verify_every, "--verify-every"),
                                        "--watch: a --verify sync this often (default: never)")
      ->type_name("SECONDS");
  add_output_options(cmd, a->out);
  return [&ctx, a]() { return run_sync(ctx, *a); };
}

Handler add_status(CLI::App* cmd, Context& ctx) {
  struct Args {
    std::vector<std::string> zones;
    bool problems = false;
    OutputOptions out;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("zone", a->zones, "Zones (names or ids); default: every zone");
  cmd->add_flag("--problems",
                a->problems,
                "Only the rows that are not in sync: targets not done, nameservers not "
                "serving the store's serial");
  add_output_options(cmd, a->out);
  return [&ctx, a]() -> Status {
    return ctx.with_store([&](store::Store& s) -> Status {
      DNSCTL_TRY_ASSIGN(auto all, sync::zone_status(s, a->zones));
      int64_t now = store::Store::now();
      Table t{{"zone",
               "serial",
               "server",
               "pool",
               "kind",
               "state",
               "seen",
               "lag",
               "last_seen",
               "last_error",
               "last_attempt"},
              {}};
      std::vector<std::string> behind;
      for (const auto& z : all) {
        for (const auto& tg : z.targets) {
          bool done = tg.state.action == model::TargetAction::none
                      && tg.state.status == model::TargetStatus::active;
          if (a->problems && done) {
            continue;
          }
          std::string state =
              model::to_string(tg.state.action) + "/" + model::to_string(tg.state.status);
          t.rows.push_back({z.zone.name,
                            z.zone.serial,
                            tg.label,
                            tg.pool,
                            "target",
                            state,
                            tg.state.serial,
                            nullptr,
                            nullptr,
                            tg.state.last_error,
                            time_cell(tg.state.last_attempt)});
        }
        for (const auto& n : z.nameservers) {
          if (a->problems && n.status == model::NameserverStatus::in_sync
              && n.serial == z.zone.serial) {
            continue;
          }
          nlohmann::json lag = nullptr;
          if (n.status == model::NameserverStatus::in_sync
              || n.status == model::NameserverStatus::behind
              || n.status == model::NameserverStatus::stale) {
            lag = static_cast<int64_t>(z.zone.serial - n.serial);
          }
          std::string seen = ago_text(n.last_seen, now);
          t.rows.push_back({z.zone.name,
                            z.zone.serial,
                            n.host + ":" + std::to_string(n.port),
                            z.zone.pool_name,
                            "nameserver",
                            n.status == model::NameserverStatus::never ? "never polled"
                                                                       : model::to_string(n.status),
                            n.serial,
                            lag,
                            seen.empty() ? nlohmann::json() : nlohmann::json(seen + " ago"),
                            n.last_error,
                            time_cell(n.last_attempt)});
        }
        if (!z.in_sync) {
          behind.push_back(z.zone.name);
        }
      }
      DNSCTL_TRY(print_list(t, a->out));
      if (!behind.empty()) {
        return make_error(Errc::peer, "not in sync: " + text::join(behind, ", "));
      }
      return {};
    });
  };
}

} // namespace

void register_sync(CLI::App& app, Context& ctx, Commands& commands) {
  add_commands(app,
               ctx,
               commands,
               {{"sync",
                 "Make the pools' servers serve what the store holds: rndc addzone/delzone "
                 "where needed, NOTIFY, then poll the nameservers for the serial",
                 Access::writes,
                 add_sync},
                {"status",
                 "Every zone's serial in the store and on every nameserver, the lag, and each "
                 "target's state; exit 0 only when all is in sync",
                 Access::reads,
                 add_status}});
}

} // namespace dnsctl::cli
