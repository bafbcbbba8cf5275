// dnsctl db: sync version copy

#include "cli/context.hpp"
#include "cli/output.hpp"
#include "core/store/copy.hpp"
#include "core/store/migrate.hpp"

#include <CLI/CLI.hpp>

namespace dnsctl::cli {

namespace {

Handler add_sync(CLI::App* cmd, Context& ctx) {
  auto out = std::make_shared<OutputOptions>();
  add_output_options(cmd, *out);
  return [&ctx, out]() -> Status {
    DNSCTL_TRY_ASSIGN(auto s, ctx.open_store(store::SchemaCheck::any));
    DNSCTL_TRY_ASSIGN(auto applied, s.migrate());
    nlohmann::json list = applied;
    DNSCTL_TRY_ASSIGN(auto version, s.schema_version());
    return print_show(Table{{"path", "version", "applied"}, {{s.path(), version, list}}}, *out);
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
    DNSCTL_TRY_ASSIGN(auto v, s.schema_version());
    return print_show(
        Table{{"path", "version", "latest"}, {{s.path(), v, store::latest_version()}}}, *out);
  };
}

Handler add_copy(CLI::App* cmd, Context& ctx) {
  auto out = std::make_shared<OutputOptions>();
  auto from = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  cmd->add_option("--from", *from, "The store to copy (a path or postgresql://...); default: --db");
  cmd->add_option("--to", *to, "The empty store to fill (created if missing)")->required();
  add_output_options(cmd, *out);
  return [&ctx, out, from, to]() -> Status {
    store::OpenOptions source;
    source.create = false;
    DNSCTL_TRY_ASSIGN(auto a, store::Store::open(from->empty() ? ctx.store_path() : *from, source));
    DNSCTL_TRY_ASSIGN(auto b, store::Store::open(*to));
    if (a.path() == b.path()) {
      return make_error(Errc::invalid_input, "--from and --to are the same store: " + a.path());
    }
    DNSCTL_TRY_ASSIGN(auto tables, store::copy_store(a, b));
    b.refresh_statistics();
    DNSCTL_TRY_ASSIGN(auto digest, store::content_digest(b));
    nlohmann::json per_table = nlohmann::json::object();
    int64_t rows = 0;
    for (const auto& c : tables) {
      per_table[c.name] = c.rows;
      rows += c.rows;
    }
    // The digest was computed on both sides before the commit; this is the target's.
    return print_show(Table{{"from", "to", "rows", "content", "tables"},
                            {{a.path(), b.path(), rows, digest, per_table}}},
                      *out);
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
              {"version", "Show the store's schema version", Access::reads, add_version},
              {"copy",
               "Copy every row of a store into an empty one (SQLite and PostgreSQL)",
               Access::writes,
               add_copy}}});
}

} // namespace dnsctl::cli
