// dnsctl pool: update generate-file show-config list show

#include "cli/context.hpp"
#include "cli/output.hpp"
#include "core/ops/pools.hpp"
#include "core/pools/consumer_config.hpp"
#include "core/pools/emit.hpp"
#include "core/pools/parse.hpp"
#include "core/store/pools.hpp"
#include "core/store/tsig_keys.hpp"
#include "core/util/log.hpp"
#include "core/util/text.hpp"

#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>

namespace dnsctl::cli {
namespace {

struct UpdateArgs {
  std::string file;
  bool dry_run = false;
  bool skip_verify_drivers = false;
  bool remove = false;
  OutputOptions out;
};

std::string plan_text(const pools::PlanLine& l) {
  return std::string(1, l.op) + " " + std::string(static_cast<size_t>(l.depth) * 2, ' ') + l.text;
}

Status print_plan(const pools::Plan& plan, const OutputOptions& out, bool applied, int bumped) {
  if (out.format == "json" || out.format == "yaml") {
    Table t{{"op", "depth", "change"}, {}};
    for (const auto& l : plan.diff.lines) {
      t.rows.push_back({std::string(1, l.op), l.depth, l.text});
    }
    for (const auto& l : plan.effects) {
      t.rows.push_back({std::string(1, l.op), -1, l.text});
    }
    return print_list(t, out);
  }
  if (plan.empty()) {
    print_line("no changes");
  } else {
    for (const auto& l : plan.diff.lines) {
      print_line(plan_text(l));
    }
    for (const auto& l : plan.effects) {
      print_line(std::string(1, l.op) + " => " + l.text);
    }
  }
  for (const auto& k : plan.diff.kept) {
    print_line("  (pool " + k + " is not in the file: kept; --delete removes it)");
  }
  if (!plan.empty()) {
    print_line(applied ? "applied: " + std::to_string(plan.diff.changes.size()) + " pool(s), "
                             + std::to_string(bumped) + " zone serial(s) bumped"
                       : "dry run: nothing was written");
  }
  return {};
}

Status update(Context& ctx, const UpdateArgs& a) {
  pools::ParseOptions po;
  po.skip_verify_drivers = a.skip_verify_drivers;
  std::vector<std::string> warnings;
  po.warnings = &warnings;
  auto desired = pools::parse_file(a.file, po);
  for (const auto& w : warnings) {
    log::warning(w);
  }
  if (!desired) {
    return desired.error();
  }
  DNSCTL_TRY_ASSIGN(auto store, ctx.open_store());
  DNSCTL_TRY_ASSIGN(
      auto done,
      ops::update_pools(store,
                        *desired,
                        a.remove ? pools::DeleteMissing::yes : pools::DeleteMissing::no,
                        a.dry_run ? ops::Mode::dry_run : ops::Mode::write));
  return print_plan(done.plan, a.out, !a.dry_run, done.bumped);
}

} // namespace

namespace {

nlohmann::json hostports(const std::vector<model::HostPort>& list) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& hp : list) {
    a.push_back(hp.host + ":" + std::to_string(hp.port));
  }
  return a;
}

Table pool_rows(const std::vector<model::Pool>& pools, store::Store& store, bool detail) {
  Table t;
  t.columns = {"id", "name", "description", "ns_records", "nameservers", "targets", "zones"};
  // A list shows the first seven; -c picks the rest (attributes: what the scheduler
  // matches zones against).
  t.columns.insert(t.columns.end(), {"attributes", "also_notifies", "catalog_zone"});
  t.shown = detail ? 0 : 7;
  for (const auto& p : pools) {
    nlohmann::json ns = nlohmann::json::array();
    for (const auto& r : p.ns_records) {
      ns.push_back(r.hostname);
    }
    nlohmann::json targets = nlohmann::json::array();
    for (const auto& tg : p.targets) {
      targets.push_back(tg.type + " " + tg.uuid
                        + (tg.description.empty() ? "" : " " + text::quote(tg.description)));
    }
    auto zones = store::pool_zone_names(store, p.id);
    std::vector<nlohmann::json> row{p.uuid,
                                    p.name,
                                    p.description,
                                    ns,
                                    hostports(p.nameservers),
                                    targets,
                                    zones ? static_cast<int64_t>(zones->size()) : -1};
    nlohmann::json attrs = nlohmann::json::array();
    // KEY:VALUE, as --attributes takes them and zone lists show them.
    for (const auto& [k, v] : p.attributes) {
      attrs.push_back(k + ":" + v); // NOLINT(performance-inefficient-string-concatenation)
    }
    row.push_back(attrs);
    row.push_back(hostports(p.also_notifies));
    row.push_back(p.catalog_zone ? nlohmann::json(p.catalog_zone->fqdn) : nlohmann::json());
    t.rows.push_back(std::move(row));
  }
  return t;
}

Status write_text(const std::string& file, const std::string& content) {
  return write_output(file, [&](std::ostream& out) -> Status {
    out << content;
    return {};
  });
}

} // namespace

