// dnsctl rndc render: the rndc command lines each bind9 target would get.

#include "backends/bind9/commands.hpp"
#include "cli/context.hpp"
#include "cli/output.hpp"
#include "core/ops/zones.hpp"
#include "core/store/pools.hpp"
#include "core/store/targets.hpp"
#include "core/util/process.hpp"

#include <CLI/CLI.hpp>

#include <map>

namespace dnsctl::cli {
namespace {

struct RenderArgs {
  std::vector<std::string> zones;
  std::string pool;
  std::string action;
  OutputOptions out;
};

Status render(Context& ctx, const RenderArgs& a) {
  std::optional<backends::bind9::Action> forced;
  if (!a.action.empty()) {
    DNSCTL_TRY_ASSIGN(auto act, backends::bind9::parse_action(a.action));
    forced = act;
  }
  auto store = ctx.open_store();
  if (!store) {
    return store.error();
  }
  std::vector<model::Zone> zones;
  if (a.zones.empty()) {
    ops::ZoneFilter f;
    f.pool = a.pool;
    DNSCTL_TRY_ASSIGN(auto all, ops::list_zones(*store, f));
    zones = std::move(all.items);
  } else {
    for (const auto& name : a.zones) {
      DNSCTL_TRY_ASSIGN(auto z, ops::find_zone(*store, name));
      zones.push_back(std::move(z));
    }
  }
  std::map<int64_t, model::Pool> pools;
  Table t{{"zone", "target", "action", "command", "argv"}, {}};
  for (const auto& z : zones) {
    if (!pools.contains(z.pool_id)) {
      DNSCTL_TRY_ASSIGN(auto p, store::load_pool(*store, z.pool_id));
      pools.emplace(z.pool_id, std::move(p));
    }
    const model::Pool& pool = pools.at(z.pool_id);
    DNSCTL_TRY_ASSIGN(auto states, store::target_states(*store, z.id));
    for (const auto& target : pool.targets) {
      if (target.type != "bind9") {
        continue;
      }
      std::optional<backends::bind9::Action> act = forced;
      if (!act) {
        for (const auto& s : states) {
          if (s.target_id == target.id) {
            act = backends::bind9::action_for(s.action);
          }
        }
      }
      if (!act) {
        continue;
      }
      auto clean = z.hard_delete ? backends::bind9::Clean::yes : backends::bind9::Clean::no;
      auto argv = backends::bind9::rndc_argv(target, *act, {z.name, z.uuid}, clean);
      if (!argv) {
        return make_error(argv.error().code, argv.error().message, "zone " + z.name);
      }
      nlohmann::json argv_json = *argv;
      t.rows.push_back({z.name,
                        target.uuid,
                        backends::bind9::to_string(*act),
                        process::shell_join(*argv),
                        argv_json});
    }
  }
  if (a.out.format == "value" && a.out.columns.empty()) {
    // The natural output: one command line per target, ready for review or `| sh`.
    for (const auto& r : t.rows) {
      print_line(r[3].get<std::string>());
    }
    return {};
  }
  return print_list(t, a.out);
}

Handler add_render(CLI::App* cmd, Context& ctx) {
  auto a = std::make_shared<RenderArgs>();
  cmd->add_option("zones", a->zones, "Zone names or ids (default: every zone)");
  cmd->add_option("--pool", a->pool, "Only zones of this pool");
  cmd->add_option("--action",
                  a->action,
                  "addzone, delzone, modzone, notify, refresh, retransfer or showzone "
                  "(default: what each target has pending)");
  add_output_options(cmd, a->out, "value");
  return [&ctx, a]() { return render(ctx, *a); };
}

} // namespace

void register_rndc(CLI::App& app, Context& ctx, Commands& commands) {
  add_group(app,
            ctx,
            commands,
            {"rndc",
             "The rndc commands for bind9 targets",
             {},
             {{"render",
               "Print, per bind9 target, the rndc command line for each zone (shell-quoted)",
               Access::reads,
               add_render}}});
}

} // namespace dnsctl::cli
