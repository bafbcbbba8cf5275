// dnsctl sync (push the store to the pools' servers) and dnsctl status: arguments and
// printing; the pass and the daemon loop are core/sync.

#include "cli/context.hpp"
#include "cli/output.hpp"
#include "cli/stop_signal.hpp"
#include "cli/sync_output.hpp"
#include "core/sync/status.hpp"
#include "core/sync/watch.hpp"
#include "core/util/log.hpp"
#include "core/util/text.hpp"

#include <CLI/CLI.hpp>

#include <atomic>
#include <chrono>

namespace dnsctl::cli {
namespace {

struct SyncArgs {
  sync::PassRequest pass;
  bool dry_run = false;
  bool expect_no_changes = false;
  bool quiet = false; // cron: nothing printed when there is nothing to do
  OutputOptions out;
  // --watch: run as a daemon, a pass on every store commit and on a timer.
  bool watch = false;
  sync::WatchOptions watch_options;
};

// What a pass did: the plan (a dry run), "nothing to do", or the report.
Status show_pass(const SyncArgs& a, const sync::PassResult& r, bool as_log) {
  if (a.dry_run || a.expect_no_changes) {
    DNSCTL_TRY(print_plan(r.plan, r.verified, a.out));
    if (a.expect_no_changes && r.changes_pending()) {
      return make_error(
          Errc::peer,
          std::to_string(r.plan.steps.size()) + " change(s) pending, none expected"
              + (r.verified.findings.empty() ? "" : " (and what --verify found above)"));
    }
    return {};
  }
  if (!r.ran) {
    if (!r.verified.findings.empty()) {
      return report(sync::Report{}, r.verified, a.out, 0, as_log);
    }
    if (a.out.format == "table" && !as_log && !a.quiet) {
      print_line(a.pass.verify ? "sync: nothing to do; " + std::to_string(r.verified.checked)
                                     + " zone(s) on targets verified"
                               : "sync: nothing to do");
    }
    return {};
  }
  return report(r.report, r.verified, a.out, r.seconds, as_log);
}

Status run_sync(Context& ctx, SyncArgs& a) {
  a.pass.plan_only = a.dry_run || a.expect_no_changes;
  if (a.watch) {
    if (a.pass.plan_only) {
      return make_error(Errc::invalid_input,
                        "--watch runs syncs; it does not go with --dry-run or "
                        "--expect-no-changes");
    }
    log::set_level(ctx.verbose >= 1 ? log::Level::debug : log::Level::info);
    StopSignal signal("sync: stopping after the pass under way");
    return ctx.with_store([&](store::Store& s) -> Status {
      sync::WatchOptions options = a.watch_options;
      options.on_pass = [&](const Result<sync::PassResult>& r) {
        auto shown = r ? show_pass(a, *r, true) : Status(r.error());
        if (!shown) {
          log::error(shown.error().text());
        }
      };
      return sync::watch(s, ctx.store_path(), ctx.settings, a.pass, options, signal.flag());
    });
  }
  ProgressLine progress;
  if (progress.on()) {
    a.pass.progress = [&progress](const sync::Progress& p) { progress.show(p); };
  }
  return ctx.with_store([&](store::Store& s) -> Status {
    auto r = sync::pass(s, ctx.store_path(), ctx.settings, a.pass);
    progress.clear();
    if (!r) {
      return r.error();
    }
    return show_pass(a, *r, false);
  });
}

Handler add_sync(CLI::App* cmd, Context& ctx) {
  auto a = std::make_shared<SyncArgs>();
  cmd->add_option("zone", a->pass.zones, "Zones (names or ids) to sync; default: every zone");
  cmd->add_option("--pool", a->pass.pool, "Only this pool's zones (name or id)");
  cmd->add_flag("--dry-run", a->dry_run, "Print the plan (target, action, zone); change nothing");
  cmd->add_flag("--quiet,-q",
                a->quiet,
                "For cron: print nothing when there is nothing to do (errors still go to "
                "stderr, with the exit status)");
  cmd->add_flag("--verify",
                a->pass.verify,
                "Ask every target whether it holds its zones: re-create what it lost, report what "
                "it holds that the store does not (never deleted)");
  cmd->add_option("--serve",
                  a->pass.serve,
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
           a->pass.timeout = *t;
         },
         "Seconds each backend command may take (default 10)")
      ->type_name("SECONDS");
  cmd->add_option("--parallel", a->pass.parallel, "Backend commands run at once (default 4)")
      ->check(CLI::Range(1, 256));
  cmd->add_flag("--expect-no-changes",
                a->expect_no_changes,
                "Print the plan, change nothing, exit 1 when it is not empty");
  cmd->add_option("--max-deletes",
                  a->pass.limits.max_deletes,
                  "Most zones one run deletes from a target (default: 10, or 10 % of its zones "
                  "if more)");
  cmd->add_flag("--force", a->pass.limits.force, "Delete past --max-deletes");
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
                                        seconds(a->watch_options.retry, "--retry"),
                                        "--watch: seconds before a failed sync is "
                                        "run again (default 30)")
      ->type_name("SECONDS");
  cmd->add_option_function<std::string>("--verify-every",
                                        seconds(a->watch_options.verify_every, "--verify-every"),
                                        "--watch: a --verify sync this often (default: never)")
      ->type_name("SECONDS");
  add_output_options(cmd, a->out);
  return [&ctx, a]() { return run_sync(ctx, *a); };
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
                status_command()});
}

} // namespace dnsctl::cli
