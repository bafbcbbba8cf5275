// dnsctl domain (alias zone): create list show set delete

#include "cli/context.hpp"
#include "cli/output.hpp"
#include "core/ops/zones.hpp"
#include "core/util/input_file.hpp"
#include "core/util/log.hpp"
#include "core/util/text.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <sstream>

namespace dnsctl::cli {
namespace {

// The OpenStack client's zone columns (id name type serial status action, pool_id,
// created_at ...) beside our own (pool: its name). A list shows the first six.
Table zone_table(const std::vector<model::Zone>& zones, bool detail) {
  Table t;
  t.columns = {"id",          "name",       "pool",        "serial",     "status",     "action",
               "type",        "pool_id",    "email",       "ttl",        "refresh",    "retry",
               "expire",      "minimum",    "description", "created_at", "updated_at", "attributes",
               "moving_from", "project_id", "version"};
  t.shown = detail ? 0 : 6;
  for (const auto& z : zones) {
    nlohmann::json attrs = nlohmann::json::array();
    for (const auto& [k, v] : z.attributes) {
      attrs.push_back(k + ":" + v); // NOLINT(performance-inefficient-string-concatenation)
    }
    t.rows.push_back({z.uuid,
                      z.name,
                      z.pool_name,
                      z.serial,
                      model::to_string(z.status),
                      model::to_string(z.action),
                      "PRIMARY",
                      z.pool_uuid,
                      z.email,
                      z.ttl,
                      z.timers.refresh,
                      z.timers.retry,
                      z.timers.expire,
                      z.timers.minimum,
                      z.description,
                      time_cell(z.created_at),
                      time_cell(z.updated_at),
                      attrs,
                      z.moving_from.empty() ? nlohmann::json() : nlohmann::json(z.moving_from),
                      z.project_id,
                      z.version});
  }
  return t;
}

// The OpenStack client's --attributes KEY:VALUE: split on the one ':' (a value holding
// another is refused, as there).
CLI::Option* add_attributes(CLI::App* cmd,
                            std::vector<std::pair<std::string, std::string>>& out,
                            const std::string& help) {
  return cmd
      ->add_option_function<std::vector<std::string>>(
          "--attributes",
          [&out](const std::vector<std::string>& items) {
            for (const auto& item : items) {
              auto parts = text::split(item, ':');
              if (parts.size() != 2 || parts[0].empty()) {
                throw CLI::ValidationError("--attributes",
                                           "attribute " + text::quote(item)
                                               + " is in an incorrect format: attributes are "
                                                 "KEY:VALUE");
              }
              out.emplace_back(parts[0], parts[1]);
            }
          },
          help)
      ->type_name("KEY:VALUE")
      ->expected(1, -1);
}

// TTLs and timers accept BIND units (1h, 2d) as well as seconds.
CLI::Option* add_duration(CLI::App* cmd,
                          const std::string& name,
                          std::optional<uint32_t>& target,
                          const std::string& help) {
  return cmd
      ->add_option_function<std::string>(
          name,
          [&target, name](const std::string& v) {
            auto t = text::parse_ttl(v);
            if (!t || *t > 2147483647u) {
              throw CLI::ValidationError(
                  name, "invalid duration " + text::quote(v) + " (seconds, or units like 1h30m)");
            }
            target = *t;
          },
          help)
      ->type_name("SECONDS");
}

struct TimerArgs {
  std::optional<uint32_t> ttl, refresh, retry, expire, minimum;
  void add(CLI::App* cmd) {
    add_duration(cmd, "--ttl", ttl, "Default TTL of the zone's records");
    add_duration(cmd, "--refresh", refresh, "SOA refresh");
    add_duration(cmd, "--retry", retry, "SOA retry");
    add_duration(cmd, "--expire", expire, "SOA expire");
    add_duration(cmd, "--minimum", minimum, "SOA minimum (negative-caching TTL)");
  }
};

// The scheduler's trace ("attribute: gold, standard -> gold", one per filter).
Table with_placement(Table t, const std::vector<std::string>& trace) {
  t.columns.emplace_back("placement");
  for (auto& row : t.rows) {
    row.emplace_back(trace);
  }
  return t;
}

} // namespace

namespace {

// Zone names from a file or standard input: one per line; blank lines and # comments
// are skipped.
Result<std::vector<std::string>> names_from(const std::string& path) {
  std::string text;
  if (path == "-") {
    std::ostringstream in;
    in << std::cin.rdbuf();
    text = in.str();
  } else {
    DNSCTL_TRY_ASSIGN(auto got, util::read_input_file(path));
    text = std::move(got);
  }
  std::vector<std::string> names;
  for (auto& line : text::split(text, '\n')) {
    std::string name = text::trim(line.substr(0, line.find('#')));
    if (!name.empty()) {
      names.push_back(std::move(name));
    }
  }
  return names;
}

Handler add_create(CLI::App* cmd, Context& ctx) {
  struct Args {
    std::vector<std::string> names;
    std::string from_file;
    ops::ZoneSpec spec;
    TimerArgs timers;
    OutputOptions out;
    bool dry_run = false;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("name",
                  a->names,
                  "Zone names (the trailing dot is optional); several are created in one "
                  "transaction, all or none");
  cmd->add_option("--from-file",
                  a->from_file,
                  "Also the zone names in this file, one per line (- for standard input)");
  cmd->add_option("--email", a->spec.email, "Hostmaster e-mail; becomes the SOA RNAME")->required();
  cmd->add_option("--pool", a->spec.pool, "Pool name or id (default: the default pool)");
  cmd->add_option("--project",
                  a->spec.project,
                  "The project that owns it (the v2 API's tenants; default: the default "
                  "project)");
  cmd->add_option("--description", a->spec.description, "Free text");
  cmd->add_flag("--force", a->spec.force, "Create it even if a blacklist pattern matches its name");
  add_attributes(cmd, a->spec.attributes, "Zone attributes (service_tier:gold ...)");
  cmd->add_flag("--dry-run",
                a->dry_run,
                "Show the zone and the pool the scheduler would choose, and why; write nothing");
  a->timers.add(cmd);
  add_output_options(cmd, a->out);
  expect_columns(cmd, with_placement(zone_table({model::Zone{}}, true), {}));
  return [&ctx, a]() -> Status {
    std::vector<std::string> names = a->names;
    if (!a->from_file.empty()) {
      DNSCTL_TRY_ASSIGN(auto more, names_from(a->from_file));
      names.insert(names.end(), more.begin(), more.end());
    }
    if (names.empty()) {
      return make_error(Errc::invalid_input, "no zone to create: give NAME or --from-file");
    }
    auto spec = a->spec;
    spec.ttl = a->timers.ttl;
    spec.refresh = a->timers.refresh;
    spec.retry = a->timers.retry;
    spec.expire = a->timers.expire;
    spec.minimum = a->timers.minimum;
    std::vector<ops::ZoneSpec> specs(names.size(), spec);
    for (size_t i = 0; i < names.size(); ++i) {
      specs[i].name = names[i];
    }
    return ctx.with_store([&](store::Store& s) -> Status {
      DNSCTL_TRY_ASSIGN(
          auto made,
          ops::create_zones(
              s, ctx.settings, specs, a->dry_run ? ops::Mode::dry_run : ops::Mode::write));
      if (made.zones.size() > 1) {
        DNSCTL_TRY(print_list(zone_table(made.zones, false), a->out));
      } else {
        DNSCTL_TRY(
            print_show(with_placement(zone_table(made.zones, true), made.placement), a->out));
      }
      if (a->dry_run && a->out.format == "table") {
        print_line("dry run: nothing was written");
      }
      return {};
    });
  };
}

Handler add_list(CLI::App* cmd, Context& ctx) {
  struct Args {
    ops::ZoneFilter filter;
    ops::PageRequest page;
    OutputOptions out;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("--pool", a->filter.pool, "Only this pool (name or id)");
  cmd->add_option("--status", a->filter.status, "Only ACTIVE, PENDING or ERROR zones");
  cmd->add_option_function<std::string>(
      "--project",
      [a](const std::string& p) { a->filter.project = p; },
      "Only this project's zones (\"\" for the default project)");
  cmd->add_option("--action", a->filter.action, "Only NONE, CREATE, UPDATE or DELETE");
  cmd->add_option("--name", a->filter.name, "Only names matching this (* and ? wildcards)");
  cmd->add_option("--email", a->filter.email, "Only e-mails matching this (* and ? wildcards)");
  cmd->add_option("--type", a->filter.type, "Only PRIMARY or SECONDARY zones");
  add_attributes(cmd, a->filter.attributes, "Only zones with all these attributes");
  add_paging(cmd,
             a->page,
             "name (the default), id, created_at, updated_at, serial, ttl, status, "
             "email, pool");
  add_output_options(cmd, a->out);
  return [&ctx, a]() -> Status {
    return ctx.with_store([&](store::Store& s) -> Status {
      DNSCTL_TRY_ASSIGN(auto page, ops::list_zones(s, a->filter, a->page));
      return print_list(zone_table(page.items, false), a->out);
    });
  };
}

Handler add_show(CLI::App* cmd, Context& ctx) {
  struct Args {
    std::string zone;
    OutputOptions out;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("zone", a->zone, "Zone name or id")->required();
  add_output_options(cmd, a->out);
  return [&ctx, a]() -> Status {
    return ctx.with_store([&](store::Store& s) -> Status {
      DNSCTL_TRY_ASSIGN(auto z, ops::find_zone(s, a->zone));
      return print_show(zone_table({z}, true), a->out);
    });
  };
}

Handler add_set(CLI::App* cmd, Context& ctx) {
  struct Args {
    std::string zone;
    std::optional<std::string> email;
    std::optional<std::string> description;
    TimerArgs timers;
    OutputOptions out;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("zone", a->zone, "Zone name or id")->required();
  cmd->add_option("--email", a->email, "Hostmaster e-mail");
  auto* description = cmd->add_option("--description", a->description, "Free text");
  cmd->add_flag_function(
         "--no-description",
         [a](int64_t) { a->description = std::string(); },
         "Clear the description")
      ->excludes(description);
  a->timers.add(cmd);
  add_output_options(cmd, a->out);
  expect_columns(cmd, zone_table({model::Zone{}}, true));
  return [&ctx, a]() -> Status {
    return ctx.with_store([&](store::Store& s) -> Status {
      ops::ZoneUpdate u;
      u.email = a->email;
      u.description = a->description;
      u.ttl = a->timers.ttl;
      u.refresh = a->timers.refresh;
      u.retry = a->timers.retry;
      u.expire = a->timers.expire;
      u.minimum = a->timers.minimum;
      DNSCTL_TRY_ASSIGN(auto z, ops::update_zone(s, a->zone, u));
      return print_show(zone_table({z}, true), a->out);
    });
  };
}

Handler add_delete(CLI::App* cmd, Context& ctx) {
  struct Args {
    std::string zone;
    bool hard = false;
    OutputOptions out;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("zone", a->zone, "Zone name or id")->required();
  cmd->add_flag("--hard",
                a->hard,
                "Also delete the zone file on the targets (rndc delzone "
                "-clean)");
  add_output_options(cmd, a->out);
  expect_columns(cmd, zone_table({model::Zone{}}, true));
  return [&ctx, a]() -> Status {
    return ctx.with_store([&](store::Store& s) -> Status {
      DNSCTL_TRY_ASSIGN(
          auto z,
          ops::delete_zone(s, a->zone, a->hard ? ops::HardDelete::yes : ops::HardDelete::no));
      return print_show(zone_table({z}, true), a->out);
    });
  };
}

Handler add_move(CLI::App* cmd, Context& ctx) {
  struct Args {
    std::string zone;
    ops::MoveSpec spec;
    bool dry_run = false;
    OutputOptions out;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("zone", a->zone, "Zone name or id")->required();
  auto* pool = cmd->add_option("--pool", a->spec.pool, "The pool to move it to (name or id)");
  auto* attrs = add_attributes(
      cmd, a->spec.attributes, "New zone attributes; the scheduler chooses the pool by them");
  pool->excludes(attrs);
  cmd->add_flag("--keep-source",
                a->spec.keep_source,
                "Leave the zone on the old pool's servers (dnsctl forgets it there)");
  cmd->add_flag("--dry-run", a->dry_run, "Show where it would go, and why; write nothing");
  add_output_options(cmd, a->out);
  expect_columns(cmd, with_placement(zone_table({model::Zone{}}, true), {}));
  return [&ctx, a]() -> Status {
    if (a->spec.pool.empty() && a->spec.attributes.empty()) {
      return make_error(Errc::invalid_input, "say where to: --pool POOL or --attributes KEY:VALUE");
    }
    return ctx.with_store([&](store::Store& s) -> Status {
      DNSCTL_TRY_ASSIGN(auto moved,
                        ops::move_zone(s,
                                       ctx.settings,
                                       a->zone,
                                       a->spec,
                                       a->dry_run ? ops::Mode::dry_run : ops::Mode::write));
      for (const auto& w : moved.warnings) {
        log::warning(w);
      }
      DNSCTL_TRY(
          print_show(with_placement(zone_table({moved.zone}, true), moved.placement), a->out));
      if (a->dry_run && a->out.format == "table") {
        print_line("dry run: nothing was written");
      }
      return {};
    });
  };
}

} // namespace

void register_domain(CLI::App& app, Context& ctx, Commands& commands) {
  add_group(
      app,
      ctx,
      commands,
      {"domain",
       "Zones (Designate: domains)",
       {"zone"},
       {{"create", "Create a zone in a pool", Access::writes, add_create},
        {"list", "List zones", Access::reads, add_list},
        {"show", "Show one zone", Access::reads, add_show},
        {"set", "Change a zone's e-mail, TTL, SOA timers or description", Access::writes, add_set},
        {"delete", "Delete a zone (from its targets at the next sync)", Access::writes, add_delete},
        {"move",
         "Move a zone to another pool (its servers drop it once the new pool serves it)",
         Access::writes,
         add_move},
        import_command(),
        export_command()}});
}

} // namespace dnsctl::cli
