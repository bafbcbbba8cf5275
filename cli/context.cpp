#include "cli/context.hpp"

#include <CLI/CLI.hpp>

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
  auto s = store::Store::open(store_path(), options);
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
