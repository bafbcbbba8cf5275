// dnsctl target render: what the next sync would run on each target, as its backend
// describes it; dnsctl rndc render: the same for bind9 targets as Designate's rndc lines
// (also for an action given with --action).

#include "backends/bind9/commands.hpp"
#include "cli/context.hpp"
#include "cli/output.hpp"
#include "core/ops/zones.hpp"
#include "core/store/pools.hpp"
#include "core/sync/render.hpp"
#include "core/util/process.hpp"
#include "core/util/text.hpp"

#include <CLI/CLI.hpp>

#include <map>

namespace dnsctl::cli {
namespace {

struct RenderArgs {
  std::vector<std::string> zones;
  std::string pool;
  std::string action; // rndc render --action
  OutputOptions out;
};

// The natural output of `-f value` without -c: one command line per row, ready for
// review or `| sh`.
Status print_commands(const Table& t, const OutputOptions& out, size_t column) {
  if (out.format == "value" && out.columns.empty()) {
    for (const auto& r : t.rows) {
      if (r[column].is_string() && !r[column].get<std::string>().empty()) {
        print_line(r[column].get<std::string>());
      }
    }
    return {};
  }
  return print_list(t, out);
}

Status render_targets(Context& ctx, const RenderArgs& a) {
  return ctx.with_store([&](store::Store& s) -> Status {
    DNSCTL_TRY_ASSIGN(auto rows, sync::render(s, ctx.settings, a.zones, a.pool));
    Table t{{"zone", "target", "type", "action", "command", "note"}, {}};
    for (const auto& r : rows) {
      t.rows.push_back({r.zone,
                        r.label,
                        backends::canonical_type(r.target.type),
                        r.action,
                        text::join(r.commands, "\n"),
                        r.note});
    }
    return print_commands(t, a.out, 4);
  });
}

// --action: that rndc command for every bind9 target of each zone's pool.
Result<std::vector<model::Zone>> zones_of(store::Store& s, const RenderArgs& a) {
  if (!a.zones.empty()) {
    std::vector<model::Zone> out;
    for (const auto& name : a.zones) {
      DNSCTL_TRY_ASSIGN(auto z, ops::find_zone(s, name));
      out.push_back(std::move(z));
    }
    return out;
  }
  ops::ZoneFilter f;
  f.pool = a.pool;
  DNSCTL_TRY_ASSIGN(auto all, ops::list_zones(s, f));
  return std::move(all.items);
}

bool is_bind9(const model::Target& t) {
  return backends::canonical_type(t.type) == "bind9";
}

Status render_rndc(Context& ctx, const RenderArgs& a) {
  using backends::bind9::Action;
  std::optional<Action> forced;
  if (!a.action.empty()) {
    DNSCTL_TRY_ASSIGN(auto act, backends::bind9::parse_action(a.action));
    forced = act;
  }
  struct Line {
    std::string zone;
    std::string zone_uuid;
    bool hard_delete;
    model::Target target;
    Action action;
  };
  std::vector<Line> lines;
  DNSCTL_TRY(ctx.with_store([&](store::Store& s) -> Status {
    if (forced) {
      DNSCTL_TRY_ASSIGN(auto zones, zones_of(s, a));
      std::map<int64_t, model::Pool> pools;
      for (const auto& z : zones) {
        if (!pools.contains(z.pool_id)) {
          DNSCTL_TRY_ASSIGN(auto p, store::load_pool(s, z.pool_id));
          pools.emplace(z.pool_id, std::move(p));
        }
        for (const auto& target : pools.at(z.pool_id).targets) {
          if (is_bind9(target)) {
            lines.push_back({z.name, z.uuid, z.hard_delete, target, *forced});
          }
        }
      }
      return {};
    }
    // What each target has pending, as the next sync plans it: a record change is a
    // refresh for rndc (sync sends a NOTIFY).
    DNSCTL_TRY_ASSIGN(auto rows, sync::render(s, ctx.settings, a.zones, a.pool));
    for (const auto& r : rows) {
      if (!is_bind9(r.target) || r.held || (!r.op && !r.note.empty() && r.note != "NOTIFY only")) {
        continue;
      }
      Action act = !r.op                               ? Action::refresh
                   : *r.op == backends::ZoneOp::add    ? Action::addzone
                   : *r.op == backends::ZoneOp::remove ? Action::delzone
                                                       : Action::modzone;
      lines.push_back({r.zone, r.zone_uuid, r.hard_delete, r.target, act});
    }
    return {};
  }));
  Table t{{"zone", "target", "action", "command", "argv"}, {}};
  for (const auto& l : lines) {
    auto clean = l.hard_delete ? backends::bind9::Clean::yes : backends::bind9::Clean::no;
    auto argv = backends::bind9::rndc_argv(l.target, l.action, {l.zone, l.zone_uuid}, clean);
    if (!argv) {
      return make_error(argv.error().code, argv.error().message, "zone " + l.zone);
    }
    nlohmann::json argv_json = *argv;
    t.rows.push_back({l.zone,
                      l.target.uuid,
                      backends::bind9::to_string(l.action),
                      process::shell_join(*argv),
                      argv_json});
  }
  return print_commands(t, a.out, 3);
}

void add_zone_args(CLI::App* cmd, RenderArgs& a) {
  cmd->add_option("zones", a.zones, "Zone names or ids (default: every zone)");
  cmd->add_option("--pool", a.pool, "Only zones of this pool");
}

Handler add_target_render(CLI::App* cmd, Context& ctx) {
  auto a = std::make_shared<RenderArgs>();
  add_zone_args(cmd, *a);
  add_output_options(cmd, a->out, "value");
  return [&ctx, a]() { return render_targets(ctx, *a); };
}

Handler add_rndc_render(CLI::App* cmd, Context& ctx) {
  auto a = std::make_shared<RenderArgs>();
  add_zone_args(cmd, *a);
  cmd->add_option("--action",
                  a->action,
                  "addzone, delzone, modzone, notify, refresh, retransfer or showzone "
                  "(default: what each target has pending)");
  add_output_options(cmd, a->out, "value");
  return [&ctx, a]() { return render_rndc(ctx, *a); };
}

} // namespace

void register_target(CLI::App& app, Context& ctx, Commands& commands) {
  add_group(app,
            ctx,
            commands,
            {"target",
             "The pools' targets",
             {},
             {{"render",
               "Print what the next sync would run on each target for each zone, as its "
               "backend describes it (rndc lines, API requests, knotc and nsd-control calls)",
               Access::reads,
               add_target_render}}});
  add_group(app,
            ctx,
            commands,
            {"rndc",
             "The rndc commands for bind9 targets",
             {},
             {{"render",
               "Print, per bind9 target, the rndc command line for each zone (shell-quoted)",
               Access::reads,
               add_rndc_render}}});
}

} // namespace dnsctl::cli
