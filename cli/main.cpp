// dnsctl: parse, dispatch, turn an Error into an exit code. Nothing else.

#include "cli/context.hpp"
#include "cli/help.hpp"
#include "core/dns/version.hpp"
#include "core/util/http.hpp"
#include "core/util/log.hpp"
#include "core/util/text.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>

namespace dnsctl::cli {
namespace {

// Exit codes (DESIGN.md): 1 the operation failed, 2 usage or validation, nothing written.
int exit_code(Errc code) {
  switch (code) {
  case Errc::invalid_input:
  case Errc::not_found:
  case Errc::conflict:
  case Errc::forbidden:
    return 2;
  case Errc::busy:
  case Errc::io:
  case Errc::peer:
  case Errc::timeout:
  case Errc::internal:
    return 1;
  }
  return 1;
}

// When stderr is the journal (systemd sets JOURNAL_STREAM to its device:inode), each
// line starts with its syslog priority, <3> error to <7> debug, which journald takes
// as the line's priority: `journalctl -p warning` then shows warnings and errors.
bool stderr_is_journal() {
  // NOLINTNEXTLINE(concurrency-mt-unsafe): read once, before any thread starts
  const char* env = std::getenv("JOURNAL_STREAM");
  struct stat st {};
  if (env == nullptr || ::fstat(STDERR_FILENO, &st) != 0) {
    return false;
  }
  return std::string(env)
         == std::to_string(static_cast<uint64_t>(st.st_dev)) + ":"
                + std::to_string(static_cast<uint64_t>(st.st_ino));
}

std::string line_start(log::Level level) {
  static const bool k_journal = stderr_is_journal();
  static constexpr const char* k_names[] = {"error", "warning", "info", "debug"};
  static constexpr const char* k_priorities[] = {"<3>", "<4>", "<6>", "<7>"};
  auto i = static_cast<size_t>(level);
  return std::string(k_journal ? k_priorities[i] : "") + "dnsctl: " + k_names[i] + ": ";
}

void print_error(const Error& e) {
  for (const auto& line : text::split(e.text(), '\n')) {
    std::cerr << line_start(log::Level::error) << line << "\n";
  }
}

const CLI::App* selected_leaf(const CLI::App& app) {
  const CLI::App* cur = &app;
  while (true) {
    auto subs = cur->get_subcommands();
    if (subs.empty()) {
      return cur;
    }
    cur = subs.front();
  }
}

// CLI11 says only "A subcommand is required" both for `dnsctl tsigkey` and for
// `dnsctl tsigkey nosuch`: walk the words down the command tree and name the one
// that is not a command, with the ones that are.
std::string missing_command(const CLI::App& app, int argc, char** argv) {
  const CLI::App* cur = &app;
  std::string path = "dnsctl";
  auto names = [](const CLI::App* group) {
    std::vector<std::string> out;
    for (const auto* sub : group->get_subcommands([](const CLI::App*) { return true; })) {
      out.push_back(sub->get_name());
    }
    return text::join(out, ", ");
  };
  for (int i = 1; i < argc; ++i) {
    std::string word = argv[i];
    if (word == "--db" || word == "--config") {
      ++i; // its value
      continue;
    }
    if (word.empty() || word[0] == '-') {
      continue;
    }
    const CLI::App* next = nullptr;
    for (const auto* sub : cur->get_subcommands([](const CLI::App*) { return true; })) {
      if (sub->check_name(word)) {
        next = sub;
      }
    }
    if (next == nullptr) {
      return "unknown command " + text::quote(word) + " for " + path + " (commands: " + names(cur)
             + ")";
    }
    cur = next;
    path += " " + word;
  }
  return path + " needs a command (commands: " + names(cur) + ")";
}

// The version, and the libraries this binary runs with: what a bug report needs.
std::string version_text() {
  return std::string("dnsctl ") + DNSCTL_VERSION + "\nlibknot " + dns::libknot_version()
         + "\nSQLite " + store::Store::sqlite_version() + "\nlibpq " + store::Store::libpq_version()
         + "\nlibcurl " + http::library_version() + "\nyaml-cpp " + DNSCTL_YAML_CPP_VERSION
         + "\nCLI11 " + CLI11_VERSION + "\nnlohmann-json "
         + std::to_string(NLOHMANN_JSON_VERSION_MAJOR) + "."
         + std::to_string(NLOHMANN_JSON_VERSION_MINOR) + "."
         + std::to_string(NLOHMANN_JSON_VERSION_PATCH);
}

int run(int argc, char** argv) {
  Context ctx;
  Commands commands;
  CLI::App app{"dnsctl: DNS-as-a-service on your own authoritative servers"};
  app.name("dnsctl");
  wrap_help(app);
  app.set_version_flag("--version", version_text());
  app.add_option("--db",
                 ctx.db_option,
                 "Store: a SQLite file or a postgresql:// URI (default: $DNSCTL_DB, the config "
                 "file, /var/lib/dnsctl/dnsctl.db for root, ~/.local/share/dnsctl/dnsctl.db "
                 "otherwise)");
  app.add_option("--config", ctx.config_option, "Config file (default /etc/dnsctl/dnsctl.conf)");
  app.add_flag("-v,--verbose", ctx.verbose, "Log more to stderr (repeat for debug)");
  app.require_subcommand(1);
  app.fallthrough();

  register_pool(app, ctx, commands);
  register_domain(app, ctx, commands);
  register_record(app, ctx, commands);
  register_target(app, ctx, commands);
  register_mdns(app, ctx, commands);
  register_sync(app, ctx, commands);
  register_sink(app, ctx, commands);
  register_api(app, ctx, commands);
  register_tsigkey(app, ctx, commands);
  register_quota(app, ctx, commands);
  register_db(app, ctx, commands);
  register_name_rules(app, ctx, commands);
  register_completion(app, ctx, commands);

  try {
    // `dnsctl help zone create` is `dnsctl zone create --help`, as git and the
    // OpenStack client have it.
    std::vector<std::string> words(argv + 1, argv + argc);
    for (size_t i = 0; i < words.size(); ++i) {
      if (words[i] == "--db" || words[i] == "--config") {
        ++i; // its value
      } else if (words[i] == "help") {
        words.erase(words.begin() + static_cast<std::ptrdiff_t>(i));
        words.emplace_back("--help");
        break;
      } else if (words[i].empty() || words[i][0] != '-') {
        break; // the group: "help" later is an argument
      }
    }
    std::reverse(words.begin(), words.end()); // CLI11 takes them last first
    app.parse(words);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string why = e.what();
    if (why == "A subcommand is required") {
      why = missing_command(app, argc, argv);
    }
    std::cerr << line_start(log::Level::error) << why
              << "\nRun with --help for more information.\n";
    return 2;
  }

  log::set_sink([](log::Level level, std::string_view line) {
    // One write(2) per line: the mdns's threads log at once, and std::cerr's pieces
    // of their lines interleaved.
    std::string text = line_start(level);
    text.append(line).append("\n");
    std::cerr.flush();
    for (size_t off = 0; off < text.size();) {
      ssize_t n = ::write(STDERR_FILENO, text.data() + off, text.size() - off);
      if (n <= 0) {
        break;
      }
      off += static_cast<size_t>(n);
    }
  });
  log::set_level(ctx.verbose >= 2   ? log::Level::debug
                 : ctx.verbose == 1 ? log::Level::info
                                    : log::Level::warning);

  bool explicit_config = !ctx.config_option.empty();
  std::string config = explicit_config ? ctx.config_option : "/etc/dnsctl/dnsctl.conf";
  if (auto ok = load_config(config, explicit_config, ctx.settings); !ok) {
    print_error(ok.error());
    return 2;
  }

  const CLI::App* leaf = selected_leaf(app);
  const Commands::Entry* command = commands.find(leaf);
  if (command == nullptr) {
    std::cerr << leaf->help();
    return 2;
  }
  ctx.reads_only = command->access == Access::reads;
  Status status = command->handler();
  if (!status) {
    print_error(status.error());
    return exit_code(status.error().code);
  }
  return 0;
}

} // namespace
} // namespace dnsctl::cli

int main(int argc, char** argv) {
  // The one place a library exception that escaped its layer is caught.
  try {
    return dnsctl::cli::run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "dnsctl: error: " << e.what() << "\n";
    return 1;
  }
}
