#include "backends/nsd4/nsd4_backend.hpp"

#include "backends/nsd4/config_text.hpp"
#include "backends/nsd4/control.hpp"
#include "backends/tool.hpp"
#include "core/util/fd.hpp"
#include "core/util/process.hpp"
#include "core/util/text.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>

namespace dnsctl::backends::nsd4 {
namespace {

class Nsd4 final : public Backend {
public:
  explicit Nsd4(const model::Target& t)
      : Backend(t) {
    m_bin = option_value(info(), t, "nsd_control_bin_path");
    m_pattern = option_value(info(), t, "pattern");
  }
  ~Nsd4() override {
    if (!m_conf.empty()) {
      std::error_code ec;
      std::filesystem::remove(m_conf, ec);
    }
  }
  Nsd4(const Nsd4&) = delete;
  Nsd4& operator=(const Nsd4&) = delete;
  Nsd4(Nsd4&&) = delete;
  Nsd4& operator=(Nsd4&&) = delete;

  OpResult apply(ZoneOp op, const ZoneArgs& zone, std::chrono::milliseconds timeout) override {
    return apply_batch({ZoneJob{op, zone}}, timeout).front();
  }

  std::vector<OpResult> apply_batch(const std::vector<ZoneJob>& jobs,
                                    std::chrono::milliseconds timeout) override {
    std::lock_guard lock(m_mutex);
    std::vector<OpResult> out(jobs.size());
    std::string adds;
    std::string dels;
    for (const auto& j : jobs) {
      // Masters live in the pattern (request-xfr): a reconfigure only makes sure the
      // zone is there.
      (j.op == ZoneOp::remove ? dels : adds) +=
          j.op == ZoneOp::remove ? j.zone.name + "\n" : j.zone.name + " " + m_pattern + "\n";
    }
    auto budget = timeout + std::chrono::milliseconds(1) * static_cast<long>(jobs.size());
    if (!adds.empty()) {
      run_bulk(jobs, out, "addzones", adds, budget, timeout);
    }
    if (!dels.empty()) {
      run_bulk(jobs, out, "delzones", dels, budget, timeout);
    }
    return out;
  }

  std::vector<std::string> describe(ZoneOp op, const ZoneArgs& zone) const override {
    if (op == ZoneOp::remove) {
      return {"echo " + process::shell_quote(zone.name) + " | "
              + process::shell_join(base_argv("CONF")) + " delzones"};
    }
    return {"echo " + process::shell_quote(zone.name + " " + m_pattern) + " | "
            + process::shell_join(base_argv("CONF")) + " addzones"};
  }

  Result<bool> holds(const ZoneArgs& zone, std::chrono::milliseconds timeout) override {
    std::lock_guard lock(m_mutex);
    DNSCTL_TRY_ASSIGN(auto r, control({"zonestatus", zone.name}, "", timeout));
    if (r.exit_code == 0) {
      return true;
    }
    if (r.out.find("not configured") != std::string::npos) {
      return false;
    }
    return make_error(Errc::peer, failure_text(r));
  }

  Result<Holding> list_zones(std::chrono::milliseconds timeout) override {
    std::lock_guard lock(m_mutex);
    DNSCTL_TRY_ASSIGN(auto r, control({"zonestatus"}, "", timeout));
    if (r.exit_code != 0) {
      return make_error(Errc::peer, failure_text(r));
    }
    Holding h;
    for (const auto& [zone, pattern] : zonestatus_all(r.out)) {
      h.zones.push_back(zone);
    }
    return h;
  }

  std::optional<Endpoint> notify_endpoint() const override {
    // host/port are the control channel (Designate used them for NOTIFY too, which
    // sent NOTIFY to port 8952): NOTIFY has keys of its own.
    std::string host = option_value(info(), target(), "notify_host");
    if (host.empty()) {
      host = option_value(info(), target(), "host");
    }
    auto port = text::parse_uint(option_value(info(), target(), "notify_port"), 1, 65535);
    if (!text::is_ip(host) || !port) {
      return std::nullopt;
    }
    return Endpoint{host, static_cast<uint16_t>(*port)};
  }

  std::string verb(ZoneOp op) const override {
    return op == ZoneOp::remove ? "delzones" : "addzones";
  }

  Capabilities caps() const override { return Capabilities{true, true, true}; }

protected:
  std::string location() const override { return where("host", "port"); }

private:
  std::vector<std::string> base_argv(const std::string& conf) const {
    std::string server =
        option_value(info(), target(), "host") + "@" + option_value(info(), target(), "port");
    return {m_bin, "-c", conf, "-s", server};
  }

  // nsd-control reads its certificates from a config file: a private one per target.
  Result<std::string> conf_file() {
    if (!m_conf.empty()) {
      return m_conf;
    }
    const char* tmp = std::getenv("TMPDIR"); // NOLINT(concurrency-mt-unsafe): read-only env
    std::string path =
        std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/dnsctl-nsd-control-XXXXXX";
    Fd fd(::mkstemp(path.data()));
    if (!fd) {
      return make_error(Errc::io, "cannot write nsd-control's config in " + path);
    }
    fd.close();
    std::ofstream f(path);
    f << "remote-control:\n  control-enable: yes\n"
      << "  server-cert-file: \"" << option_value(info(), target(), "server_certfile") << "\"\n"
      << "  control-key-file: \"" << option_value(info(), target(), "keyfile") << "\"\n"
      << "  control-cert-file: \"" << option_value(info(), target(), "certfile") << "\"\n";
    if (!f) {
      return make_error(Errc::io, "cannot write " + path);
    }
    m_conf = path;
    return m_conf;
  }

