#include "core/sync/sync.hpp"

#include "core/dns/serial.hpp"
#include "core/mdns/probe.hpp"
#include "core/store/store.hpp"
#include "core/util/text.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <map>
#include <thread>

namespace dnsctl::sync {
namespace {

using Clock = std::chrono::steady_clock;

// Seconds with an optional fraction ("0.25"), as pool attributes and the config
// file give them.
std::optional<std::chrono::milliseconds> parse_seconds(std::string_view s) {
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < 0 || v > 86400) {
    return std::nullopt;
  }
  return std::chrono::milliseconds(std::llround(v * 1000));
}

// Runs every backend step, `parallel` at a time. The driver never touches the store:
// the threads share nothing but the index of the next step.
void run_steps(std::vector<StepResult>& results, const Options& options) {
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < results.size(); i = next++) {
      StepResult& r = results[i];
      const Step& s = r.step;
      if (!s.refused.empty()) {
        r.message = s.refused;
        continue;
      }
      if (!s.op) {
        r.ok = true;
        r.result.kind = backends::OpResult::Kind::done;
        continue;
      }
      backends::ZoneArgs z{s.pending.zone, s.pending.zone_uuid, s.pending.hard_delete};
      r.result = backends::apply(s.target, *s.op, z, options.timeout);
      r.ok = r.result.kind == backends::OpResult::Kind::done;
      r.message = r.result.message;
    }
  };
  size_t n = std::clamp<size_t>(options.parallel, 1, std::max<size_t>(1, results.size()));
  std::vector<std::thread> threads;
  for (size_t i = 1; i < n; ++i) {
    threads.emplace_back(worker);
  }
  worker();
  for (auto& t : threads) {
    t.join();
  }
}

const model::Pool* pool_of(const std::vector<model::Pool>& pools, int64_t id) {
  for (const auto& p : pools) {
    if (p.id == id) {
      return &p;
    }
  }
  return nullptr;
}

// Polls the pool's nameservers for one zone until the threshold is met or the
// rounds run out.
ZoneResult poll_zone(const model::Pool& pool,
                     const store::PendingTarget& z,
                     bool removed,
                     const PollSettings& ps,
                     Clock::time_point since) {
  ZoneResult zr;
  zr.zone_id = z.zone_id;
  zr.zone = z.zone;
  zr.serial = z.serial;
  zr.removed = removed;
  zr.total = static_cast<int>(pool.nameservers.size());
  for (const auto& ns : pool.nameservers) {
    zr.nameservers.push_back({ns.id, ns.host, ns.port, "unreachable", 0, "not polled"});
  }
  auto apex = dns::Name::parse(z.zone);
  if (!apex || zr.total == 0) {
    zr.converged = zr.total == 0;
    return zr;
  }
  auto met = [&] { return zr.in_sync * 100 >= ps.threshold_percentage * zr.total; };
  if (ps.delay.count() > 0) {
    std::this_thread::sleep_for(ps.delay);
  }
  for (int round = 0; round <= ps.max_retries; ++round) {
    if (round > 0) {
      std::this_thread::sleep_for(ps.interval);
    }
    std::vector<mdns::ProbeTarget> ask;
    std::vector<size_t> which;
    for (size_t i = 0; i < zr.nameservers.size(); ++i) {
      if (zr.nameservers[i].status != "in-sync") {
        ask.push_back({zr.nameservers[i].host, zr.nameservers[i].port});
        which.push_back(i);
      }
    }
    auto probes = mdns::probe_serials(*apex, ask, ps.query_timeout);
    for (size_t k = 0; k < probes.size(); ++k) {
      NameserverResult& n = zr.nameservers[which[k]];
      const mdns::Probe& p = probes[k];
      n.error.clear();
      n.serial = p.serial.value_or(0);
      if (!p.answered) {
        n.status = "unreachable";
        n.error = p.error;
      } else if (!p.serial) {
        n.status = removed ? "in-sync" : "absent";
        if (!removed) {
          n.error = "does not serve the zone (rcode " + std::to_string(p.rcode) + ")";
        }
      } else if (removed) {
        n.status = "behind";
        n.error = "still serves the zone (serial " + std::to_string(*p.serial) + ")";
      } else if (dns::Serial(*p.serial) >= dns::Serial(z.serial)) {
        n.status = "in-sync";
      } else {
        n.status = "behind";
        n.error = "serial " + std::to_string(*p.serial) + ", want " + std::to_string(z.serial);
      }
      if (n.status == "in-sync") {
        ++zr.in_sync;
      }
    }
    if (met() && (zr.in_sync == zr.total || ps.threshold_percentage < 100)) {
      zr.converged = true;
      break;
    }
  }
  zr.seconds = std::chrono::duration<double>(Clock::now() - since).count();
  return zr;
}

} // namespace

