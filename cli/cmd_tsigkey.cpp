// dnsctl tsigkey: create list show delete

#include "cli/context.hpp"
#include "cli/output.hpp"
#include "core/dns/tsig.hpp"
#include "core/store/tsig_keys.hpp"
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
    auto got = util::read_input_file(path, limits);
    if (!got) {
      return got.error();
    }
    text = std::move(*got);
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

void add_create(CLI::App* group, Context& ctx, Commands& commands) {
  struct Args {
    store::KeySpec spec;
    std::string secret;
    std::string secret_file;
    OutputOptions out;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = group->add_subcommand("create",
                                    "Create a TSIG key (the secret is generated unless "
                                    "given)");
  cmd->add_option("name", a->spec.name, "Key name (a domain name)")->required();
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
  cmd->add_option("--resource", a->spec.resource, "The pool or zone of --scope, by name or id");
  add_output_options(cmd, a->out);
  expect_columns(cmd, key_table({model::TsigKey{}}, true).columns);
  commands.add(cmd, [&ctx, a]() -> Status {
    return ctx.with_store([&](store::Store& s) -> Status {
      auto spec = a->spec;
      if (!a->secret.empty()) {
        spec.secret = a->secret;
      }
      if (!a->secret_file.empty()) {
        auto got = read_secret(a->secret_file);
        if (!got) {
          return got.error();
        }
        spec.secret = *got;
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
