#include "backends/knot/knot_backend.hpp"

#include "backends/knot/config_text.hpp"
#include "backends/knot/knotc.hpp"
#include "backends/tool.hpp"
#include "core/util/process.hpp"
#include "core/util/text.hpp"

#include <mutex>
#include <set>

namespace dnsctl::backends::knot {
namespace {

// knotc's conf transaction is global to the server, so a run is one transaction:
// every command of every zone is piped into one knotc (a process per command is
// 12x slower) and checked line by line; a second knotc commits, or aborts when any
// line failed, so the server never keeps half a run.
class Knot final : public Backend {
public:
  explicit Knot(const model::Target& t)
      : Backend(t) {
    m_bin = option_value(info(), t, "knotc_bin_path");
    m_socket = option_value(info(), t, "socket");
    m_template = option_value(info(), t, "template");
    m_id = "dnsctl_" + (t.uuid.empty() ? std::string("target") : t.uuid.substr(0, 8));
    for (const auto& m : t.masters) {
      m_addresses.insert(m.host + "@" + std::to_string(m.port));
      m_hosts.insert(m.host);
    }
  }

  OpResult apply(ZoneOp op, const ZoneArgs& zone, std::chrono::milliseconds timeout) override {
    return apply_batch({ZoneJob{op, zone}}, timeout).front();
  }

  std::vector<OpResult> apply_batch(const std::vector<ZoneJob>& jobs,
                                    std::chrono::milliseconds timeout) override;

  std::vector<std::string> describe(ZoneOp op, const ZoneArgs& zone) const override {
    std::vector<std::string> cmds{"conf-begin"};
    for (auto& c : zone_commands(op, zone.name)) {
      cmds.push_back(c.text);
    }
    cmds.emplace_back("conf-commit");
    std::string line = process::shell_join(base_argv()) + " <<< '";
    for (size_t i = 0; i < cmds.size(); ++i) {
      line += (i ? "; " : "") + cmds[i];
    }
    return {line + "'"};
  }

  Result<bool> holds(const ZoneArgs& zone, std::chrono::milliseconds timeout) override {
    DNSCTL_TRY_ASSIGN(auto r, knotc({"conf-read", "zone[" + zone.name + "]"}, "", timeout));
    if (r.exit_code == 0) {
      return true;
    }
    if (r.out.find("invalid identifier") != std::string::npos
        || r.err.find("invalid identifier") != std::string::npos) {
      return false;
    }
    return make_error(Errc::peer, failure_text(r));
  }

  Result<Holding> list_zones(std::chrono::milliseconds timeout) override {
    DNSCTL_TRY_ASSIGN(auto v, read_conf(timeout));
    return Holding{{v.zones.begin(), v.zones.end()}};
  }

  std::optional<Endpoint> notify_endpoint() const override {
    std::string host = option_value(info(), target(), "host");
    auto port = text::parse_uint(option_value(info(), target(), "port"), 1, 65535);
    if (!text::is_ip(host) || !port) {
      return std::nullopt;
    }
    return Endpoint{host, static_cast<uint16_t>(*port)};
  }

  std::string verb(ZoneOp op) const override {
    return op == ZoneOp::add ? "conf-set" : op == ZoneOp::remove ? "conf-unset" : "conf-set master";
  }

  Capabilities caps() const override { return Capabilities{true, true, true}; }

protected:
  std::string location() const override { return m_socket; }

private:
  struct Cmd {
    std::string text;
    std::vector<std::string> tolerated;
  };

  std::vector<std::string> base_argv() const { return {m_bin, "-s", m_socket}; }

  Result<process::Outcome> knotc(const std::vector<std::string>& args,
                                 const std::string& input,
                                 std::chrono::milliseconds timeout) const {
    auto argv = base_argv();
    argv.insert(argv.end(), args.begin(), args.end());
    return run_tool(argv, input, timeout);
  }

  static std::string failure_text(const process::Outcome& r) { return tool_failure("knotc", r); }

  Result<ConfView> read_conf(std::chrono::milliseconds timeout) const {
    DNSCTL_TRY_ASSIGN(auto r,
                      knotc({}, "conf-read zone\nconf-read remote\nconf-read acl\n", timeout));
    // knotc reading stdin says it cannot reach knotd on stderr, and may exit 0.
    if (r.out.find(" = ") == std::string::npos && (r.exit_code != 0 || !r.err.empty())) {
      return make_error(Errc::peer, failure_text(r));
    }
    return parse_conf(r.out);
  }

