#include "cli/context.hpp"

#include "core/util/log.hpp"

#include <CLI/CLI.hpp>

namespace dnsctl::cli {

std::string Context::store_path() const {
  if (!db_option.empty()) {
    return db_option;
  }
  return store::default_path(settings.db_path);
}

Result<store::Store> Context::open_store(store::SchemaCheck check) const {
  store::OpenOptions options;
  options.schema = check;
  options.create = !reads_only;
  auto s = store::Store::open(store_path(), options);
  if (!s && s.error().code == Errc::not_found) {
    return make_error(Errc::not_found,
                      s.error().message
                          + " (a command that only reads never creates one: check --db, or "
                            "create it with pool update)");
  }
  if (s) {
    s->set_journal_limits(settings.journal_max_steps, settings.journal_max_age);
    // Once per process: some commands open the store more than once.
    static bool warned = false;
    if (!warned) {
      for (const auto& w : s->warnings()) {
        log::warning(w);
      }
      warned = true;
    }
  }
  return s;
}

void add_commands(CLI::App& parent,
                  Context& ctx,
                  Commands& commands,
                  const std::vector<CommandSpec>& specs) {
  for (const auto& spec : specs) {
    auto* cmd = parent.add_subcommand(spec.name, spec.help);
    commands.add(cmd, spec.make(cmd, ctx), spec.access);
  }
}

void add_group(CLI::App& app, Context& ctx, Commands& commands, const GroupSpec& group) {
  auto* g = app.add_subcommand(group.name, group.help);
  for (const auto& alias : group.aliases) {
    g->alias(alias);
  }
  g->require_subcommand(1);
  add_commands(*g, ctx, commands, group.commands);
}

} // namespace dnsctl::cli
