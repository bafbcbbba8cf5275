// dnsctl quota: show set reset (a project's quotas, as the v2 API holds its writes to)

#include "cli/context.hpp"
#include "cli/output.hpp"
#include "core/ops/quotas.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <array>
#include <optional>

namespace dnsctl::cli {
namespace {

// The project as the store keeps it: "" for [api] default_project (and for "").
std::string stored(const Context& ctx, const std::string& project) {
  return ctx.settings.api.stored_project(project);
}

// One row, the resources as columns (Field/Value, as `openstack dns quota list`).
Table quota_table(const ops::ProjectQuotas& q) {
  Table t;
  std::vector<nlohmann::json> row;
  for (size_t i = 0; i < model::k_quota_resources; ++i) {
    t.columns.emplace_back(model::k_quota_names[i]);
    row.emplace_back(q.quotas.limit[i]);
  }
  t.rows.push_back(std::move(row));
  return t;
}

constexpr const char* k_project_help =
    "The project (its Keystone id; \"\" or [api] default_project: the default project)";

Handler add_show(CLI::App* cmd, Context& ctx) {
  struct Args {
    std::string project;
    OutputOptions out;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("project", a->project, k_project_help)->required();
  add_output_options(cmd, a->out);
  return [&ctx, a]() -> Status {
    return ctx.with_store([&](store::Store& s) -> Status {
      DNSCTL_TRY_ASSIGN(auto q,
                        ops::project_quotas(s, ctx.settings.quotas, stored(ctx, a->project)));
      return print_show(quota_table(q), a->out);
    });
  };
}

Handler add_set(CLI::App* cmd, Context& ctx) {
  struct Args {
    std::string project;
    std::array<std::optional<int64_t>, model::k_quota_resources> values;
    OutputOptions out;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("project", a->project, k_project_help)->required();
  const std::array<const char*, model::k_quota_resources> help{
      "Zones the project may hold",
      "Recordsets of one zone, its SOA and NS among them",
      "Records of one zone, without the managed ones (the apex NS, the sink's)",
      "Records of one recordset",
      "Records of one zone an export may hold"};
  for (size_t i = 0; i < model::k_quota_resources; ++i) {
    std::string flag = "--" + std::string(model::k_quota_names[i]);
    std::replace(flag.begin(), flag.end(), '_', '-');
    cmd->add_option(flag, a->values[i], std::string(help[i]) + "; -1: no limit")
        ->check(CLI::Range(model::k_quota_unlimited, model::k_quota_max));
  }
  add_output_options(cmd, a->out);
  expect_columns(cmd, quota_table({}));
  return [&ctx, a]() -> Status {
    store::QuotaValues values;
    for (size_t i = 0; i < model::k_quota_resources; ++i) {
      if (a->values[i]) {
        values.emplace_back(static_cast<model::QuotaResource>(i), *a->values[i]);
      }
    }
    if (values.empty()) {
      return make_error(Errc::invalid_input,
                        "quota set needs at least one of --zones, --zone-recordsets, "
                        "--zone-records, --recordset-records, --api-export-size");
    }
    return ctx.with_store([&](store::Store& s) -> Status {
      DNSCTL_TRY_ASSIGN(auto q,
                        ops::set_quotas(s, ctx.settings.quotas, stored(ctx, a->project), values));
      return print_show(quota_table(q), a->out);
    });
  };
}

Handler add_reset(CLI::App* cmd, Context& ctx) {
  auto project = std::make_shared<std::string>();
  cmd->add_option("project", *project, k_project_help)->required();
  return [&ctx, project]() -> Status {
    return ctx.with_store(
        [&](store::Store& s) -> Status { return ops::reset_quotas(s, stored(ctx, *project)); });
  };
}

} // namespace

void register_quota(CLI::App& app, Context& ctx, Commands& commands) {
  add_group(
      app,
      ctx,
      commands,
      {"quota",
       "Projects' quotas, which the v2 API holds tenants' writes to",
       {},
       {{"show",
         "Show a project's quotas (its own values, else the [quota] defaults)",
         Access::reads,
         add_show},
        {"set", "Set some of a project's quotas", Access::writes, add_set},
        {"reset", "Reset a project's quotas to the [quota] defaults", Access::writes, add_reset}}});
}

} // namespace dnsctl::cli
