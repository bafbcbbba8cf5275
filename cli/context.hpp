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

// Whether a command may create or change the store. A command that reads finds a
// missing store an error naming the path (a typo in --db made folders and "no zones");
// only writes create one.
enum class Access { reads, writes };

// One command of the command tree, as data: its name, its --help line, whether it
// writes, and the function that adds its arguments to `cmd` and returns what runs it.
struct CommandSpec {
  std::string name;
  std::string help;
  Access access = Access::reads;
  std::function<Handler(CLI::App* cmd, Context& ctx)> make;
};

// A group of commands (`dnsctl zone ...`), which needs one of them.
struct GroupSpec {
  std::string name;
  std::string help;
  std::vector<std::string> aliases;
  std::vector<CommandSpec> commands;
};

// The leaf subcommand CLI11 selected -> the function that runs it, and its access.
class Commands {
public:
  struct Entry {
    const CLI::App* cmd = nullptr;
    Handler handler;
    Access access = Access::reads;
  };
  void add(const CLI::App* cmd, Handler handler, Access access) {
    m_entries.push_back(Entry{cmd, std::move(handler), access});
  }
  const Entry* find(const CLI::App* cmd) const {
    for (const auto& e : m_entries) {
      if (e.cmd == cmd) {
        return &e;
      }
    }
    return nullptr;
  }

private:
  std::vector<Entry> m_entries;
};

// Adds each command of `specs` under `parent`: the top level, or a group.
void add_commands(CLI::App& parent,
                  Context& ctx,
                  Commands& commands,
                  const std::vector<CommandSpec>& specs);
// Adds the group and its commands.
void add_group(CLI::App& app, Context& ctx, Commands& commands, const GroupSpec& group);

// Reads dnsctl.conf (INI, as CLI11 reads it) into settings. A missing file is fine
// unless it was named with --config. Unknown sections and keys are errors.
Status load_config(const std::string& path, bool explicit_path, model::Settings& settings);

void register_pool(CLI::App& app, Context& ctx, Commands& commands);
void register_domain(CLI::App& app, Context& ctx, Commands& commands);
void register_record(CLI::App& app, Context& ctx, Commands& commands);
// target render, and rndc render (the same for bind9 targets, as rndc lines).
void register_target(CLI::App& app, Context& ctx, Commands& commands);
void register_db(CLI::App& app, Context& ctx, Commands& commands);
void register_tsigkey(CLI::App& app, Context& ctx, Commands& commands);
void register_quota(CLI::App& app, Context& ctx, Commands& commands);
// mdns and notify.
void register_mdns(CLI::App& app, Context& ctx, Commands& commands);
// sync and status.
void register_sync(CLI::App& app, Context& ctx, Commands& commands);
void register_sink(CLI::App& app, Context& ctx, Commands& commands);
// api: the v2 API server.
void register_api(CLI::App& app, Context& ctx, Commands& commands);
// tld and blacklist: the zone names this site allows.
void register_name_rules(CLI::App& app, Context& ctx, Commands& commands);
// completion bash: the script comes from the command tree `app` holds at run time.
void register_completion(CLI::App& app, Context& ctx, Commands& commands);
// domain import and export, and record apply: commands of the domain and record
// groups, kept beside the zone file code they call.
CommandSpec import_command();
CommandSpec status_command();
CommandSpec export_command();
CommandSpec apply_command();

} // namespace dnsctl::cli
