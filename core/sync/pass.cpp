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

bool PassResult::changes_pending() const {
  bool unverified = std::any_of(verified.findings.begin(), verified.findings.end(), [](auto& f) {
    return f.kind != Finding::Kind::extra;
  });
  return !plan.empty() || unverified;
}

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

namespace {

Status add_lost_zones(store::Store& store,
                      const VerifyReport& verified,
                      const std::vector<model::Pool>& pools,
                      std::vector<store::PendingTarget>& pending) {
  for (const auto& f : verified.findings) {
    if (f.kind != Finding::Kind::missing) {
      continue;
    }
    DNSCTL_TRY_ASSIGN(auto z, store::find_zone(store, f.zone));
    store::PendingTarget p;
    for (const auto& pool : pools) {
      for (const auto& t : pool.targets) {
        p.pool_id = t.id == f.target_id ? pool.id : p.pool_id;
      }
    }
    p.target_id = f.target_id;
    p.zone_id = z.id;
    p.zone = z.name;
    p.zone_uuid = z.uuid;
    p.serial = z.serial;
    p.action = model::TargetAction::create;
    p.status = model::TargetStatus::pending;
    pending.push_back(std::move(p));
  }
  return {};
}

} // namespace

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
  if (!request.plan_only) {
    // A zone of a pool without targets has nothing to wait for: it is ACTIVE (the API
    // shows it so), as deleting one there is immediate.
    DNSCTL_TRY(store.write("sync", [&]() { return store::settle_untargeted_zones(store); }));
  }
  DNSCTL_TRY_ASSIGN(auto pending, store::pending_targets(store, ids, pool_id));
  if (request.plan_only) {
    // What the real run would do about a zone a target lost: create it again (the
    // real run marks it so first; a plan only writes nothing).
    DNSCTL_TRY(add_lost_zones(store, out.verified, pools, pending));
    // And what a move does after this run: the old pool's servers drop the zone.
    DNSCTL_TRY_ASSIGN(auto held, store::held_targets(store, ids, pool_id));
    pending.insert(pending.end(), held.begin(), held.end());
  }
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
  o.error_after = settings.error_after;
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