  Result<process::Outcome> control(const std::vector<std::string>& args,
                                   const std::string& input,
                                   std::chrono::milliseconds timeout) {
    for (const char* k : {"certfile", "keyfile", "server_certfile"}) {
      std::string f = option_value(info(), target(), k);
      if (::access(f.c_str(), R_OK) != 0) {
        return make_error(Errc::io, std::string(k) + " " + f + " is missing or unreadable");
      }
    }
    DNSCTL_TRY_ASSIGN(auto conf, conf_file());
    auto argv = base_argv(conf);
    argv.insert(argv.end(), args.begin(), args.end());
    return run_tool(argv, input, timeout);
  }

  static std::string failure_text(const process::Outcome& r) {
    return tool_failure("nsd-control", r);
  }

  void run_bulk(const std::vector<ZoneJob>& jobs,
                std::vector<OpResult>& out,
                const std::string& verb,
                const std::string& input,
                std::chrono::milliseconds budget,
                std::chrono::milliseconds timeout) {
    bool adding = verb == "addzones";
    auto r = control({verb}, input, budget);
    std::map<std::string, LineOutcome> seen;
    std::string why;
    if (!r) {
      why = r.error().message;
    } else if (r->exit_code != 0) {
      why = failure_text(*r);
    } else {
      seen = adding ? read_addzones(r->out) : read_delzones(r->out);
    }
    for (size_t i = 0; i < jobs.size(); ++i) {
      if ((jobs[i].op == ZoneOp::remove) == adding) {
        continue;
      }
      OpResult& res = out[i];
      res.commands.push_back(verb + " " + jobs[i].zone.name);
      if (!why.empty()) {
        res.message = verb;
        res.message.append(": ").append(why);
        continue;
      }
      auto it = seen.find(jobs[i].zone.name);
      if (it == seen.end()) {
        res.message = verb + ": nsd-control did not mention the zone";
        continue;
      }
      switch (it->second.kind) {
      case LineOutcome::Kind::done:
      case LineOutcome::Kind::missing:
        res.kind = OpResult::Kind::done;
        break;
      case LineOutcome::Kind::exists:
        check_existing(jobs[i].zone, res, timeout);
        break;
      case LineOutcome::Kind::failed:
        res.message = it->second.message;
        break;
      }
    }
  }

  // "already exists": ours when it uses our pattern, else somebody else's zone.
  void check_existing(const ZoneArgs& zone, OpResult& res, std::chrono::milliseconds timeout) {
    res.commands.push_back("zonestatus " + zone.name);
    auto r = control({"zonestatus", zone.name}, "", timeout);
    if (!r || r->exit_code != 0) {
      res.message =
          "addzones: already exists; zonestatus: " + (!r ? r.error().message : failure_text(*r));
      return;
    }
    std::string pattern = zonestatus_pattern(r->out);
    if (pattern == m_pattern) {
      res.kind = OpResult::Kind::done;
      res.existed = true;
      return;
    }
    res.kind = OpResult::Kind::conflict;
    res.message = "zone already exists on the target with pattern " + text::quote(pattern)
                  + ", not " + text::quote(m_pattern) + ", left alone";
  }

  std::string m_bin;
  std::string m_pattern;
  std::string m_conf;
  std::mutex m_mutex;
};

Result<std::unique_ptr<Backend>> make(const model::Target& t) {
  return std::unique_ptr<Backend>(std::make_unique<Nsd4>(t));
}

} // namespace

const BackendInfo& info() {
  static const BackendInfo k_info{
      .type = "nsd4",
      .summary = "NSD 4 through nsd-control addzones/delzones (TLS control channel)",
      .options =
          {
              {"host", OptionKind::host, "127.0.0.1", "NSD's control address"},
              {"port", OptionKind::port, "8952", "NSD's control port"},
              {"certfile",
               OptionKind::file,
               "/etc/nsd/nsd_control.pem",
               "control client certificate"},
              {"keyfile", OptionKind::file, "/etc/nsd/nsd_control.key", "control client key"},
              {"server_certfile",
               OptionKind::file,
               "/etc/nsd/nsd_server.pem",
               "NSD's server certificate, to verify it"},
              {"pattern",
               OptionKind::token,
               "slave",
               "NSD pattern with request-xfr and allow-notify"},
              {"nsd_control_bin_path", OptionKind::path, "nsd-control", "the nsd-control program"},
              {"notify_host", OptionKind::host, "", "address NOTIFY goes to (default: host)"},
              {"notify_port", OptionKind::port, "53", "port NOTIFY goes to"},
          },
      .make = make,
      .aliases = {},
      .server = "nsd",
      .identity_keys = {"host", "port"},
      .unsupported = false,
      .hint = {},
      .key_clause = key_clause,
  };
  return k_info;
}

} // namespace dnsctl::backends::nsd4
