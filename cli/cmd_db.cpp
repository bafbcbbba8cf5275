// dnsctl db: sync version

#include "cli/context.hpp"
#include "cli/output.hpp"
#include "core/store/migrate.hpp"

#include <CLI/CLI.hpp>
#include <SQLiteCpp/SQLiteCpp.h>

namespace dnsctl::cli {

namespace {

Handler add_sync(CLI::App* cmd, Context& ctx) {
  auto out = std::make_shared<OutputOptions>();
  add_output_options(cmd, *out);
  return [&ctx, out]() -> Status {
    DNSCTL_TRY_ASSIGN(auto s, ctx.open_store(store::SchemaCheck::any));
    DNSCTL_TRY_ASSIGN(auto applied, s.read([&]() { return store::migrate(s.db()); }));
    nlohmann::json list = applied;
    return print_show(
        Table{{"path", "version", "applied"}, {{s.path(), store::current_version(s.db()), list}}},
        *out);
  };
}

Handler add_version(CLI::App* cmd, Context& ctx) {
  auto out = std::make_shared<OutputOptions>();
  add_output_options(cmd, *out);
  return [&ctx, out]() -> Status {
    store::OpenOptions o;
    o.schema = store::SchemaCheck::any;
    o.read_only = true;
    DNSCTL_TRY_ASSIGN(auto s, store::Store::open(ctx.store_path(), o));
    DNSCTL_TRY_ASSIGN(auto v,
                      s.read([&]() -> Result<int> { return store::current_version(s.db()); }));
    return print_show(
        Table{{"path", "version", "latest"}, {{s.path(), v, store::latest_version()}}}, *out);
  };
}

} // namespace

void register_db(CLI::App& app, Context& ctx, Commands& commands) {
  add_group(app,
            ctx,
            commands,
            {"db",
             "The store: schema version and migrations",
             {},
             {{"sync",
               "Create the store or migrate it to this dnsctl's schema",
               Access::writes,
               add_sync},
              {"version", "Show the store's schema version", Access::reads, add_version}}});
}

} // namespace dnsctl::cli