  // The commands that give one zone its settings: our remote and ACL, or the
  // operator's template (which then carries master and acl, as Designate's did).
  std::vector<Cmd> zone_commands(ZoneOp op, const std::string& zone) const {
    std::string z = "zone[" + zone + "]";
    if (op == ZoneOp::remove) {
      return {{"conf-unset " + z, {"invalid identifier"}}};
    }
    std::vector<Cmd> c{{"conf-set " + z, {"duplicate identifier"}}};
    if (!m_template.empty()) {
      c.push_back({"conf-set " + z + ".template " + m_template, {}});
    } else {
      c.push_back({"conf-set " + z + ".master " + m_id, {}});
      c.push_back({"conf-set " + z + ".acl " + m_id, {}});
    }
    return c;
  }

  // Our remote (the masters) and ACL (NOTIFY from the masters' hosts), rewritten
  // only when they differ from pools.yaml, so a no-op run changes nothing.
  std::vector<Cmd> shared_commands(const ConfView& v) const {
    std::vector<Cmd> c;
    if (!m_template.empty()) {
      return c;
    }
    auto remote = v.remote_addresses.find(m_id);
    if (remote == v.remote_addresses.end() || remote->second != m_addresses) {
      if (!v.remotes.contains(m_id)) {
        c.push_back({"conf-set remote[" + m_id + "]", {"duplicate identifier"}});
      } else {
        c.push_back({"conf-unset remote[" + m_id + "].address", {"invalid identifier"}});
      }
      for (const auto& a : m_addresses) {
        c.push_back({"conf-set remote[" + m_id + "].address " + a, {}});
      }
    }
    auto acl = v.acl_addresses.find(m_id);
    if (acl == v.acl_addresses.end() || acl->second != m_hosts) {
      if (!v.acls.contains(m_id)) {
        c.push_back({"conf-set acl[" + m_id + "]", {"duplicate identifier"}});
        c.push_back({"conf-set acl[" + m_id + "].action notify", {}});
      } else {
        c.push_back({"conf-unset acl[" + m_id + "].address", {"invalid identifier"}});
      }
      for (const auto& h : m_hosts) {
        c.push_back({"conf-set acl[" + m_id + "].address " + h, {}});
      }
    }
    return c;
  }

  // Whether a zone Knot already has is configured the way this target would.
  bool ours(const ConfView& v, const std::string& zone) const {
    if (!m_template.empty()) {
      auto t = v.zone_template.find(zone);
      return t != v.zone_template.end() && t->second == m_template;
    }
    auto m = v.zone_masters.find(zone);
    return m != v.zone_masters.end() && m->second.contains(m_id);
  }

