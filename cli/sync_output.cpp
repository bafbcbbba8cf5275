#include "cli/sync_output.hpp"

#include "core/util/log.hpp"
#include "core/util/text.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace dnsctl::cli {
namespace {

void add_findings(Table& t, const sync::VerifyReport& v) {
  for (const auto& f : v.findings) {
    t.rows.push_back({f.target, "verify", f.zone, nullptr, sync::to_string(f.kind), f.message});
  }
}

// A step that failed before is a retry, whether its target is in error yet or still
// pending (under [sync] error_after failures).
std::string retry_note(const store::PendingTarget& p) {
  if (p.failures == 1) {
    return "retry (failed once)";
  }
  if (p.failures > 1) {
    return "retry (failed " + std::to_string(p.failures) + " times in a row)";
  }
  return p.status == model::TargetStatus::error ? "retry" : "";
}

} // namespace

Status print_plan(const sync::Plan& plan, const sync::VerifyReport& v, const OutputOptions& out) {
  Table t{{"target", "action", "zone", "serial", "note"}, {}};
  for (const auto& f : v.findings) {
    t.rows.push_back(
        {f.target, "verify", f.zone, nullptr, sync::to_string(f.kind) + ": " + f.message});
  }
  for (const auto& s : plan.steps) {
    t.rows.push_back({sync::step_label(s),
                      sync::step_verb(s),
                      s.pending.zone,
                      s.pending.serial,
                      s.refused.empty() ? retry_note(s.pending) : s.refused});
  }
  return print_list(t, out);
}

namespace {

// One short line, whatever the number of zones: per target ok / failed / skipped, per
// pool the zones its nameservers serve, the commands and NOTIFYs, the time.
std::string totals_line(const sync::Report& r, double seconds) {
  struct Count {
    size_t ok = 0, failed = 0, skipped = 0;
  };
  std::vector<std::pair<std::string, Count>> targets;
  for (const auto& st : r.steps) {
    const auto& t = st.step.target;
    std::string name = t.description;
    if (name.empty()) { // "bind9 127.0.0.1:953", without the uuid the label ends with
      name = sync::target_label(t);
      name = name.substr(0, name.find(" ("));
    }
    auto it = std::find_if(
        targets.begin(), targets.end(), [&](const auto& e) { return e.first == name; });
    if (it == targets.end()) {
      targets.emplace_back(name, Count{});
      it = targets.end() - 1;
    }
    Count& c = it->second;
    (st.ok ? c.ok : !st.step.refused.empty() ? c.skipped : c.failed) += 1;
  }
  auto count_text = [](const Count& c) {
    std::string t = std::to_string(c.ok) + " ok";
    t += c.failed > 0 ? ", " + std::to_string(c.failed) + " failed" : "";
    t += c.skipped > 0 ? ", " + std::to_string(c.skipped) + " skipped" : "";
    return t;
  };
  std::string line = "sync: " + std::to_string(r.steps.size()) + " step(s), "
                     + std::to_string(r.commands) + " backend command(s), "
                     + std::to_string(r.notifies.size()) + " NOTIFY";
  if (targets.size() <= 4) {
    std::vector<std::string> parts;
    parts.reserve(targets.size());
    for (const auto& [name, c] : targets) {
      parts.push_back(name + " " + count_text(c));
    }
    line += parts.empty() ? "" : "; " + text::join(parts, ", ");
  } else {
    Count all;
    for (const auto& [name, c] : targets) {
      all.ok += c.ok;
      all.failed += c.failed;
      all.skipped += c.skipped;
    }
    line += "; " + std::to_string(targets.size()) + " targets: " + count_text(all);
  }
  // Zones served, and zones deleted (gone from the servers: never "in sync").
  struct PoolCount {
    size_t in_sync = 0, served = 0, gone = 0, deleting = 0;
  };
  std::vector<std::pair<std::string, PoolCount>> pools;
  for (const auto& z : r.zones) {
    auto it =
        std::find_if(pools.begin(), pools.end(), [&](const auto& e) { return e.first == z.pool; });
    if (it == pools.end()) {
      pools.push_back({z.pool, {}});
      it = pools.end() - 1;
    }
    if (z.removed) {
      (z.converged ? it->second.gone : it->second.deleting) += 1;
    } else {
      it->second.in_sync += z.converged ? 1 : 0;
      it->second.served += 1;
    }
  }
  for (const auto& [name, n] : pools) {
    line += "; pool " + name;
    if (n.served > 0) {
      line += " " + std::to_string(n.in_sync) + "/" + std::to_string(n.served) + " zone(s) in sync";
    }
    if (n.gone + n.deleting > 0) {
      line += (n.served > 0 ? "," : "") + std::string(" ") + std::to_string(n.gone) + "/"
              + std::to_string(n.gone + n.deleting) + " deleted zone(s) gone";
    }
  }
  if (seconds > 0) {
    line += "; " + text::seconds_text(std::llround(seconds * 1000)) + " s";
  }
  return line;
}

} // namespace

