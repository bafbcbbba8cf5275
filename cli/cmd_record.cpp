// dnsctl record (alias recordset): create list show set delete

#include "cli/context.hpp"
#include "cli/output.hpp"
#include "core/dns/rrtype.hpp"
#include "core/store/records.hpp"
#include "core/store/zones.hpp"
#include "core/util/text.hpp"

#include <CLI/CLI.hpp>

namespace dnsctl::cli {
namespace {

Table record_table(const std::vector<model::RecordSet>& sets) {
  Table t{{"name", "type", "ttl", "data", "managed", "description"}, {}};
  for (const auto& rs : sets) {
    nlohmann::json data = nlohmann::json::array();
    for (const auto& d : rs.data) {
      data.push_back(d);
    }
    t.rows.push_back({rs.name,
                      dns::type_to_text(rs.type),
                      rs.ttl < 0 ? nlohmann::json() : nlohmann::json(rs.ttl),
                      data,
                      rs.managed,
                      rs.description});
  }
  return t;
}

void add_ttl(CLI::App* cmd, std::optional<uint32_t>& ttl) {
  cmd->add_option_function<std::string>(
         "--ttl",
         [&ttl](const std::string& v) {
           auto t = text::parse_ttl(v);
           if (!t || *t > 2147483647u) {
             throw CLI::ValidationError("--ttl", "invalid TTL " + text::quote(v));
           }
           ttl = *t;
         },
         "TTL of the recordset (default: the zone's)")
      ->type_name("SECONDS");
}

struct Target {
  std::string zone;
  std::string recordset;
  std::string type;
  void add(CLI::App* cmd) {
    cmd->add_option("zone", zone, "Zone name or id")->required();
    cmd->add_option(
           "recordset", recordset, "Recordset id, or name (relative to the zone, absolute, or @)")
        ->required();
    cmd->add_option("--type", type, "Record type, when the name holds several recordsets");
  }
};

template <class F>
Status with_zone(Context& ctx, const std::string& zone, F&& f) {
  auto store = ctx.open_store();
  if (!store) {
    return store.error();
  }
  auto z = store::find_zone(*store, zone);
  if (!z) {
    return z.error();
  }
  return f(*store, *z);
}

} // namespace

namespace {

void add_create(CLI::App* record, Context& ctx, Commands& commands) {
  struct Args {
    std::string zone;
    store::RecordSetSpec spec;
    std::optional<uint32_t> ttl;
    std::string description;
    OutputOptions out;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = record->add_subcommand("create", "Create a recordset");
  cmd->add_option("zone", a->zone, "Zone name or id")->required();
  cmd->add_option("--name", a->spec.name, "Owner: relative to the zone, absolute, or @")
      ->required();
  cmd->add_option("--type", a->spec.type, "Record type (" + dns::storable_types_text() + ")")
      ->required();
  cmd->add_option("--data,--record",
                  a->spec.data,
                  "Record data in zone-file form; repeat for several records")
      ->required();
  add_ttl(cmd, a->ttl);
  cmd->add_option("--description", a->description, "Free text");
  add_output_options(cmd, a->out);
  expect_columns(cmd, record_table({model::RecordSet{}}).columns);
  commands.add(cmd, [&ctx, a]() -> Status {
    return with_zone(ctx, a->zone, [&](store::Store& s, const model::Zone& z) -> Status {
      auto spec = a->spec;
      spec.ttl = a->ttl;
      spec.description = a->description;
      auto rs = s.write("record create", [&]() -> Result<model::RecordSet> {
        // Re-read inside the lock: the zone may have changed since.
        auto zone = store::find_zone(s, z.uuid);
        if (!zone) {
          return zone.error();
        }
        return store::create_recordset(s, *zone, spec);
      });
      if (!rs) {
        return rs.error();
      }
      return print_show(record_table({*rs}), a->out);
    });
  });
}

void add_list(CLI::App* record, Context& ctx, Commands& commands) {
  struct Args {
    std::string zone;
    store::RecordFilter filter;
    OutputOptions out;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = record->add_subcommand("list", "List the recordsets of a zone");
  cmd->add_option("zone", a->zone, "Zone name or id")->required();
  cmd->add_option("--name", a->filter.name, "Only this name");
  cmd->add_option("--type", a->filter.type, "Only this type");
  add_output_options(cmd, a->out);
  commands.add(cmd, [&ctx, a]() -> Status {
    return with_zone(ctx, a->zone, [&](store::Store& s, const model::Zone& z) -> Status {
      auto sets = store::list_recordsets(s, z, a->filter);
      if (!sets) {
        return sets.error();
      }
      return print_list(record_table(*sets), a->out);
    });
  });
}

void add_show(CLI::App* record, Context& ctx, Commands& commands) {
  struct Args {
    Target target;
    OutputOptions out;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = record->add_subcommand("show", "Show one recordset");
  a->target.add(cmd);
  add_output_options(cmd, a->out);
  commands.add(cmd, [&ctx, a]() -> Status {
    return with_zone(ctx, a->target.zone, [&](store::Store& s, const model::Zone& z) -> Status {
      auto rs = store::find_recordset(s, z, a->target.recordset, a->target.type);
      if (!rs) {
        return rs.error();
      }
      return print_show(record_table({*rs}), a->out);
    });
  });
}

void add_set(CLI::App* record, Context& ctx, Commands& commands) {
  struct Args {
    Target target;
    std::vector<std::string> data;
    std::optional<uint32_t> ttl;
    bool no_ttl = false;
    std::optional<std::string> description;
    OutputOptions out;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = record->add_subcommand("set",
                                     "Replace the records, TTL or description of a "
                                     "recordset");
  a->target.add(cmd);
  cmd->add_option("--data,--record", a->data, "New record data; repeat for several records");
  add_ttl(cmd, a->ttl);
  cmd->add_flag("--no-ttl", a->no_ttl, "Use the zone's TTL again");
  cmd->add_option("--description", a->description, "Free text");
  add_output_options(cmd, a->out);
  expect_columns(cmd, record_table({model::RecordSet{}}).columns);
  commands.add(cmd, [&ctx, a]() -> Status {
    if (a->ttl && a->no_ttl) {
      return make_error(Errc::invalid_input, "--ttl and --no-ttl exclude each other");
    }
    return with_zone(ctx, a->target.zone, [&](store::Store& s, const model::Zone& z) -> Status {
      store::RecordSetSpec spec;
      spec.data = a->data;
      spec.ttl = a->ttl;
      spec.clear_ttl = a->no_ttl;
      spec.description = a->description;
      auto rs = s.write("record set", [&]() -> Result<model::RecordSet> {
        auto zone = store::find_zone(s, z.uuid);
        if (!zone) {
          return zone.error();
        }
        auto cur = store::find_recordset(s, *zone, a->target.recordset, a->target.type);
        if (!cur) {
          return cur.error();
        }
        return store::update_recordset(s, *zone, *cur, spec);
      });
      if (!rs) {
        return rs.error();
      }
      return print_show(record_table({*rs}), a->out);
    });
  });
}

void add_delete(CLI::App* record, Context& ctx, Commands& commands) {
  auto a = std::make_shared<Target>();
  auto* cmd = record->add_subcommand("delete", "Delete a recordset");
  a->add(cmd);
  commands.add(cmd, [&ctx, a]() -> Status {
    return with_zone(ctx, a->zone, [&](store::Store& s, const model::Zone& z) -> Status {
      return s.write("record delete", [&]() -> Status {
        auto zone = store::find_zone(s, z.uuid);
        if (!zone) {
          return zone.error();
        }
        auto cur = store::find_recordset(s, *zone, a->recordset, a->type);
        if (!cur) {
          return cur.error();
        }
        return store::delete_recordset(s, *zone, *cur);
      });
    });
  });
}

} // namespace

void register_record(CLI::App& app, Context& ctx, Commands& commands) {
  auto* record = app.add_subcommand("record",
                                    "Recordsets: a name and a type with one or more "
                                    "records");
  record->alias("recordset");
  record->require_subcommand(1);
  add_create(record, ctx, commands);
  add_list(record, ctx, commands);
  add_show(record, ctx, commands);
  add_set(record, ctx, commands);
  add_delete(record, ctx, commands);
}

} // namespace dnsctl::cli