  std::string m_bin;
  std::string m_socket;
  std::string m_template;
  std::string m_id;
  std::set<std::string> m_addresses;
  std::set<std::string> m_hosts;
  std::mutex m_mutex;
};

std::vector<OpResult> Knot::apply_batch(const std::vector<ZoneJob>& jobs,
                                        std::chrono::milliseconds timeout) {
  std::lock_guard lock(m_mutex);
  std::vector<OpResult> out(jobs.size());
  auto fail_all = [&](const std::string& why) {
    for (auto& r : out) {
      if (r.kind != OpResult::Kind::conflict) {
        r.kind = OpResult::Kind::failed;
        r.message = why;
      }
    }
    return out;
  };
  auto view = read_conf(timeout);
  if (!view) {
    return fail_all(view.error().message);
  }
  // What the transaction holds, and which job each line answers for (-1: shared).
  std::vector<Cmd> cmds{{"conf-begin", {}}};
  std::vector<long> owner{-1};
  for (auto& c : shared_commands(*view)) {
    cmds.push_back(std::move(c));
    owner.push_back(-1);
  }
  for (size_t i = 0; i < jobs.size(); ++i) {
    std::string zone = text::lower(jobs[i].zone.name);
    bool has = view->zones.contains(zone);
    out[i].kind = OpResult::Kind::done;
    out[i].existed = has && jobs[i].op == ZoneOp::add;
    if (jobs[i].op == ZoneOp::remove ? !has : has) {
      if (has && jobs[i].op == ZoneOp::add && !ours(*view, zone)) {
        out[i].kind = OpResult::Kind::conflict;
        out[i].message =
            "zone already exists in knot's configuration with other masters, left alone";
      }
      continue; // already so; a reconfigure is the shared remote's rewrite
    }
    ZoneOp op = jobs[i].op == ZoneOp::reconfigure ? ZoneOp::add : jobs[i].op;
    for (auto& c : zone_commands(op, jobs[i].zone.name)) {
      out[i].commands.push_back(c.text);
      cmds.push_back(std::move(c));
      owner.push_back(static_cast<long>(i));
    }
  }
  if (cmds.size() == 1) {
    return out; // nothing to change: no transaction at all
  }
  std::string input;
  for (const auto& c : cmds) {
    input += c.text + "\n";
  }
  // Big runs: piped conf-set runs at 330-580 commands/s.
  auto batch_timeout = timeout + std::chrono::milliseconds(10) * static_cast<long>(cmds.size());
  auto staged = knotc({}, input, batch_timeout);
  if (!staged) {
    (void)knotc({"conf-abort"},
                "",
                timeout); // best effort: the run already failed // may hold our half transaction
    return fail_all(staged.error().message);
  }
  auto lines = text::split(staged->out, '\n');
  std::string shared_error;
  bool any_failed = false;
  for (size_t k = 0; k < cmds.size(); ++k) {
    LineVerdict v = k < lines.size() && !lines[k].empty()
                        ? read_line(lines[k], cmds[k].tolerated)
                        : LineVerdict{false, failure_text(*staged)};
    if (v.ok) {
      continue;
    }
    if (k == 0) {
      // No transaction of ours is open (knotd unreachable, or someone else's is).
      return fail_all("conf-begin: " + v.message);
    }
    any_failed = true;
    if (owner[k] < 0) {
      shared_error = cmds[k].text + ": " + v.message;
    } else if (out[owner[k]].kind == OpResult::Kind::done) {
      out[owner[k]].kind = OpResult::Kind::failed;
      out[owner[k]].message = cmds[k].text + ": " + v.message;
    }
  }
  if (any_failed) {
    (void)knotc({"conf-abort"}, "", timeout); // best effort: the run already failed
    std::string why = shared_error.empty() ? "aborted with the run's other zones" : shared_error;
    for (auto& r : out) {
      if (r.kind == OpResult::Kind::done && !r.commands.empty()) {
        r.kind = OpResult::Kind::failed;
        r.message = "conf transaction aborted: " + why;
      }
    }
    return out;
  }
  auto committed = knotc({"conf-commit"}, "", batch_timeout);
  if (!committed || committed->exit_code != 0) {
    std::string why = !committed ? committed.error().message : failure_text(*committed);
    (void)knotc({"conf-abort"}, "", timeout); // best effort: the run already failed
    for (auto& r : out) {
      if (r.kind == OpResult::Kind::done && !r.commands.empty()) {
        r.kind = OpResult::Kind::failed;
        r.message = "conf-commit: " + why;
      }
    }
  }
  return out;
}

Result<std::unique_ptr<Backend>> make(const model::Target& t) {
  return std::unique_ptr<Backend>(std::make_unique<Knot>(t));
}

} // namespace

const BackendInfo& info() {
  static const BackendInfo k_info{
      .type = "knot",
      .summary = "Knot DNS 3 through knotc (one conf transaction per run)",
      .options =
          {
              {"socket",
               OptionKind::path,
               "/run/knot/knot.sock",
               "knotc -s: knotd's control socket"},
              {"knotc_bin_path", OptionKind::path, "knotc", "the knotc program"},
              {"template",
               OptionKind::token,
               "",
               "zone template to use instead of dnsctl's own remote and ACL"},
              {"host", OptionKind::host, "127.0.0.1", "address NOTIFY goes to"},
              {"port", OptionKind::port, "53", "port NOTIFY goes to"},
          },
      .make = make,
      .aliases = {"knot2"},
      .server = "knot",
      .identity_keys = {"socket", "host", "port"},
      .unsupported = false,
      .hint = {},
      .consumer_config = consumer_config,
      .key_clause = key_clause,
  };
  return k_info;
}

} // namespace dnsctl::backends::knot
