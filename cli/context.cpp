#include "cli/context.hpp"

#include <CLI/CLI.hpp>

namespace dnsctl::cli {

std::string Context::store_path() const {
  if (!db_option.empty())
    return db_option;
  return store::default_path(settings.db_path);
}

Result<store::Store> Context::open_store(store::SchemaCheck check) {
  store::OpenOptions options;
  options.schema = check;
  return store::Store::open(store_path(), options);
}

std::string command_path(const CLI::App& app) {
  std::string path;
  const CLI::App* cur = &app;
  while (true) {
    auto subs = cur->get_subcommands();
    if (subs.empty())
      break;
    cur = subs.front();
    if (!path.empty())
      path += ' ';
    path += cur->get_name();
  }
  return path;
}

} // namespace dnsctl::cli
