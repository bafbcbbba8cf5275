// dnsctl record (alias recordset): create list show set delete

#include "cli/context.hpp"
#include "cli/output.hpp"
#include "core/dns/rrtype.hpp"
#include "core/ops/recordsets.hpp"
#include "core/util/text.hpp"

#include <CLI/CLI.hpp>

namespace dnsctl::cli {
namespace {

// Our columns and the OpenStack client's: id, records (our data), status, zone_id,
// zone_name. A recordset's status is its zone's: dnsctl syncs whole zones.
Table record_table(const model::Zone& zone, const std::vector<model::RecordSet>& sets) {
  Table t{{"id",
           "name",
           "type",
           "ttl",
           "data",
           "status",
           "managed",
           "description",
           "zone_id",
           "zone_name"},
          {},
          {{"records", "data"}}};
  t.shown = 8;
  for (const auto& rs : sets) {
    nlohmann::json data = nlohmann::json::array();
    for (const auto& d : rs.data) {
      data.push_back(d);
    }
    t.rows.push_back({rs.id,
                      rs.name,
                      dns::type_to_text(rs.type),
                      rs.ttl < 0 ? nlohmann::json() : nlohmann::json(rs.ttl),
                      data,
                      model::to_string(zone.status),
                      rs.managed,
                      rs.description,
                      zone.uuid,
                      zone.name});
  }
  return t;
}

Table record_columns() {
  return record_table(model::Zone{}, {model::RecordSet{}});
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

// Designate's flag: records `dnsctl sink` made change only on purpose.
void add_edit_managed(CLI::App* cmd, bool& flag) {
  cmd->add_flag("--edit-managed",
                flag,
                "Change records `dnsctl sink` manages too (record list --managed shows them); "
                "their tags follow the change");
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

} // namespace

namespace {

Handler add_create(CLI::App* cmd, Context& ctx) {
  struct Args {
    std::string zone;
    ops::RecordSetSpec spec;
    std::optional<uint32_t> ttl;
    std::string description;
    OutputOptions out;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("zone", a->zone, "Zone name or id")->required();
  auto* positional = cmd->add_option(
      "name", a->spec.name, "Owner: relative to the zone, absolute, or @ (or --name)");
  cmd->add_option("--name", a->spec.name, "Same as the positional NAME")->excludes(positional);
  cmd->add_option("--type", a->spec.type, "Record type (" + dns::storable_types_text() + ")")
      ->required();
  cmd->add_option("--data,--record",
                  a->spec.data,
                  "Record data in zone-file form; repeat for several records")
      ->required();
  add_ttl(cmd, a->ttl);
  cmd->add_option("--description", a->description, "Free text");
  add_output_options(cmd, a->out);
  expect_columns(cmd, record_columns());
  return [&ctx, a]() -> Status {
    if (a->spec.name.empty()) {
      return make_error(Errc::invalid_input,
                        "record create needs a NAME (positional, or --name): relative to the "
                        "zone, absolute, or @");
    }
    return ctx.with_store([&](store::Store& s) -> Status {
      auto spec = a->spec;
      spec.ttl = a->ttl;
      spec.description = a->description;
      DNSCTL_TRY_ASSIGN(auto made, ops::create_recordset(s, a->zone, spec));
      return print_show(record_table(made.zone, {made.recordset}), a->out);
    });
  };
}

// The sink's records, one row per record, with designate-sink's managed_* tags.
Table managed_table(const std::vector<model::ManagedRecordRow>& rows) {
  Table t{{"name",
           "type",
           "data",
           "managed_plugin_type",
           "managed_plugin_name",
           "managed_resource_type",
           "managed_resource_id",
           "created_at",
           "zone_name"},
          {}};
  for (const auto& r : rows) {
    t.rows.push_back({r.name,
                      dns::type_to_text(r.type),
                      r.data,
                      r.plugin_type,
                      r.plugin_name,
                      r.resource_type,
                      r.resource_id,
                      time_cell(r.created_at),
                      r.zone});
  }
  return t;
}

Handler add_list(CLI::App* cmd, Context& ctx) {
  struct Args {
    std::string zone;
    ops::RecordFilter filter;
    std::string status;
    bool managed = false;
    ops::PageRequest page;
    OutputOptions out;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("zone", a->zone, "Zone name or id")->required();
  cmd->add_option("--name", a->filter.name, "Only this name");
  cmd->add_option("--type", a->filter.type, "Only this type");
  cmd->add_option("--data,--records",
                  a->filter.data,
                  "Only recordsets with a record matching this (* and ? wildcards)");
  cmd->add_option("--status", a->status, "Only ACTIVE, PENDING or ERROR recordsets")
      ->check(CLI::IsMember({"ACTIVE", "PENDING", "ERROR"}, CLI::ignore_case));
  cmd->add_flag("--managed",
                a->managed,
                "The records `dnsctl sink` made, one per row, with the handler and resource "
                "they belong to");
  add_paging(cmd, a->page, "name (the zone's order), id, type, ttl");
  add_output_options(cmd, a->out);
  Table columns = record_columns();
  for (const auto& c : managed_table({}).columns) {
    if (std::find(columns.columns.begin(), columns.columns.end(), c) == columns.columns.end()) {
      columns.columns.push_back(c);
    }
  }
  expect_columns(cmd, columns);
  return [&ctx, a]() -> Status {
    return ctx.with_store([&](store::Store& s) -> Status {
      if (a->managed) {
        DNSCTL_TRY_ASSIGN(auto rows, ops::list_managed_records(s, a->zone));
        return print_list(managed_table(rows), a->out);
      }
      DNSCTL_TRY_ASSIGN(auto listed, ops::list_recordsets(s, a->zone, a->filter, a->page));
      auto& sets = listed.page.items;
      if (!a->status.empty() && !text::equals_ci(a->status, model::to_string(listed.zone.status))) {
        sets.clear();
      }
      return print_list(record_table(listed.zone, sets), a->out);
    });
  };
}

Handler add_show(CLI::App* cmd, Context& ctx) {
  struct Args {
    Target target;
    OutputOptions out;
  };
  auto a = std::make_shared<Args>();
  a->target.add(cmd);
  add_output_options(cmd, a->out);
  return [&ctx, a]() -> Status {
    return ctx.with_store([&](store::Store& s) -> Status {
      DNSCTL_TRY_ASSIGN(
          auto found, ops::find_recordset(s, a->target.zone, a->target.recordset, a->target.type));
      return print_show(record_table(found.zone, {found.recordset}), a->out);
    });
  };
}

Handler add_set(CLI::App* cmd, Context& ctx) {
  struct Args {
    Target target;
    std::vector<std::string> data;
    std::optional<uint32_t> ttl;
    bool no_ttl = false;
    std::optional<std::string> description;
    bool no_description = false;
    bool edit_managed = false;
    OutputOptions out;
  };
  auto a = std::make_shared<Args>();
  a->target.add(cmd);
  cmd->add_option("--data,--record", a->data, "New record data; repeat for several records");
  add_ttl(cmd, a->ttl);
  cmd->add_flag("--no-ttl", a->no_ttl, "Use the zone's TTL again");
  auto* description = cmd->add_option("--description", a->description, "Free text");
  cmd->add_flag("--no-description", a->no_description, "Clear the description")
      ->excludes(description);
  add_edit_managed(cmd, a->edit_managed);
  add_output_options(cmd, a->out);
  expect_columns(cmd, record_columns());
  return [&ctx, a]() -> Status {
    if (a->ttl && a->no_ttl) {
      return make_error(Errc::invalid_input, "--ttl and --no-ttl exclude each other");
    }
    return ctx.with_store([&](store::Store& s) -> Status {
      ops::RecordSetSpec spec;
      spec.data = a->data;
      spec.ttl = a->ttl;
      spec.clear_ttl = a->no_ttl;
      spec.description = a->no_description ? std::optional<std::string>("") : a->description;
      DNSCTL_TRY_ASSIGN(
          auto changed,
          ops::update_recordset(s,
                                a->target.zone,
                                a->target.recordset,
                                a->target.type,
                                spec,
                                a->edit_managed ? ops::EditManaged::yes : ops::EditManaged::no));
      return print_show(record_table(changed.zone, {changed.recordset}), a->out);
    });
  };
}

Handler add_delete(CLI::App* cmd, Context& ctx) {
  struct Args {
    Target target;
    bool edit_managed = false;
  };
  auto a = std::make_shared<Args>();
  a->target.add(cmd);
  add_edit_managed(cmd, a->edit_managed);
  return [&ctx, a]() -> Status {
    return ctx.with_store([&](store::Store& s) -> Status {
      DNSCTL_TRY(
          ops::delete_recordset(s,
                                a->target.zone,
                                a->target.recordset,
                                a->target.type,
                                a->edit_managed ? ops::EditManaged::yes : ops::EditManaged::no));
      return {};
    });
  };
}

} // namespace

void register_record(CLI::App& app, Context& ctx, Commands& commands) {
  add_group(
      app,
      ctx,
      commands,
      {"record",
       "Recordsets: a name and a type with one or more records",
       {"recordset"},
       {{"create", "Create a recordset", Access::writes, add_create},
        {"list", "List the recordsets of a zone", Access::reads, add_list},
        {"show", "Show one recordset", Access::reads, add_show},
        {"set", "Replace the records, TTL or description of a recordset", Access::writes, add_set},
        {"delete", "Delete a recordset", Access::writes, add_delete},
        apply_command()}});
}

} // namespace dnsctl::cli