Result<PollSettings> poll_settings(const model::Pool& pool, const PollSettings& defaults) {
  PollSettings ps = defaults;
  for (const auto& [key, value] : pool.attributes) {
    auto bad = [&, k = key, v = value](const char* want) {
      return make_error(Errc::invalid_input,
                        "pool " + pool.name + ": attribute " + k + ": " + text::quote(v)
                            + " is not " + want);
    };
    if (key == "threshold_percentage") {
      auto v = text::parse_uint(value, 0, 100);
      if (!v) {
        return bad("a percentage 0..100");
      }
      ps.threshold_percentage = static_cast<int>(*v);
    } else if (key == "poll_retries" || key == "poll_max_retries") {
      auto v = text::parse_uint(value, 0, 10000);
      if (!v) {
        return bad("a count 0..10000");
      }
      ps.max_retries = static_cast<int>(*v);
    } else if (key == "poll_delay" || key == "poll_interval" || key == "poll_retry_interval"
               || key == "poll_timeout") {
      auto v = parse_seconds(value);
      if (!v) {
        return bad("seconds (0..86400, decimals allowed)");
      }
      (key == "poll_delay"     ? ps.delay
       : key == "poll_timeout" ? ps.query_timeout
                               : ps.interval) = *v;
    }
  }
  if (ps.query_timeout.count() == 0) {
    ps.query_timeout = std::chrono::milliseconds(1000);
  }
  return ps;
}

bool Report::ok() const {
  return std::all_of(steps.begin(), steps.end(), [](const StepResult& s) { return s.ok; })
         && std::all_of(zones.begin(), zones.end(), [](const ZoneResult& z) { return z.converged; })
         && std::all_of(
             notifies.begin(), notifies.end(), [](const auto& n) { return n.second.ok(); });
}

