// dnsctl db: sync version

#include "cli/context.hpp"
#include "cli/output.hpp"
#include "core/store/migrate.hpp"

#include <CLI/CLI.hpp>
#include <SQLiteCpp/SQLiteCpp.h>

namespace dnsctl::cli {

void register_db(CLI::App& app, Context& ctx, Commands& commands) {
  auto* db = app.add_subcommand("db", "The store: schema version and migrations");
  db->require_subcommand(1);
  {
    auto out = std::make_shared<OutputOptions>();
    auto* cmd = db->add_subcommand("sync",
                                   "Create the store or migrate it to this dnsctl's "
                                   "schema");
    add_output_options(cmd, *out);
    commands.add(cmd, [&ctx, out]() -> Status {
      auto s = ctx.open_store(store::SchemaCheck::any);
      if (!s) {
        return s.error();
      }
      auto applied = s->read([&]() { return store::migrate(s->db()); });
      if (!applied) {
        return applied.error();
      }
      nlohmann::json list = *applied;
      return print_show(Table{{"path", "version", "applied"},
                              {{s->path(), store::current_version(s->db()), list}}},
                        *out);
    });
  }
  {
    auto out = std::make_shared<OutputOptions>();
    auto* cmd = db->add_subcommand("version", "Show the store's schema version");
    add_output_options(cmd, *out);
    commands.add(cmd, [&ctx, out]() -> Status {
      store::OpenOptions o;
      o.schema = store::SchemaCheck::any;
      o.read_only = true;
      auto s = store::Store::open(ctx.store_path(), o);
      if (!s) {
        return s.error();
      }
      int v = s->read([&]() -> Result<int> { return store::current_version(s->db()); }).value();
      return print_show(
          Table{{"path", "version", "latest"}, {{s->path(), v, store::latest_version()}}}, *out);
    });
  }
}

} // namespace dnsctl::cli
