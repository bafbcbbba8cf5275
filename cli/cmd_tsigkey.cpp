// dnsctl tsigkey: create list show set delete

#include "backends/backend.hpp"
#include "cli/context.hpp"
#include "cli/output.hpp"
#include "core/dns/tsig.hpp"
#include "core/ops/keys_and_names.hpp"
#include "core/util/input_file.hpp"
#include "core/util/text.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <sstream>

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

// The secret in `path` ("-": standard input): the base64 text alone, or the secret
// "..." of a BIND key statement.
Result<std::string> read_secret(const std::string& path) {
  std::string text;
  if (path == "-") {
    std::ostringstream in;
    in << std::cin.rdbuf();
    text = in.str();
  } else {
    util::InputLimits limits;
    limits.max_bytes = size_t{64} << 10;
    DNSCTL_TRY_ASSIGN(auto got, util::read_input_file(path, limits));
    text = std::move(got);
  }
  std::string where = path == "-" ? "standard input" : path;
  if (auto at = text.find("secret"); at != std::string::npos) {
    auto open = text.find('"', at);
    auto close = open == std::string::npos ? open : text.find('"', open + 1);
    if (close == std::string::npos) {
      return make_error(Errc::invalid_input,
                        where + ": a secret statement without a quoted secret");
    }
    return text.substr(open + 1, close - open - 1);
  }
  std::string secret = text::trim(text);
  if (secret.empty()) {
    return make_error(Errc::invalid_input, where + " holds no secret");
  }
  return secret;
}

Handler add_create(CLI::App* cmd, Context& ctx) {
  struct Args {
    ops::KeySpec spec;
    std::string secret;
    std::string secret_file;
    OutputOptions out;
  };
  auto a = std::make_shared<Args>();
  auto* positional = cmd->add_option("name", a->spec.name, "Key name (a domain name)");
  cmd->add_option("--name", a->spec.name, "Same as the positional NAME (OpenStack client)")
      ->excludes(positional);
  cmd->add_option("--algorithm", a->spec.algorithm, dns::tsig_algorithms_text())
      ->default_val("hmac-sha256");
  auto* secret =
      cmd->add_option("--secret", a->secret, "Base64 secret (default: random, of the digest size)");
  cmd->add_option("--secret-file",
                  a->secret_file,
                  "Read the secret from a file, or - for standard input: base64, or a BIND key "
                  "file as tsig-keygen writes (keeps it out of ps and shell history)")
      ->excludes(secret);
  cmd->add_option("--scope", a->spec.scope, "all (default), pool or zone");
  cmd->add_option(
      "--resource-id,--resource", a->spec.resource, "The pool or zone of --scope, by id or name");
  add_output_options(cmd, a->out);
  expect_columns(cmd, key_table({model::TsigKey{}}, true));
  return [&ctx, a]() -> Status {
    if (a->spec.name.empty()) {
      return make_error(Errc::invalid_input, "tsigkey create needs a NAME (positional, or --name)");
    }
    return ctx.with_store([&](store::Store& s) -> Status {
      auto spec = a->spec;
      if (!a->secret.empty()) {
        spec.secret = a->secret;
      }
      if (!a->secret_file.empty()) {
        DNSCTL_TRY_ASSIGN(auto got, read_secret(a->secret_file));
        spec.secret = got;
      }
      DNSCTL_TRY_ASSIGN(auto k, ops::create_tsig_key(s, spec));
      return print_show(key_table({k}, true), a->out);
    });
  };
}

// -f bind9, knot, nsd4 (and their aliases bind, knot2, nsd): the key as each server's
// configuration file writes it.
std::vector<std::string> clause_formats() {
  return backends::names_with(
      [](const backends::BackendInfo& b) { return b.key_clause != nullptr; });
}

Handler add_list(CLI::App* cmd, Context& ctx) {
  auto out = std::make_shared<OutputOptions>();
  add_output_options(cmd, *out);
  return [&ctx, out]() -> Status {
    return ctx.with_store([&](store::Store& s) -> Status {
      DNSCTL_TRY_ASSIGN(auto keys, store::list_tsig_keys(s));
      return print_list(key_table(keys, false), *out);
    });
  };
}

Handler add_show(CLI::App* cmd, Context& ctx) {
  struct Args {
    std::string key;
    OutputOptions out;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("key", a->key, "Key name or id")->required();
  add_output_options(cmd, a->out, "table", clause_formats());
  return [&ctx, a]() -> Status {
    return ctx.with_store([&](store::Store& s) -> Status {
      DNSCTL_TRY_ASSIGN(auto k, store::find_tsig_key(s, a->key));
      if (const auto* type = backends::find_server(a->out.format); type && type->key_clause) {
        print_text(type->key_clause(k));
        return {};
      }
      return print_show(key_table({k}, true), a->out);
    });
  };
}

Handler add_set(CLI::App* cmd, Context& ctx) {
  struct Args {
    std::string key;
    ops::KeyUpdate update;
    std::string secret_file;
    OutputOptions out;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("key", a->key, "Key name or id")->required();
  cmd->add_option("--name", a->update.name, "New name");
  cmd->add_option("--algorithm", a->update.algorithm, dns::tsig_algorithms_text());
  auto* secret = cmd->add_option("--secret", a->update.secret, "New base64 secret");
  cmd->add_option("--secret-file", a->secret_file, "Read the new secret from a file, or -")
      ->excludes(secret);
  cmd->add_option("--scope", a->update.scope, "all, pool or zone");
  cmd->add_option(
      "--resource-id,--resource", a->update.resource, "The pool or zone of --scope, by id or name");
  add_output_options(cmd, a->out);
  expect_columns(cmd, key_table({model::TsigKey{}}, true));
  return [&ctx, a]() -> Status {
    auto update = a->update;
    if (!a->secret_file.empty()) {
      DNSCTL_TRY_ASSIGN(auto got, read_secret(a->secret_file));
      update.secret = got;
    }
    return ctx.with_store([&](store::Store& s) -> Status {
      DNSCTL_TRY_ASSIGN(auto k, ops::update_tsig_key(s, a->key, update));
      return print_show(key_table({k}, true), a->out);
    });
  };
}

Handler add_delete(CLI::App* cmd, Context& ctx) {
  auto key = std::make_shared<std::string>();
  cmd->add_option("key", *key, "Key name or id")->required();
  return [&ctx, key]() -> Status {
    return ctx.with_store([&](store::Store& s) -> Status { return ops::delete_tsig_key(s, *key); });
  };
}

} // namespace

void register_tsigkey(CLI::App& app, Context& ctx, Commands& commands) {
  add_group(app,
            ctx,
            commands,
            {"tsigkey",
             "TSIG keys for transfers, queries and NOTIFY",
             {},
             {{"create",
               "Create a TSIG key (the secret is generated unless given)",
               Access::writes,
               add_create},
              {"list", "List TSIG keys (without their secrets)", Access::reads, add_list},
              {"show",
               "Show one TSIG key, with its secret; -f bind, knot or nsd print its clause for "
               "that server's configuration",
               Access::reads,
               add_show},
              {"set",
               "Change a TSIG key's name, algorithm, secret or scope (the servers that use it "
               "need the new key too)",
               Access::writes,
               add_set},
              {"delete", "Delete a TSIG key", Access::writes, add_delete}}});
}

} // namespace dnsctl::cli
