#include "cli/context.hpp"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>

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
  std::string path = store_path();
  if (reads_only && !std::filesystem::exists(path)) {
    return make_error(Errc::not_found,
                      "no store at " + path
                          + " (a command that only reads never creates one: check --db, or "
                            "create it with pool update)");
  }
  auto s = store::Store::open(path, options);
  if (s) {
    s->set_journal_limits(settings.journal_max_steps, settings.journal_max_age);
    // Once per process: some commands open the store more than once.
    static bool warned = false;
    if (!warned) {
      for (const auto& w : s->warnings()) {
        std::cerr << "dnsctl: warning: " << w << "\n";
      }
      warned = true;
    }
  }
  return s;
}

} // namespace dnsctl::cli