namespace {

Handler add_update(CLI::App* cmd, Context& ctx) {
  auto a = std::make_shared<UpdateArgs>();
  cmd->add_option(
      "file",
      a->file,
      "The pools.yaml to apply (default: [pools] file of dnsctl.conf, /etc/dnsctl/pools.yaml)");
  cmd->add_option("--file", a->file, "Same as the positional FILE (designate-manage spelling)");
  cmd->add_flag("--dry-run", a->dry_run, "Print the field-level plan; write nothing");
  cmd->add_flag("--skip-verify-drivers",
                a->skip_verify_drivers,
                "Store targets of Designate types dnsctl does not drive; sync skips them");
  cmd->add_flag("--delete",
                a->remove,
                "Delete pools that are not in the file (refused while they hold zones)");
  add_output_options(cmd, a->out);
  return [&ctx, a]() -> Status {
    if (a->file.empty()) {
      // designate-manage pool update reads the configured file; kolla-ansible and
      // puppet-designate call it so.
      a->file = ctx.settings.pools_file;
    }
    return update(ctx, *a);
  };
}

Handler add_generate_file(CLI::App* cmd, Context& ctx) {
  auto file = std::make_shared<std::string>();
  cmd->alias("generate_file");
  cmd->add_option("--file", *file, "Write here (default: standard output)");
  return [&ctx, file]() -> Status {
    return ctx.with_store([&](store::Store& s) -> Status {
      auto pools = store::load_pools(s);
      if (!pools) {
        return pools.error();
      }
      return write_text(*file, pools::to_yaml(*pools));
    });
  };
}

Handler add_show_config(CLI::App* cmd, Context& ctx) {
  auto id = std::make_shared<std::string>();
  auto all = std::make_shared<bool>(false);
  cmd->alias("show_config");
  cmd->add_option("--pool-id,--pool_id", *id, "Pool id or name (default: the default pool)");
  cmd->add_flag("--all,--all_pools", *all, "Every pool");
  return [&ctx, id, all]() -> Status {
    auto store = ctx.open_store();
    if (!store) {
      return store.error();
    }
    if (*all) {
      auto pools = store::load_pools(*store);
      if (!pools) {
        return pools.error();
      }
      return write_text("", pools::to_yaml(pools::without_secrets(std::move(*pools))));
    }
    std::string which = !id->empty()                         ? *id
                        : !ctx.settings.default_pool.empty() ? ctx.settings.default_pool
                                                             : "default";
    DNSCTL_TRY_ASSIGN(auto p, store::find_pool(*store, which));
    print_line("Pool Configuration:");
    print_line("-------------------");
    return write_text("", pools::to_yaml(pools::without_secrets({std::move(p)}).front()));
  };
}

Handler add_list(CLI::App* cmd, Context& ctx) {
  auto out = std::make_shared<OutputOptions>();
  add_output_options(cmd, *out);
  return [&ctx, out]() -> Status {
    return ctx.with_store([&](store::Store& s) -> Status {
      DNSCTL_TRY_ASSIGN(auto pools, store::load_pools(s));
      return print_list(pool_rows(pools, s, false), *out);
    });
  };
}

Handler add_show(CLI::App* cmd, Context& ctx) {
  auto out = std::make_shared<OutputOptions>();
  auto which = std::make_shared<std::string>();
  cmd->add_option("pool", *which, "Pool name or id")->required();
  add_output_options(cmd, *out);
  return [&ctx, out, which]() -> Status {
    auto store = ctx.open_store();
    if (!store) {
      return store.error();
    }
    DNSCTL_TRY_ASSIGN(auto p, store::find_pool(*store, *which));
    if (out->format == "yaml" && out->columns.empty()) {
      // In pools.yaml's shape (what show-config prints), so it can be edited and
      // applied back; secrets left out.
      return write_text("", pools::to_yaml(pools::without_secrets({std::move(p)}).front()));
    }
    return print_show(pool_rows({p}, *store, true), *out);
  };
}

Handler add_consumer_config(CLI::App* cmd, Context& ctx) {
  struct Args {
    std::string pool;
    std::string server;
    std::vector<std::string> notify_from;
    std::string member_key;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("pool", a->pool, "Pool name or id")->required();
  cmd->add_option(
         "--server", a->server, "The consumer: " + text::join(pools::consumer_servers(), ", "))
      ->required();
  cmd->add_option("--notify-from",
                  a->notify_from,
                  "Another address sync sends NOTIFY from (besides the pool's masters)");
  cmd->add_option("--member-key",
                  a->member_key,
                  "TSIG key (name or id) the consumer transfers member zones with: scope ALL, "
                  "or POOL for this pool");
  return [&ctx, a]() -> Status {
    return ctx.with_store([&](store::Store& s) -> Status {
      DNSCTL_TRY_ASSIGN(auto p, store::find_pool(s, a->pool));
      pools::ConsumerOptions o;
      o.notify_from = a->notify_from;
      if (!a->member_key.empty()) {
        DNSCTL_TRY_ASSIGN(auto key, store::find_tsig_key(s, a->member_key));
        o.member_key = key;
      }
      DNSCTL_TRY_ASSIGN(auto text, pools::consumer_config(p, a->server, o));
      return write_text("", text);
    });
  };
}

} // namespace

void register_pool(CLI::App& app, Context& ctx, Commands& commands) {
  add_group(
      app,
      ctx,
      commands,
      {"pool",
       "Pools of DNS servers, from pools.yaml",
       {},
       {{"update", "Apply pools.yaml: a real diff, in one transaction", Access::writes, add_update},
        {"generate-file", "Write every pool as pools.yaml", Access::reads, add_generate_file},
        {"show-config", "Print one pool (or all) as pools.yaml", Access::reads, add_show_config},
        {"list", "List pools", Access::reads, add_list},
        {"show", "Show one pool", Access::reads, add_show},
        {"consumer-config",
         "Print what a BIND, Knot or PowerDNS server needs to consume the pool's catalog zone",
         Access::reads,
         add_consumer_config}}});
}

} // namespace dnsctl::cli
