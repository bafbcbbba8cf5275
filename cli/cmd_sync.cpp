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
  double timeout = 10;
  size_t parallel = 4;
  bool expect_no_changes = false;
  bool force = false;
  std::optional<size_t> max_deletes;
  OutputOptions out;
};

std::chrono::milliseconds ms(double seconds) {
  return std::chrono::milliseconds(static_cast<int64_t>(std::llround(seconds * 1000)));
}

sync::PollSettings poll_defaults(const model::Settings& s) {
  sync::PollSettings p;
  p.delay = ms(s.poll_delay);
  p.interval = ms(s.poll_interval);
  p.max_retries = s.poll_retries;
  p.query_timeout = ms(s.poll_timeout);
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
    t.rows.push_back(
        {sync::step_label(s),
         sync::step_verb(s),
         s.pending.zone,
         s.pending.serial,
         s.refused.empty() ? (s.pending.status == "error" ? "retry" : "") : s.refused});
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
                        n.status,
                        n.error});
    }
  }
  if (auto ok = print_list(t, out); !ok) {
    return ok;
  }
  if (out.format == "table") {
    size_t notified = r.notifies.size();
    std::string line = "sync: " + std::to_string(r.steps.size()) + " step(s), "
                       + std::to_string(r.commands) + " backend command(s), "
                       + std::to_string(notified) + " NOTIFY";
    for (const auto& z : r.zones) {
      line += "; " + z.zone + " " + std::to_string(z.in_sync) + "/" + std::to_string(z.total)
              + " nameservers in " + std::to_string(std::lround(z.seconds * 1000)) + " ms";
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
        if (n.status != "in-sync") {
          failed.push_back("nameserver " + n.host + ":" + std::to_string(n.port) + " " + z.zone
                           + ": " + n.status + (n.error.empty() ? "" : " (" + n.error + ")"));
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
      auto found = store::find_zone(s, z);
      if (!found) {
        return found.error();
      }
      ids.push_back(found->id);
    }
    int64_t pool_id = 0;
    if (!a.pool.empty()) {
      auto p = store::find_pool(s, a.pool);
      if (!p) {
        return p.error();
      }
      pool_id = p->id;
    }
    auto pools = store::load_pools(s);
    if (!pools) {
      return pools.error();
    }
    for (const auto& p : *pools) {
      if (auto ok = sync::poll_settings(p, poll_defaults(ctx.settings)); !ok) {
        return ok.error();
      }
    }
    sync::VerifyReport verified;
    if (a.verify) {
      auto v =
          sync::verify(s, *pools, ids, pool_id, ms(a.timeout), !a.dry_run && !a.expect_no_changes);
      if (!v) {
        return v.error();
      }
      verified = std::move(*v);
    }
    auto pending = store::pending_targets(s, ids, pool_id);
    if (!pending) {
      return pending.error();
    }
    auto held = store::zones_per_target(s);
    if (!held) {
      return held.error();
    }
    auto plan = sync::make_plan(*pending, *pools, *held, {a.max_deletes, a.force});
    if (a.dry_run || a.expect_no_changes) {
      if (auto ok = print_plan(plan, verified, a.out); !ok) {
        return ok;
      }
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
      auto started = mdns::Server::start(o, l);
      if (!started) {
        return started.error();
      }
      server = std::move(*started);
      log::info("sync: serving transfers on " + text::join(server->bound(), ", "));
    }
    sync::Options o;
    o.timeout = ms(a.timeout);
    o.notify_timeout = std::min(o.timeout, ms(3));
    o.parallel = a.parallel;
    o.poll = poll_defaults(ctx.settings);
    auto r = sync::run(s, plan, *pools, o);
    if (server) {
      server->stop();
    }
    return report(r, verified, a.out);
  });
}

void add_sync(CLI::App& app, Context& ctx, Commands& commands) {
  auto a = std::make_shared<SyncArgs>();
  auto* cmd = app.add_subcommand("sync",
                                 "Make the pools' servers serve what the store holds: rndc "
                                 "addzone/delzone where needed, NOTIFY, then poll the "
                                 "nameservers for the serial");
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
  cmd->add_option("--timeout", a->timeout, "Seconds each backend command may take (default 10)")
      ->check(CLI::Range(0.1, 3600.0));
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
  commands.add(cmd, [&ctx, a]() { return run_sync(ctx, *a); });
}

void add_status(CLI::App& app, Context& ctx, Commands& commands) {
  struct Args {
    std::vector<std::string> zones;
    OutputOptions out;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("status",
                                 "Every zone's serial in the store and on every nameserver, "
                                 "the lag, and each target's state; exit 0 only when all is "
                                 "in sync");
  cmd->add_option("zone", a->zones, "Zones (names or ids); default: every zone");
  add_output_options(cmd, a->out);
  commands.add(cmd, [&ctx, a]() -> Status {
    return ctx.with_store([&](store::Store& s) -> Status {
      auto all = sync::zone_status(s, a->zones);
      if (!all) {
        return all.error();
      }
      Table t{{"zone",
               "serial",
               "server",
               "kind",
               "state",
               "seen",
               "lag",
               "last_error",
               "last_attempt"},
              {}};
      std::vector<std::string> behind;
      for (const auto& z : *all) {
        for (const auto& tg : z.targets) {
          std::string state = model::to_string(tg.state.action) + "/" + tg.state.status;
          t.rows.push_back({z.zone.name,
                            z.zone.serial,
                            tg.label,
                            "target",
                            state,
                            tg.state.serial,
                            nullptr,
                            tg.state.last_error,
                            tg.state.last_attempt});
        }
        for (const auto& n : z.nameservers) {
          nlohmann::json lag = nullptr;
          if (n.status == "in-sync" || n.status == "behind" || n.status == "stale") {
            lag = static_cast<int64_t>(z.zone.serial - n.serial);
          }
          t.rows.push_back({z.zone.name,
                            z.zone.serial,
                            n.host + ":" + std::to_string(n.port),
                            "nameserver",
                            n.status.empty() ? "never polled" : n.status,
                            n.serial,
                            lag,
                            n.last_error,
                            n.last_attempt});
        }
        if (!z.in_sync) {
          behind.push_back(z.zone.name);
        }
      }
      if (auto ok = print_list(t, a->out); !ok) {
        return ok;
      }
      if (!behind.empty()) {
        return make_error(Errc::peer, "not in sync: " + text::join(behind, ", "));
      }
      return {};
    });
  });
}

} // namespace

void register_sync(CLI::App& app, Context& ctx, Commands& commands) {
  add_sync(app, ctx, commands);
  add_status(app, ctx, commands);
}

} // namespace dnsctl::cli
