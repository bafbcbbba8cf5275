// dnsctl api: Designate's v2 API over the store (api/ holds it; this starts it).

#include "cli/context.hpp"
#include "core/util/log.hpp"

#include <CLI/CLI.hpp>

#include <pthread.h>

#include <csignal>

#include "api/app.hpp"
#include "api/server.hpp"

namespace dnsctl::cli {
namespace {

struct ApiArgs {
  std::string listen;
};

Status run_api(Context& ctx, const ApiArgs& a) {
  log::set_level(ctx.verbose >= 1 ? log::Level::debug : log::Level::info);
  model::ApiSettings settings = ctx.settings.api;
  if (!a.listen.empty()) {
    settings.listen = a.listen;
  }
  DNSCTL_TRY_ASSIGN(auto auth, api::make_authenticator(settings, settings.listen));
  {
    // The schema is checked (or made) once, before a thread asks.
    DNSCTL_TRY(ctx.open_store());
  }
  model::Settings all = ctx.settings;
  all.api = settings;
  auto app = std::make_shared<api::App>(ctx.store_path(), all, std::move(auth));
  // Signals go to this thread only; the server's threads inherit the mask.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  api::ServerOptions o;
  o.listen = settings.listen;
  o.threads = settings.workers;
  o.max_connections = settings.max_connections;
  o.per_address_connections = settings.max_connections_per_address;
  o.idle_timeout = std::chrono::seconds(settings.timeout);
  o.max_body = settings.max_request_body_size;
  DNSCTL_TRY_ASSIGN(auto server,
                    api::Server::start(o, [app](const api::Request& r) { return app->handle(r); }));
  log::info("api: serving " + ctx.store_path() + " on " + settings.listen + " (port "
            + std::to_string(server->port()) + ", auth " + settings.auth_strategy + ")");
  int sig = 0;
  while (sigwait(&set, &sig) != 0) {
  }
  log::info("api: stopping");
  server->stop();
  return {};
}

Handler add_api(CLI::App* cmd, Context& ctx) {
  auto a = std::make_shared<ApiArgs>();
  cmd->add_option("--listen",
                  a->listen,
                  "ADDR:PORT to serve on (default: [api] listen, else 127.0.0.1:9001; port 0 "
                  "lets the kernel choose, and the log says which)");
  return [&ctx, a]() { return run_api(ctx, *a); };
}

} // namespace

void register_api(CLI::App& app, Context& ctx, Commands& commands) {
  add_commands(app,
               ctx,
               commands,
               {{"api",
                 "Serve Designate's v2 API (zones and recordsets) to the openstack CLI, "
                 "Terraform and other clients",
                 Access::writes,
                 add_api}});
}

} // namespace dnsctl::cli
