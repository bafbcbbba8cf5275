// dnsctl sync (push the store to the pools' servers) and dnsctl status.

#include "cli/context.hpp"
#include "cli/output.hpp"
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

#include <cmath>

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

Status report(const sync::Report& r, const sync::VerifyReport& v, const OutputOptions& out) {
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
  DNSCTL_TRY(print_list(t, out));
  if (out.format == "table") {
    size_t notified = r.notifies.size();
    std::string line = "sync: " + std::to_string(r.steps.size()) + " step(s), "
                       + std::to_string(r.commands) + " backend command(s), "
                       + std::to_string(notified) + " NOTIFY";
    for (const auto& z : r.zones) {
      // A moving zone is polled in both pools: on the new for its serial, on the old
      // for its absence.
      line += "; " + z.zone + " " + std::to_string(z.in_sync) + "/" + std::to_string(z.total)
              + (z.removed ? " nameservers without it" : " nameservers") + " in pool " + z.pool
              + " in " + std::to_string(std::lround(z.seconds * 1000)) + " ms";
    }
    print_line(line);
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
  return make_error(Errc::peer, "sync incomplete: " + text::join(failed, "; "));
}

Status run_sync(Context& ctx, const SyncArgs& a) {
  return ctx.with_store([&](store::Store& s) -> Status {
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
    if (a.verify) {
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
        return report(sync::Report{}, verified, a.out);
      }
      if (a.out.format == "table") {
        print_line(a.verify ? "sync: nothing to do; " + std::to_string(verified.checked)
                                  + " zone(s) on targets verified"
                            : "sync: nothing to do");
      }
      return {};
    }
    std::unique_ptr<mdns::Server> server;
    if (!a.serve.empty()) {
      mdns::ServerOptions o;
      o.store_path = ctx.store_path();
      o.listen = {a.serve};
      o.workers = 1;
      mdns::Limits l;
      l.max_message = ctx.settings.mdns_max_message_size;
      l.udp_payload = static_cast<uint16_t>(ctx.settings.mdns_udp_payload);
      DNSCTL_TRY_ASSIGN(auto started, mdns::Server::start(o, l));
      server = std::move(started);
      log::info("sync: serving transfers on " + text::join(server->bound(), ", "));
    }
    sync::Options o;
    o.timeout = a.timeout;
    o.notify_timeout = std::min(o.timeout, std::chrono::milliseconds(3000));
    o.parallel = a.parallel;
    o.poll = poll_defaults(ctx.settings);
    auto r = sync::run(s, plan, pools, o);
    // Zones that moved and now answer from their new pool: the old pool's servers drop
    // them in the same command.
    for (int pass = 0; pass < 3 && !r.released.empty(); ++pass) {
      DNSCTL_TRY_ASSIGN(auto more, store::pending_targets(s, r.released, 0));
      DNSCTL_TRY_ASSIGN(auto counts, store::zones_per_target(s));
      r.append(
          sync::run(s, sync::make_plan(more, pools, counts, {a.max_deletes, a.force}), pools, o));
    }
    if (server) {
      server->stop();
    }
    return report(r, verified, a.out);
  });
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
