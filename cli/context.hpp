#pragma once
// What every command shares: the global options, the site settings from dnsctl.conf,
// and the table of command handlers main() dispatches to after parsing.

#include "core/model/settings.hpp"
#include "core/store/store.hpp"
#include "core/util/result.hpp"

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace CLI { // NOLINT(readability-identifier-naming): the library's namespace
class App;
}

namespace dnsctl::cli {

struct Context {
  std::string db_option;     // --db
  std::string config_option; // --config
  int verbose = 0;           // -v (repeatable)
  model::Settings settings;
  // The command only reads: a missing store is an error naming the path, not a new
  // empty store (a typo in --db made folders and "no zones", exit 0).
  bool reads_only = false;

  std::string store_path() const;
  Result<store::Store>
  open_store(store::SchemaCheck check = store::SchemaCheck::require_current) const;

  // Opens the store and runs f(store): the shape of nearly every command.
  template <class F>
  Status with_store(F&& f) const {
    auto store = open_store();
    if (!store) {
      return store.error();
    }
    return f(*store);
  }
};

using Handler = std::function<Status()>;

// The leaf subcommand CLI11 selected -> the function that runs it.
class Commands {
public:
  void add(CLI::App* cmd, Handler handler) { m_handlers.emplace_back(cmd, std::move(handler)); }
  const Handler* find(const CLI::App* cmd) const {
    for (const auto& [c, h] : m_handlers) {
      if (c == cmd) {
        return &h;
      }
    }
    return nullptr;
  }

private:
  std::vector<std::pair<CLI::App*, Handler>> m_handlers;
};

// Reads dnsctl.conf (INI, as CLI11 reads it) into settings. A missing file is fine
// unless it was named with --config. Unknown sections and keys are errors.
Status load_config(const std::string& path, bool explicit_path, model::Settings& settings);

void register_pool(CLI::App& app, Context& ctx, Commands& commands);
void register_domain(CLI::App& app, Context& ctx, Commands& commands);
void register_record(CLI::App& app, Context& ctx, Commands& commands);
void register_rndc(CLI::App& app, Context& ctx, Commands& commands);
void register_db(CLI::App& app, Context& ctx, Commands& commands);
void register_tsigkey(CLI::App& app, Context& ctx, Commands& commands);
// mdns and notify.
void register_mdns(CLI::App& app, Context& ctx, Commands& commands);
// sync and status.
void register_sync(CLI::App& app, Context& ctx, Commands& commands);
// domain import/export and record apply, added to the domain and record groups.
void register_zonefile(CLI::App& app, Context& ctx, Commands& commands);

} // namespace dnsctl::cli
