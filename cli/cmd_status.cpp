// dnsctl status: every zone's serial in the store and on every nameserver, each target's
// state; with --verify, what the targets themselves say they hold.

#include "cli/context.hpp"
#include "cli/output.hpp"
#include "core/ops/zones.hpp"
#include "core/store/pools.hpp"
#include "core/sync/status.hpp"
#include "core/sync/verify.hpp"
#include "core/util/text.hpp"

#include <CLI/CLI.hpp>

namespace dnsctl::cli {
namespace {

struct StatusArgs {
  std::vector<std::string> zones;
  bool problems = false;
  bool verify = false;
  bool long_form = false;
  OutputOptions out;
};

// The columns, the narrow set first: a table fits 80 columns without -c or --long.
constexpr size_t k_narrow = 5;
Table status_table() {
  return Table{{"zone",
                "server",
                "state",
                "lag",
                "last_error",
                "serial",
                "pool",
                "kind",
                "seen",
                "last_seen",
                "last_attempt"},
               {}};
}

// The target's last error, and how close its failures in a row bring the zone to
// ERROR ([sync] error_after), so an operator sees a flapping server before it counts.
std::string target_error(const model::TargetState& t, int error_after) {
  if (t.failures == 0 || t.last_error.empty()) {
    return t.last_error;
  }
  std::string n = std::to_string(t.failures);
  if (t.status == model::TargetStatus::error) {
    return "failed " + n + " times in a row: " + t.last_error;
  }
  return "failed " + n + " of " + std::to_string(error_after) + " times: " + t.last_error;
}

// --verify: what each target says it holds; true when one lost a zone or could not be
// asked.
Result<bool> add_verified(store::Store& s, const StatusArgs& a, Table& t) {
  DNSCTL_TRY_ASSIGN(auto pools, store::load_pools(s));
  std::vector<int64_t> ids;
  for (const auto& z : a.zones) {
    DNSCTL_TRY_ASSIGN(auto found, ops::find_zone(s, z));
    ids.push_back(found.id);
  }
  DNSCTL_TRY_ASSIGN(auto v, sync::verify(s, pools, ids, 0, std::chrono::seconds(10), false));
  bool bad = false;
  for (const auto& f : v.findings) {
    bad = bad || f.kind != sync::Finding::Kind::extra;
    t.rows.push_back({f.zone,
                      f.target,
                      sync::to_string(f.kind),
                      nullptr,
                      f.message,
                      nullptr,
                      nullptr,
                      "target",
                      nullptr,
                      nullptr,
                      nullptr});
  }
  return bad;
}

Status show_status(Context& ctx, const StatusArgs& a) {
  return ctx.with_store([&](store::Store& s) -> Status {
    DNSCTL_TRY_ASSIGN(auto all, sync::zone_status(s, a.zones));
    int64_t now = store::Store::now();
    Table t = status_table();
    bool narrow = a.out.format == "table" && !a.long_form;
    t.shown = narrow ? k_narrow : 0;
    std::vector<std::string> behind;
    for (const auto& z : all) {
      for (const auto& tg : z.targets) {
        bool done = tg.state.action == model::TargetAction::none
                    && tg.state.status == model::TargetStatus::active;
        if (a.problems && done) {
          continue;
        }
        std::string state =
            model::to_string(tg.state.action) + "/" + model::to_string(tg.state.status);
        t.rows.push_back({z.zone.name,
                          tg.label,
                          state,
                          nullptr,
                          target_error(tg.state, ctx.settings.error_after),
                          z.zone.serial,
                          tg.pool,
                          "target",
                          tg.state.serial,
                          nullptr,
                          time_cell(tg.state.last_attempt)});
      }
      for (const auto& n : z.nameservers) {
        if (a.problems && n.status == model::NameserverStatus::in_sync
            && n.serial == z.zone.serial) {
          continue;
        }
        nlohmann::json lag = nullptr;
        if (n.status == model::NameserverStatus::in_sync
            || n.status == model::NameserverStatus::behind
            || n.status == model::NameserverStatus::stale) {
          lag = static_cast<int64_t>(z.zone.serial - n.serial);
        }
        std::string seen = ago_text(n.last_seen, now);
        t.rows.push_back({z.zone.name,
                          n.host + ":" + std::to_string(n.port),
                          n.status == model::NameserverStatus::never ? "never polled"
                                                                     : model::to_string(n.status),
                          lag,
                          n.last_error,
                          z.zone.serial,
                          z.zone.pool_name,
                          "nameserver",
                          n.serial,
                          seen.empty() ? nlohmann::json() : nlohmann::json(seen + " ago"),
                          time_cell(n.last_attempt)});
      }
      if (!z.in_sync) {
        behind.push_back(z.zone.name);
      }
    }
    bool lost = false;
    if (a.verify) {
      DNSCTL_TRY_ASSIGN(lost, add_verified(s, a, t));
    }
    DNSCTL_TRY(print_list(t, a.out));
    if (!behind.empty()) {
      return make_error(Errc::peer, "not in sync: " + text::join(behind, ", "));
    }
    if (lost) {
      return make_error(Errc::peer, "a target lost zones or could not be asked (rows above)");
    }
    return {};
  });
}

Handler add_status(CLI::App* cmd, Context& ctx) {
  auto a = std::make_shared<StatusArgs>();
  cmd->add_option("zone", a->zones, "Zones (names or ids); default: every zone");
  cmd->add_flag("--problems",
                a->problems,
                "Only the rows that are not in sync: targets not done, nameservers not "
                "serving the store's serial");
  cmd->add_flag("--verify",
                a->verify,
                "Also ask every target which zones it holds (as sync --verify does; nothing "
                "is written): a zone a target lost is a row, and exit 1");
  cmd->add_flag("--long",
                a->long_form,
                "Every column in a table (the default shows zone, server, state, lag and "
                "last_error: 80 columns; -c picks any)");
  add_output_options(cmd, a->out);
  expect_columns(cmd, status_table());
  return [&ctx, a]() { return show_status(ctx, *a); };
}

} // namespace

CommandSpec status_command() {
  return {"status",
          "Every zone's serial in the store and on every nameserver, the lag, and each "
          "target's state; exit 0 only when all is in sync",
          Access::reads,
          add_status};
}

} // namespace dnsctl::cli