namespace {

// The steps of each zone, zones in plan order.
struct ByZone {
  std::vector<int64_t> order;
  std::map<int64_t, std::vector<StepResult*>> steps;
};

ByZone group(std::vector<StepResult>& steps) {
  ByZone g;
  for (auto& r : steps) {
    if (!g.steps.contains(r.step.pending.zone_id)) {
      g.order.push_back(r.step.pending.zone_id);
    }
    g.steps[r.step.pending.zone_id].push_back(&r);
  }
  return g;
}

void fail_all(const std::vector<StepResult*>& steps, const std::string& why) {
  for (auto* r : steps) {
    r->ok = false;
    r->message = why;
  }
}

// NOTIFY, once per zone, to each target that now has the zone and to the
// also_notifies. A target that does not take it has not been told: it stays pending.
void notify_zone(store::Store& store,
                 const std::vector<StepResult*>& steps,
                 const Options& options,
                 Report& report) {
  const store::PendingTarget& z = steps.front()->step.pending;
  auto told = [](const StepResult* r) { return r->ok && r->step.op != backends::ZoneOp::remove; };
  if (std::none_of(steps.begin(), steps.end(), told)) {
    return;
  }
  auto nz = mdns::notify_zone(store, z.zone);
  auto peers = mdns::notify_peers(store, z.zone);
  if (!nz || !peers) {
    fail_all(steps, "NOTIFY: " + (!nz ? nz.error().text() : peers.error().text()));
    return;
  }
  std::vector<mdns::NotifyPeer> to;
  for (const auto& p : *peers) {
    bool wanted = p.target_id == 0 || std::any_of(steps.begin(), steps.end(), [&](auto* r) {
                    return told(r) && r->step.target.id == p.target_id;
                  });
    if (wanted) {
      to.push_back(p);
    }
  }
  mdns::NotifyOptions no;
  no.timeout = options.notify_timeout;
  for (auto& res : mdns::send_notify(*nz, to, no)) {
    if (!res.ok() && res.peer.target_id != 0) {
      std::string why = "NOTIFY to " + res.peer.host + ":" + std::to_string(res.peer.port) + ": "
                        + (res.error.empty() ? "rcode " + std::to_string(res.rcode) : res.error);
      for (auto* r : steps) {
        if (r->ok && r->step.target.id == res.peer.target_id) {
          r->ok = false;
          r->message = why;
        }
      }
    }
    report.notifies.emplace_back(z.zone, std::move(res));
  }
}

Status record_steps(store::Store& store, const std::vector<StepResult>& steps) {
  auto now = store::Store::now();
  return store.write("sync", [&]() -> Status {
    for (const auto& r : steps) {
      store::TargetOutcome o{r.step.pending.target_id,
                             r.step.pending.zone_id,
                             r.step.pending.action,
                             r.step.pending.serial,
                             r.ok,
                             r.message};
      if (auto ok = store::record_target(store, o, now); !ok) {
        return ok;
      }
    }
    return {};
  });
}

Status record_polls(store::Store& store, const Report& report, const std::vector<int64_t>& zones) {
  auto now = store::Store::now();
  return store.write("sync", [&]() -> Status {
    for (const auto& zr : report.zones) {
      for (const auto& n : zr.nameservers) {
        store::NameserverSeen seen{n.nameserver_id, zr.zone_id, n.serial, n.status, n.error};
        if (auto ok = store::record_nameserver(store, seen, now); !ok) {
          return ok;
        }
      }
      if (zr.converged) {
        continue;
      }
      std::vector<std::string> lag;
      for (const auto& n : zr.nameservers) {
        if (n.status != "in-sync") {
          lag.push_back(n.host + ":" + std::to_string(n.port) + " " + n.status);
        }
      }
      std::string why = "nameservers not in sync after "
                        + text::seconds_text(std::llround(zr.seconds * 1000))
                        + " s: " + text::join(lag, ", ");
      if (auto ok = store::mark_zone_targets_pending(store, zr.zone_id, why); !ok) {
        return ok;
      }
    }
    for (int64_t zid : zones) {
      if (auto ok = store::settle_zone(store, zid); !ok) {
        return ok;
      }
    }
    return {};
  });
}

} // namespace

Report run(store::Store& store,
           const Plan& plan,
           const std::vector<model::Pool>& pools,
           const Options& options) {
  Report report;
  auto started = Clock::now();
  for (const auto& s : plan.steps) {
    report.steps.push_back(StepResult{s, {}, false, ""});
  }
  run_steps(report.steps, options);
  for (const auto& r : report.steps) {
    report.commands += r.result.commands.size();
  }
  ByZone zones = group(report.steps);
  for (int64_t zid : zones.order) {
    notify_zone(store, zones.steps[zid], options, report);
  }
  if (auto wrote = record_steps(store, report.steps); !wrote) {
    for (auto& r : report.steps) {
      r.ok = false;
      r.message = "recording the outcome: " + wrote.error().text();
    }
    return report;
  }
  // Poll every zone some step succeeded for: done when its nameservers serve the
  // serial (or, deleted, no longer serve it).
  for (int64_t zid : zones.order) {
    auto& steps = zones.steps[zid];
    const store::PendingTarget& z = steps.front()->step.pending;
    const model::Pool* pool = pool_of(pools, z.pool_id);
    if (pool == nullptr
        || std::none_of(steps.begin(), steps.end(), [](const StepResult* r) { return r->ok; })) {
      continue;
    }
    auto ps = poll_settings(*pool, options.poll);
    if (!ps) {
      fail_all(steps, ps.error().text());
      continue;
    }
    bool removed = z.action == model::TargetAction::remove;
    report.zones.push_back(poll_zone(*pool, z, removed, *ps, started));
  }
  if (auto settled = record_polls(store, report, zones.order); !settled) {
    for (auto& zr : report.zones) {
      zr.converged = false;
    }
  }
  return report;
}

} // namespace dnsctl::sync