Status report(const sync::Report& r,
              const sync::VerifyReport& v,
              const OutputOptions& out,
              double seconds,
              bool as_log) {
  Table t{{"target", "action", "zone", "serial", "result", "error"}, {}};
  add_findings(t, v);
  for (const auto& s : r.steps) {
    std::string result = s.ok                                                  ? "ok"
                         : s.result.kind == backends::OpResult::Kind::conflict ? "conflict"
                         : !s.step.refused.empty()                             ? "refused"
                                                                               : "failed";
    t.rows.push_back({sync::step_label(s.step),
                      sync::step_verb(s.step),
                      s.step.pending.zone,
                      s.step.pending.serial,
                      result,
                      s.message});
  }
  for (const auto& [zone, n] : r.notifies) {
    if (n.peer.target_id == 0 && !n.ok()) {
      t.rows.push_back({n.peer.label + " " + n.peer.host + ":" + std::to_string(n.peer.port),
                        "notify",
                        zone,
                        nullptr,
                        "failed",
                        n.why()});
    }
  }
  for (const auto& z : r.zones) {
    for (const auto& n : z.nameservers) {
      t.rows.push_back({"nameserver " + n.host + ":" + std::to_string(n.port),
                        z.removed ? "poll (gone)" : "poll",
                        z.zone,
                        n.serial,
                        model::to_string(n.status),
                        n.error});
    }
  }
  if (as_log) {
    log::info(totals_line(r, seconds)); // a daemon's output is its log, not tables
  } else {
    DNSCTL_TRY(print_list(t, out));
    if (out.format == "table") {
      print_line(totals_line(r, seconds));
    }
  }
  std::vector<std::string> failed;
  for (const auto& f : v.findings) {
    if (f.kind == sync::Finding::Kind::unreachable) {
      failed.push_back(f.target + (f.zone.empty() ? "" : " " + f.zone) + ": " + f.message);
    }
  }
  if (r.ok() && failed.empty()) {
    return {};
  }
  for (const auto& s : r.steps) {
    if (!s.ok) {
      failed.push_back(sync::step_label(s.step) + " " + s.step.pending.zone + ": " + s.message);
    }
  }
  for (const auto& z : r.zones) {
    if (!z.converged) {
      for (const auto& n : z.nameservers) {
        if (n.status != model::NameserverStatus::in_sync) {
          failed.push_back("nameserver " + n.host + ":" + std::to_string(n.port) + " " + z.zone
                           + ": " + model::to_string(n.status)
                           + (n.error.empty() ? "" : " (" + n.error + ")"));
        }
      }
    }
  }
  // The first few name the problem; the table (or -f json) has them all.
  constexpr size_t k_named = 5;
  size_t more = failed.size() > k_named ? failed.size() - k_named : 0;
  failed.resize(std::min(failed.size(), k_named));
  return make_error(Errc::peer,
                    "sync incomplete: " + text::join(failed, "; ")
                        + (more > 0 ? "; and " + std::to_string(more) + " more" : ""));
}

ProgressLine::ProgressLine()
    : m_on(::isatty(STDERR_FILENO) != 0) {}

void ProgressLine::show(const sync::Progress& p) {
  auto now = std::chrono::steady_clock::now();
  if (now - m_last < std::chrono::milliseconds(100)) {
    return;
  }
  m_last = now;
  std::string line =
      "sync: " + std::to_string(p.steps_done) + "/" + std::to_string(p.steps) + " steps";
  line += p.steps_failed > 0 ? " (" + std::to_string(p.steps_failed) + " failed)" : "";
  if (p.zones_polled > 0) {
    line += ", " + std::to_string(p.zones_in_sync) + "/" + std::to_string(p.zones_polled)
            + " zones in sync";
  }
  (void)std::fputs(("\r\033[K" + line).c_str(), stderr); // a lost progress line is no error
  m_shown = true;
}

void ProgressLine::clear() {
  if (m_shown) {
    (void)std::fputs("\r\033[K", stderr);
    m_shown = false;
  }
}

} // namespace dnsctl::cli
