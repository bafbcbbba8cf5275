// dnsctl tsigkey: create list show delete

#include "cli/context.hpp"
#include "cli/output.hpp"
#include "core/dns/tsig.hpp"
#include "core/store/tsig_keys.hpp"

#include <CLI/CLI.hpp>

namespace dnsctl::cli {
namespace {

Table key_table(const std::vector<model::TsigKey>& keys, bool with_secret) {
  Table t{{"id", "name", "algorithm", "scope", "resource"}, {}};
  if (with_secret) {
    t.columns.emplace_back("secret");
  }
  for (const auto& k : keys) {
    std::vector<nlohmann::json> row{k.uuid,
                                    k.name,
                                    k.algorithm,
                                    model::to_string(k.scope),
                                    k.resource_name.empty() ? k.resource_id : k.resource_name};
    if (with_secret) {
      row.emplace_back(k.secret);
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

void add_create(CLI::App* group, Context& ctx, Commands& commands) {
  struct Args {
    store::KeySpec spec;
    std::string secret;
    OutputOptions out;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = group->add_subcommand("create",
                                    "Create a TSIG key (the secret is generated unless "
                                    "given)");
  cmd->add_option("name", a->spec.name, "Key name (a domain name)")->required();
  cmd->add_option("--algorithm", a->spec.algorithm, dns::tsig_algorithms_text())
      ->default_val("hmac-sha256");
  cmd->add_option("--secret", a->secret, "Base64 secret (default: random, of the digest size)");
  cmd->add_option("--scope", a->spec.scope, "all (default), pool or zone");
  cmd->add_option("--resource", a->spec.resource, "The pool or zone of --scope, by name or id");
  add_output_options(cmd, a->out);
  commands.add(cmd, [&ctx, a]() -> Status {
    return ctx.with_store([&](store::Store& s) -> Status {
      auto spec = a->spec;
      if (!a->secret.empty()) {
        spec.secret = a->secret;
      }
      auto k = s.write("tsigkey create", [&]() { return store::create_tsig_key(s, spec); });
      if (!k) {
        return k.error();
      }
      return print_show(key_table({*k}, true), a->out);
    });
  });
}

void add_list(CLI::App* group, Context& ctx, Commands& commands) {
  auto out = std::make_shared<OutputOptions>();
  auto* cmd = group->add_subcommand("list", "List TSIG keys (without their secrets)");
  add_output_options(cmd, *out);
  commands.add(cmd, [&ctx, out]() -> Status {
    return ctx.with_store([&](store::Store& s) -> Status {
      auto keys = store::list_tsig_keys(s);
      if (!keys) {
        return keys.error();
      }
      return print_list(key_table(*keys, false), *out);
    });
  });
}

void add_show(CLI::App* group, Context& ctx, Commands& commands) {
  struct Args {
    std::string key;
    OutputOptions out;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = group->add_subcommand("show", "Show one TSIG key, with its secret");
  cmd->add_option("key", a->key, "Key name or id")->required();
  add_output_options(cmd, a->out);
  commands.add(cmd, [&ctx, a]() -> Status {
    return ctx.with_store([&](store::Store& s) -> Status {
      auto k = store::find_tsig_key(s, a->key);
      if (!k) {
        return k.error();
      }
      return print_show(key_table({*k}, true), a->out);
    });
  });
}

void add_delete(CLI::App* group, Context& ctx, Commands& commands) {
  auto key = std::make_shared<std::string>();
  auto* cmd = group->add_subcommand("delete", "Delete a TSIG key");
  cmd->add_option("key", *key, "Key name or id")->required();
  commands.add(cmd, [&ctx, key]() -> Status {
    return ctx.with_store([&](store::Store& s) -> Status {
      return s.write("tsigkey delete", [&]() -> Status {
        auto k = store::find_tsig_key(s, *key);
        if (!k) {
          return k.error();
        }
        return store::delete_tsig_key(s, *k);
      });
    });
  });
}

} // namespace

void register_tsigkey(CLI::App& app, Context& ctx, Commands& commands) {
  auto* group = app.add_subcommand("tsigkey", "TSIG keys for transfers, queries and NOTIFY");
  group->require_subcommand(1);
  add_create(group, ctx, commands);
  add_list(group, ctx, commands);
  add_show(group, ctx, commands);
  add_delete(group, ctx, commands);
}

} // namespace dnsctl::cli
