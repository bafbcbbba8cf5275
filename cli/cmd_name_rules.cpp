// dnsctl tld (create list show set delete import) and dnsctl blacklist (create list
// show set delete): which zone names this site allows, as Designate's TLDs and
// blacklists.

#include "cli/context.hpp"
#include "cli/output.hpp"
#include "core/ops/keys_and_names.hpp"
#include "core/util/input_file.hpp"
#include "core/util/text.hpp"

#include <CLI/CLI.hpp>

namespace dnsctl::cli {
namespace {

Table tld_table(const std::vector<model::Tld>& tlds) {
  Table t{{"id", "name", "description", "created_at", "updated_at"}, {}};
  for (const auto& x : tlds) {
    t.rows.push_back(
        {x.uuid, x.name, x.description, time_cell(x.created_at), time_cell(x.updated_at)});
  }
  return t;
}

Table blacklist_table(const std::vector<model::Blacklist>& list) {
  Table t{{"id", "pattern", "description", "created_at", "updated_at"}, {}};
  for (const auto& x : list) {
    t.rows.push_back(
        {x.uuid, x.pattern, x.description, time_cell(x.created_at), time_cell(x.updated_at)});
  }
  return t;
}

// --description TEXT or --no-description, for set.
void add_description(CLI::App* cmd, std::optional<std::string>& description) {
  auto* d = cmd->add_option("--description", description, "Free text");
  cmd->add_flag_callback(
         "--no-description", [&description]() { description = std::string(); }, "Clear it")
      ->excludes(d);
}

Handler add_tld_create(CLI::App* cmd, Context& ctx) {
  struct Args {
    std::string name;
    std::string description;
    OutputOptions out;
  };
  auto a = std::make_shared<Args>();
  auto* positional = cmd->add_option("name", a->name, "TLD: org, co.uk (no final dot needed)");
  cmd->add_option("--name", a->name, "Same as the positional NAME")->excludes(positional);
  cmd->add_option("--description", a->description, "Free text");
  add_output_options(cmd, a->out);
  expect_columns(cmd, tld_table({}));
  return [&ctx, a]() -> Status {
    if (a->name.empty()) {
      return make_error(Errc::invalid_input, "tld create needs a NAME (positional, or --name)");
    }
    return ctx.with_store([&](store::Store& s) -> Status {
      DNSCTL_TRY_ASSIGN(auto t, ops::create_tld(s, a->name, a->description));
      return print_show(tld_table({t}), a->out);
    });
  };
}

Handler add_tld_list(CLI::App* cmd, Context& ctx) {
  auto out = std::make_shared<OutputOptions>();
  add_output_options(cmd, *out);
  return [&ctx, out]() -> Status {
    return ctx.with_store([&](store::Store& s) -> Status {
      DNSCTL_TRY_ASSIGN(auto all, store::list_tlds(s));
      return print_list(tld_table(all), *out);
    });
  };
}

Handler add_tld_show(CLI::App* cmd, Context& ctx) {
  struct Args {
    std::string tld;
    OutputOptions out;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("tld", a->tld, "TLD name or id")->required();
  add_output_options(cmd, a->out);
  return [&ctx, a]() -> Status {
    return ctx.with_store([&](store::Store& s) -> Status {
      DNSCTL_TRY_ASSIGN(auto t, store::find_tld(s, a->tld));
      return print_show(tld_table({t}), a->out);
    });
  };
}

Handler add_tld_set(CLI::App* cmd, Context& ctx) {
  struct Args {
    std::string tld;
    std::optional<std::string> name;
    std::optional<std::string> description;
    OutputOptions out;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("tld", a->tld, "TLD name or id")->required();
  cmd->add_option("--name", a->name, "New name");
  add_description(cmd, a->description);
  add_output_options(cmd, a->out);
  expect_columns(cmd, tld_table({}));
  return [&ctx, a]() -> Status {
    return ctx.with_store([&](store::Store& s) -> Status {
      DNSCTL_TRY_ASSIGN(auto t, ops::update_tld(s, a->tld, a->name, a->description));
      return print_show(tld_table({t}), a->out);
    });
  };
}

Handler add_tld_delete(CLI::App* cmd, Context& ctx) {
  auto tld = std::make_shared<std::string>();
  cmd->add_option("tld", *tld, "TLD name or id")->required();
  return [&ctx, tld]() -> Status {
    return ctx.with_store([&](store::Store& s) -> Status { return ops::delete_tld(s, *tld); });
  };
}

Handler add_tld_import(CLI::App* cmd, Context& ctx) {
  struct Args {
    std::string file;
    std::string delimiter = ",";
    OutputOptions out;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("--input-file,--input_file", a->file, "CSV file: name[,description] per line")
      ->required();
  cmd->add_option("--delimiter", a->delimiter, "Field delimiter (default ,)")
      ->check([](const std::string& d) {
        return d.size() == 1 && d != "\"" ? "" : "one character, not a quote";
      });
  add_output_options(cmd, a->out);
  expect_columns(cmd, Table{{"file", "created", "skipped"}, {}});
  return [&ctx, a]() -> Status {
    util::InputLimits limits;
    limits.max_bytes = size_t{16} << 20;
    DNSCTL_TRY_ASSIGN(auto text, util::read_input_file(a->file, limits));
    return ctx.with_store([&](store::Store& s) -> Status {
      DNSCTL_TRY_ASSIGN(auto r, ops::import_tlds(s, text, a->file, a->delimiter.front()));
      return print_show(Table{{"file", "created", "skipped"}, {{a->file, r.created, r.skipped}}},
                        a->out);
    });
  };
}

Handler add_blacklist_create(CLI::App* cmd, Context& ctx) {
  struct Args {
    std::string pattern;
    std::string description;
    OutputOptions out;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("--pattern",
                  a->pattern,
                  "RE2 pattern, searched in the zone name with its "
                  "final dot (^ and $ anchor it)")
      ->required();
  cmd->add_option("--description", a->description, "Free text");
  add_output_options(cmd, a->out);
  expect_columns(cmd, blacklist_table({}));
  return [&ctx, a]() -> Status {
    return ctx.with_store([&](store::Store& s) -> Status {
      DNSCTL_TRY_ASSIGN(auto b, ops::create_blacklist(s, a->pattern, a->description));
      return print_show(blacklist_table({b}), a->out);
    });
  };
}

Handler add_blacklist_list(CLI::App* cmd, Context& ctx) {
  auto out = std::make_shared<OutputOptions>();
  add_output_options(cmd, *out);
  return [&ctx, out]() -> Status {
    return ctx.with_store([&](store::Store& s) -> Status {
      DNSCTL_TRY_ASSIGN(auto all, store::list_blacklists(s));
      return print_list(blacklist_table(all), *out);
    });
  };
}

Handler add_blacklist_show(CLI::App* cmd, Context& ctx) {
  struct Args {
    std::string blacklist;
    OutputOptions out;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("blacklist", a->blacklist, "Blacklist id or pattern")->required();
  add_output_options(cmd, a->out);
  return [&ctx, a]() -> Status {
    return ctx.with_store([&](store::Store& s) -> Status {
      DNSCTL_TRY_ASSIGN(auto b, store::find_blacklist(s, a->blacklist));
      return print_show(blacklist_table({b}), a->out);
    });
  };
}

Handler add_blacklist_set(CLI::App* cmd, Context& ctx) {
  struct Args {
    std::string blacklist;
    std::optional<std::string> pattern;
    std::optional<std::string> description;
    OutputOptions out;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("blacklist", a->blacklist, "Blacklist id or pattern")->required();
  cmd->add_option("--pattern", a->pattern, "New pattern");
  add_description(cmd, a->description);
  add_output_options(cmd, a->out);
  expect_columns(cmd, blacklist_table({}));
  return [&ctx, a]() -> Status {
    return ctx.with_store([&](store::Store& s) -> Status {
      DNSCTL_TRY_ASSIGN(auto b, ops::update_blacklist(s, a->blacklist, a->pattern, a->description));
      return print_show(blacklist_table({b}), a->out);
    });
  };
}

Handler add_blacklist_delete(CLI::App* cmd, Context& ctx) {
  auto which = std::make_shared<std::string>();
  cmd->add_option("blacklist", *which, "Blacklist id or pattern")->required();
  return [&ctx, which]() -> Status {
    return ctx.with_store(
        [&](store::Store& s) -> Status { return ops::delete_blacklist(s, *which); });
  };
}

} // namespace

void register_name_rules(CLI::App& app, Context& ctx, Commands& commands) {
  add_group(app,
            ctx,
            commands,
            {"tld",
             "Top-level domains: when any exists, a zone must sit under one",
             {},
             {{"create", "Create a TLD", Access::writes, add_tld_create},
              {"list", "List TLDs", Access::reads, add_tld_list},
              {"show", "Show one TLD", Access::reads, add_tld_show},
              {"set", "Rename a TLD or change its description", Access::writes, add_tld_set},
              {"delete", "Delete a TLD", Access::writes, add_tld_delete},
              {"import",
               "Create TLDs from a CSV file (designate-manage tlds import), all or nothing",
               Access::writes,
               add_tld_import}}});
  add_group(
      app,
      ctx,
      commands,
      {"blacklist",
       "Zone name patterns refused unless --force",
       {"denylist"},
       {{"create", "Create a blacklist pattern", Access::writes, add_blacklist_create},
        {"list", "List blacklist patterns", Access::reads, add_blacklist_list},
        {"show", "Show one blacklist pattern", Access::reads, add_blacklist_show},
        {"set", "Change a blacklist's pattern or description", Access::writes, add_blacklist_set},
        {"delete", "Delete a blacklist pattern", Access::writes, add_blacklist_delete}}});
}

} // namespace dnsctl::cli
