#include "core/sync/pass.hpp"

#include "backends/backend.hpp"
#include "core/mdns/settings.hpp"
#include "core/store/pools.hpp"
#include "core/store/store.hpp"
#include "core/store/sync_state.hpp"
#include "core/store/zone_rows.hpp"
#include "core/util/log.hpp"
#include "core/util/text.hpp"

#include <algorithm>
#include <memory>

namespace dnsctl::sync {

bool PassResult::ok() const {
  bool unreachable = std::any_of(verified.findings.begin(), verified.findings.end(), [](auto& f) {
    return f.kind == Finding::Kind::unreachable;
  });
  return report.ok() && !unreachable;
}

PollSettings poll_defaults(const model::Settings& s) {
  PollSettings p;
  p.delay = s.poll_delay;
  p.interval = s.poll_interval;
  p.max_retries = s.poll_retries;
  p.query_timeout = s.poll_timeout;
  p.threshold_percentage = s.threshold_percentage;
  return p;
}

Result<std::unique_ptr<mdns::Server>> serve_transfers(const std::string& store_path,
                                                      const model::Settings& settings,
                                                      const std::string& listen) {
  mdns::Overrides o;
  o.listen = {listen};
  o.workers = 1;
  auto options = mdns::server_options(settings, store_path, o);
  options.transfer_sources = backends::transfer_sources;
  DNSCTL_TRY_ASSIGN(auto limits, mdns::limits_from(settings, o));
  DNSCTL_TRY_ASSIGN(auto server, mdns::Server::start(options, limits));
  log::info("sync: serving transfers on " + text::join(server->bound(), ", "));
  return server;
}

Result<PassResult> pass(store::Store& store,
                        const std::string& store_path,
                        const model::Settings& settings,
                        const PassRequest& request) {
  PassResult out;
  std::vector<int64_t> ids;
  for (const auto& z : request.zones) {
    DNSCTL_TRY_ASSIGN(auto found, store::find_zone(store, z));
    ids.push_back(found.id);
  }
  int64_t pool_id = 0;
  if (!request.pool.empty()) {
    DNSCTL_TRY_ASSIGN(auto p, store::find_pool(store, request.pool));
    pool_id = p.id;
  }
  DNSCTL_TRY_ASSIGN(auto pools, store::load_pools(store));
  PollSettings poll = poll_defaults(settings);
  for (const auto& p : pools) {
    DNSCTL_TRY(poll_settings(p, poll));
  }
  if (request.verify) {
    DNSCTL_TRY_ASSIGN(out.verified,
                      verify(store, pools, ids, pool_id, request.timeout, !request.plan_only));
  }
  DNSCTL_TRY_ASSIGN(auto pending, store::pending_targets(store, ids, pool_id));
  DNSCTL_TRY_ASSIGN(auto held, store::zones_per_target(store));
  out.plan = make_plan(pending, pools, held, request.limits);
  if (request.plan_only || out.plan.empty()) {
    return out;
  }
  std::unique_ptr<mdns::Server> server;
  if (!request.serve.empty()) {
    DNSCTL_TRY_ASSIGN(server, serve_transfers(store_path, settings, request.serve));
  }
  Options o;
  o.timeout = request.timeout;
  o.notify_timeout = std::min(o.timeout, std::chrono::milliseconds(3000));
  o.parallel = request.parallel;
  o.poll = poll;
  o.progress = request.progress;
  auto started = std::chrono::steady_clock::now();
  out.report = run(store, out.plan, pools, o);
  // Zones that moved and now answer from their new pool: the old pool's servers drop
  // them in the same pass.
  for (int round = 0; round < 3 && !out.report.released.empty(); ++round) {
    DNSCTL_TRY_ASSIGN(auto more, store::pending_targets(store, out.report.released, 0));
    DNSCTL_TRY_ASSIGN(auto counts, store::zones_per_target(store));
    out.report.append(run(store, make_plan(more, pools, counts, request.limits), pools, o));
  }
  if (server) {
    server->stop();
  }
  out.ran = true;
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return out;
}

} // namespace dnsctl::sync
