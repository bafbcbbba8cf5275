// dnsctl mdns (the hidden master) and dnsctl notify.

#include "backends/backend.hpp"
#include "cli/context.hpp"
#include "cli/output.hpp"
#include "core/mdns/settings.hpp"
#include "core/query/notify.hpp"
#include "core/sync/peers.hpp"
#include "core/util/log.hpp"
#include "core/util/net.hpp"
#include "core/util/text.hpp"

#include <CLI/CLI.hpp>

#include <pthread.h>

#include <cmath>
#include <csignal>

namespace dnsctl::cli {
namespace {

using MdnsArgs = mdns::Overrides;

Status run_mdns(Context& ctx, const MdnsArgs& a) {
  // mdns logs every transfer; -v adds debug lines.
  log::set_level(ctx.verbose >= 1 ? log::Level::debug : log::Level::info);
  DNSCTL_TRY_ASSIGN(auto limits, mdns::limits_from(ctx.settings, a));
  auto o = mdns::server_options(ctx.settings, ctx.store_path(), a);
  o.transfer_sources = backends::transfer_sources;
  {
    // The store is created (or its schema checked) before any thread starts.
    DNSCTL_TRY(ctx.open_store());
  }
  // Signals go to this thread only (sigwait below); the server's threads inherit the mask.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  DNSCTL_TRY_ASSIGN(auto server, mdns::Server::start(o, limits));
  log::info("mdns: serving " + o.store_path + " on " + text::join((server)->bound(), ", ")
            + " (UDP, TCP)");
  while (true) {
    int sig = 0;
    if (sigwait(&set, &sig) != 0) {
      continue;
    }
    if (sig == SIGHUP) {
      // Reload: the config file again, the command line still on top. Listen addresses
      // are bound at start and stay.
      model::Settings fresh;
      bool explicit_config = !ctx.config_option.empty();
      auto ok = load_config(
          explicit_config ? ctx.config_option : "/etc/dnsctl/dnsctl.conf", explicit_config, fresh);
      auto l = ok ? mdns::limits_from(fresh, a) : Result<mdns::Limits>(ok.error());
      if (!l) {
        log::error("mdns: reload failed, keeping the old settings: " + l.error().text());
        continue;
      }
      (server)->set_limits(*l);
      log::info("mdns: settings reloaded");
      continue;
    }
    log::info("mdns: stopping");
    (server)->stop();
    return {};
  }
}

Handler add_mdns(CLI::App* cmd, Context& ctx) {
  auto a = std::make_shared<MdnsArgs>();
  cmd->add_option("--listen",
                  a->listen,
                  "ADDR:PORT to serve on, UDP and TCP; repeat for several (default: the config "
                  "file's, else 0.0.0.0:5354)");
  cmd->add_option("--workers", a->workers, "UDP worker threads (default: one per core)");
  cmd->add_flag("--tsig-enforce", a->tsig_enforce, "Refuse unsigned queries and transfers");
  cmd->add_option("--allow-transfer",
                  a->allow_transfer,
                  "CIDR that may transfer without a key (besides the pools' servers)");
  cmd->add_option("--max-message-size",
                  a->max_message_size,
                  "Largest message of a transfer, 512..65535 (default 16384)")
      ->check(CLI::Range(512, 65535));
  cmd->add_option("--tcp-idle-timeout",
                  a->tcp_idle_timeout,
                  "Seconds before an idle TCP connection is closed (default 10)")
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--tcp-write-timeout",
                  a->tcp_write_timeout,
                  "Seconds a client has to read each message of an answer before the "
                  "connection is closed (default 30)")
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--udp-payload",
                  a->udp_payload,
                  "Our EDNS buffer size: the largest UDP answer (default 1232)")
      ->check(CLI::Range(512, 4096));
  return [&ctx, a]() { return run_mdns(ctx, *a); };
}

Handler add_notify(CLI::App* cmd, Context& ctx) {
  struct Args {
    std::string zone;
    std::vector<std::string> to;
    double timeout = 10;
    OutputOptions out;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("zone", a->zone, "Zone name or id")->required();
  cmd->add_option("--to", a->to, "HOST:PORT to notify instead; repeat for several");
  cmd->add_option("--timeout", a->timeout, "Seconds to keep retrying (default 10)")
      ->check(CLI::Range(0.1, 3600.0));
  add_output_options(cmd, a->out);
  return [&ctx, a]() -> Status {
    return ctx.with_store([&](store::Store& s) -> Status {
      auto zone = sync::notify_zone(s, a->zone);
      if (!zone) {
        return zone.error();
      }
      std::vector<query::NotifyPeer> peers;
      if (a->to.empty()) {
        DNSCTL_TRY_ASSIGN(auto p, sync::notify_peers(s, a->zone));
        peers = std::move(p);
      }
      for (const auto& t : a->to) {
        DNSCTL_TRY_ASSIGN(auto at, net::parse_host_port(t, 53, "--to"));
        peers.push_back(query::NotifyPeer{"--to", at.ip(), at.port(), std::nullopt});
      }
      query::NotifyOptions o;
      o.timeout = std::chrono::milliseconds(static_cast<int64_t>(a->timeout * 1000));
      auto results = query::send_notify(*zone, peers, o);
      Table t{{"peer", "address", "rcode", "attempts", "seconds", "error"}, {}};
      bool failed = false;
      for (const auto& r : results) {
        static const char* k_names[] = {"NOERROR",
                                        "FORMERR",
                                        "SERVFAIL",
                                        "NXDOMAIN",
                                        "NOTIMP",
                                        "REFUSED",
                                        "YXDOMAIN",
                                        "YXRRSET",
                                        "NXRRSET",
                                        "NOTAUTH",
                                        "NOTZONE"};
        std::string rcode = r.rcode < 0     ? ""
                            : r.rcode <= 10 ? k_names[r.rcode]
                                            : std::to_string(r.rcode);
        t.rows.push_back({r.peer.label,
                          r.peer.host + "@" + std::to_string(r.peer.port),
                          rcode,
                          r.attempts,
                          std::round(r.seconds * 1000) / 1000,
                          r.why()});
        failed = failed || !r.ok();
      }
      DNSCTL_TRY(print_list(t, a->out));
      if (failed) {
        return make_error(Errc::peer,
                          "NOTIFY for " + zone->apex.to_text()
                              + " was not answered NOERROR by every peer");
      }
      return {};
    });
  };
}

} // namespace

void register_mdns(CLI::App& app, Context& ctx, Commands& commands) {
  // mdns may create the store it serves (a fresh install starts it before any zone).
  add_commands(app,
               ctx,
               commands,
               {{"mdns",
                 "Serve the store's zones to the secondaries (the hidden master)",
                 Access::writes,
                 add_mdns},
                {"notify",
                 "Send NOTIFY for a zone to its targets and also_notifies (or to --to), and "
                 "report the answers",
                 Access::reads,
                 add_notify}});
}

} // namespace dnsctl::cli
