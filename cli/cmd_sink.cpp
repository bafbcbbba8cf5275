// dnsctl sink: designate-sink's work (records from Nova and Neutron notifications),
// from RabbitMQ as a daemon, or from JSON lines for scripts and tests.

#include "cli/context.hpp"
#include "cli/output.hpp"
#include "cli/stop_signal.hpp"
#include "core/sink/run.hpp"
#include "core/sink/translate.hpp"
#include "core/util/log.hpp"

#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>

namespace dnsctl::cli {
namespace {

struct SinkArgs {
  std::string from;
  std::optional<uint32_t> batch_size;
  bool retry_dead = false;
  std::vector<std::string> message_ids;
};

std::string totals_line(const sink::Totals& t) {
  return "sink: " + std::to_string(t.messages) + " message(s) in " + std::to_string(t.batches)
         + " batch(es): " + std::to_string(t.applied) + " applied, " + std::to_string(t.duplicate)
         + " already seen, " + std::to_string(t.ignored) + " ignored, " + std::to_string(t.rejected)
         + " set aside";
}

Status from_lines(Context& ctx, const model::SinkSettings& settings, const std::string& from) {
  sink::Totals totals;
  std::vector<std::string> rejected;
  DNSCTL_TRY(ctx.with_store([&](store::Store& s) -> Status {
    DNSCTL_TRY(sink::check_zones(s, settings));
    if (from == "-") {
      return sink::consume_lines(s, settings, std::cin, "<stdin>", totals, rejected);
    }
    std::ifstream in(from);
    if (!in) {
      return make_error(Errc::io, "cannot read " + from);
    }
    return sink::consume_lines(s, settings, in, from, totals, rejected);
  }));
  for (const auto& r : rejected) {
    std::cerr << "dnsctl: set aside: " << r << "\n";
  }
  print_line(totals_line(totals));
  if (!rejected.empty()) {
    return make_error(Errc::invalid_input,
                      std::to_string(rejected.size())
                          + " message(s) set aside (recorded with the reason; run again after "
                            "the fix and they are applied)");
  }
  return {};
}

Status from_rabbitmq(Context& ctx, const model::SinkSettings& settings) {
  if (settings.transport_url.empty()) {
    return make_error(Errc::invalid_input,
                      "[sink] transport_url is not set in the config file (or give --from FILE)");
  }
  log::set_level(ctx.verbose >= 1 ? log::Level::debug : log::Level::info);
  DNSCTL_TRY(ctx.with_store([&](store::Store& s) { return sink::check_zones(s, settings); }));
  // SIGTERM and SIGINT stop the loop between batches: what was committed is
  // acknowledged, the rest is redelivered.
  sink::Totals totals;
  Status ran;
  {
    StopSignal stop("sink: stopping");
    ran = ctx.with_store([&](store::Store& s) -> Status {
      return sink::consume_amqp(s, settings, stop.flag(), totals);
    });
  }
  log::info(totals_line(totals));
  return ran;
}

Status retry_dead(Context& ctx, const model::SinkSettings& settings, const SinkArgs& a) {
  if (settings.transport_url.empty()) {
    return make_error(Errc::invalid_input, "[sink] transport_url is not set in the config file");
  }
  log::set_level(ctx.verbose >= 1 ? log::Level::debug : log::Level::info);
  sink::Totals totals;
  DNSCTL_TRY(ctx.with_store([&](store::Store& s) -> Status {
    DNSCTL_TRY(sink::check_zones(s, settings));
    return sink::retry_dead(s, settings, a.message_ids, totals);
  }));
  print_line(totals_line(totals));
  if (totals.rejected > 0) {
    return make_error(Errc::invalid_input,
                      std::to_string(totals.rejected) + " message(s) set aside again");
  }
  return {};
}

Handler add_sink(CLI::App* cmd, Context& ctx) {
  auto a = std::make_shared<SinkArgs>();
  cmd->add_option("--from",
                  a->from,
                  "Read notifications as JSON lines from this file (- for standard input) "
                  "instead of RabbitMQ, and stop at its end");
  cmd->add_option("--batch-size", a->batch_size, "Notifications per transaction (default 500)")
      ->check(CLI::Range(1, 10000));
  auto* retry = cmd->add_flag("--retry-dead",
                              a->retry_dead,
                              "Take the messages set aside in <queue>.dead through the "
                              "handlers once more (after a fix), then stop");
  cmd->add_option("--message-id",
                  a->message_ids,
                  "With --retry-dead: only this message (repeat for several); the others stay")
      ->needs(retry);
  return [&ctx, a]() -> Status {
    model::SinkSettings settings = ctx.settings.sink;
    if (a->batch_size) {
      settings.batch_size = *a->batch_size;
    }
    DNSCTL_TRY(sink::check_settings(settings));
    if (a->retry_dead) {
      if (!a->from.empty()) {
        return make_error(Errc::invalid_input,
                          "--retry-dead takes from RabbitMQ: it does not go with --from (run "
                          "the file again instead: its set-aside lines are tried again)");
      }
      return retry_dead(ctx, settings, *a);
    }
    if (!a->from.empty()) {
      return from_lines(ctx, settings, a->from);
    }
    return from_rabbitmq(ctx, settings);
  };
}

} // namespace

void register_sink(CLI::App& app, Context& ctx, Commands& commands) {
  add_commands(app,
               ctx,
               commands,
               {{"sink",
                 "Create and delete records from Nova and Neutron notifications "
                 "(designate-sink), from RabbitMQ or JSON lines",
                 Access::writes,
                 add_sink}});
}

} // namespace dnsctl::cli
