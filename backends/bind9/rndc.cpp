#include "backends/bind9/rndc.hpp"

#include "backends/bind9/commands.hpp"
#include "core/util/process.hpp"
#include "core/util/text.hpp"

#include <algorithm>

namespace dnsctl::backends::bind9 {
namespace {

using Ran = Rndc::Ran;

// rndc prints its complaint on stderr, sometimes on several lines ("connection to
// remote host closed / This may indicate that ..."): keep them, on one line.
std::string one_line(const std::string& text) {
  std::string s;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t') {
      if (!s.empty() && s.back() != ' ') {
        s += ' ';
      }
    } else {
      s += c;
    }
  }
  while (!s.empty() && s.back() == ' ') {
    s.pop_back();
  }
  return s;
}

bool says(const Ran& r, std::string_view what) {
  return r.message.find(what) != std::string::npos;
}

std::string value_of(const model::Target& t, const char* key) {
  const std::string* v = t.option(key);
  return v != nullptr ? *v : std::string();
}

} // namespace

Rndc::Rndc(model::Target target)
    : m_target(std::move(target)) {
  m_base_args = base_argv(m_target).size();
  std::string key_file = value_of(m_target, "rndc_key_file");
  if (!value_of(m_target, "rndc_bin_path").empty()
      || !value_of(m_target, "rndc_config_file").empty() || key_file.empty()) {
    return;
  }
  m_host = value_of(m_target, "rndc_host");
  if (m_host.empty()) {
    m_host = "127.0.0.1";
  }
  if (!text::is_ip(m_host)) {
    return;
  }
  if (std::string p = value_of(m_target, "rndc_port"); !p.empty()) {
    m_port = static_cast<uint16_t>(text::parse_uint(p, 1, 65535).value_or(953));
  }
  // A key file we cannot read is left to rndc, which says what is wrong with it.
  if (auto key = read_control_key(key_file)) {
    m_key = *key;
  }
}

Ran Rndc::over_channel(Action action,
                       const std::vector<std::string>& argv,
                       std::chrono::milliseconds timeout) {
  // rndc joins its arguments with spaces into the command text.
  std::string command;
  for (size_t i = m_base_args; i < argv.size(); ++i) {
    command += (command.empty() ? "" : " ") + argv[i];
  }
  std::chrono::milliseconds limit = timeout.count() > 0 ? timeout : std::chrono::hours(1);
  Ran r;
  // A kept connection the server has closed since fails at once: then a new one. A new
  // one named resets is tried once more: a repeated addzone or delzone is recognised
  // ("already exists", "not found"), so sending a command twice is safe.
  bool reset_once = false;
  auto again = [&](const Error& e) {
    if (e.kind != k_connection_lost || reset_once) {
      return false;
    }
    reset_once = true;
    return true;
  };
  for (int attempt = 0; attempt < 3; ++attempt) {
    std::unique_ptr<ControlChannel> c;
    bool fresh = false;
    {
      std::lock_guard lock(m_mutex);
      if (!m_idle.empty()) {
        c = std::move(m_idle.back());
        m_idle.pop_back();
      }
    }
    if (!c) {
      auto opened = ControlChannel::open(m_host, m_port, *m_key, limit);
      if (!opened && again(opened.error())) {
        continue;
      }
      if (!opened) {
        r.message = opened.error().message;
        if (opened.error().code == Errc::timeout) {
          r.message = "rndc " + to_string(action) + " timed out after "
                      + text::seconds_text(timeout.count()) + " s (" + r.message + ")";
        }
        return r;
      }
      c = std::move(*opened);
      fresh = true;
    }
    auto reply = c->command(command, limit);
    if (!reply) {
      if ((!fresh && reply.error().code != Errc::timeout) || (fresh && again(reply.error()))) {
        continue;
      }
      r.message = reply.error().code == Errc::timeout
                      ? "rndc " + to_string(action) + " timed out after "
                            + text::seconds_text(timeout.count()) + " s"
                      : reply.error().message;
      return r;
    }
    {
      std::lock_guard lock(m_mutex);
      m_idle.push_back(std::move(c));
    }
    r.ok = reply->ok;
    r.out = reply->text;
    if (!r.ok) {
      // As rndc prints it: "rndc: 'addzone' failed: already exists", then the text.
      r.message =
          one_line("rndc: '" + to_string(action) + "' failed: " + reply->err + "\n" + reply->text);
    }
    return r;
  }
  return r;
}

Ran Rndc::run(Action action,
              const ZoneArgs& zone,
              std::chrono::milliseconds timeout,
              OpResult& result) {
  Ran r;
  auto argv =
      rndc_argv(m_target, action, {zone.name, zone.uuid}, zone.clean ? Clean::yes : Clean::no);
  if (!argv) {
    r.message = argv.error().text();
    return r;
  }
  result.commands.push_back(process::shell_join(*argv));
  if (m_key) {
    return over_channel(action, *argv, timeout);
  }
  process::Options opts;
  opts.timeout = timeout;
  auto out = process::run(*argv, opts);
  if (!out) {
    r.message = out.error().text();
    return r;
  }
  if (out->timed_out) {
    r.message = "rndc " + to_string(action) + " timed out after "
                + text::seconds_text(timeout.count()) + " s (killed)";
    return r;
  }
  r.out = out->out;
  r.ok = out->exit_code == 0;
  if (!r.ok) {
    r.message = one_line(out->err.empty() ? out->out : out->err);
    if (r.message.empty()) {
      r.message = "rndc " + to_string(action) + " exited with " + std::to_string(out->exit_code);
    }
  }
  return r;
}

OpResult Rndc::add(const ZoneArgs& zone, std::chrono::milliseconds timeout) {
  OpResult res;
  Ran r = run(Action::addzone, zone, timeout, res);
  if (r.ok) {
    res.kind = OpResult::Kind::done;
    return res;
  }
  if (!says(r, "already exists")) {
    res.message = r.message;
    return res;
  }
  // Ours from an earlier run, or somebody else's zone: only showzone can tell.
  Ran shown = run(Action::showzone, zone, timeout, res);
  if (!shown.ok) {
    // A zone whose addzone failed half-way (BIND could not write its new-zone database,
    // a full disk) stays in named's memory and in no configuration: addzone says it
    // exists and showzone fails, on every run until named restarts. Nobody's
    // configuration holds it, so modzone writes ours.
    Ran mod = run(Action::modzone, zone, timeout, res);
    if (mod.ok) {
      res.kind = OpResult::Kind::done;
      res.existed = true;
      return res;
    }
    res.message =
        "addzone: already exists; showzone: " + shown.message + "; modzone: " + mod.message;
    return res;
  }
  if (showzone_has_masters(shown.out, m_target)) {
    res.kind = OpResult::Kind::done;
    res.existed = true;
    return res;
  }
  res.kind = OpResult::Kind::conflict;
  res.message =
      "zone already exists on the target with other masters, left alone: " + one_line(shown.out);
  return res;
}

Result<bool> Rndc::holds(const ZoneArgs& zone, std::chrono::milliseconds timeout) {
  OpResult res;
  Ran r = run(Action::showzone, zone, timeout, res);
  if (r.ok) {
    return true;
  }
  if (says(r, "not found") || says(r, "no matching zone")) {
    return false;
  }
  return make_error(Errc::peer, r.message);
}

OpResult Rndc::apply(ZoneOp op, const ZoneArgs& zone, std::chrono::milliseconds timeout) {
  switch (op) {
  case ZoneOp::add:
    return add(zone, timeout);
  case ZoneOp::reconfigure: {
    // modzone on a zone the server lost (a restart without its .nzd) adds it again.
    OpResult res;
    Ran r = run(Action::modzone, zone, timeout, res);
    if (r.ok) {
      res.kind = OpResult::Kind::done;
      return res;
    }
    if (says(r, "not found") || says(r, "no matching zone")) {
      OpResult again = add(zone, timeout);
      res.commands.insert(res.commands.end(), again.commands.begin(), again.commands.end());
      res.kind = again.kind;
      res.message = again.message;
      return res;
    }
    res.message = r.message;
    return res;
  }
  case ZoneOp::remove: {
    OpResult res;
    Ran r = run(Action::delzone, zone, timeout, res);
    if (r.ok || says(r, "not found") || says(r, "no matching zone")) {
      res.kind = OpResult::Kind::done;
    } else {
      res.message = r.message;
    }
    return res;
  }
  }
  return {};
}

bool showzone_has_masters(const std::string& showzone, const model::Target& target) {
  auto at = showzone.find("primaries {");
  if (at == std::string::npos) {
    at = showzone.find("masters {");
  }
  if (at == std::string::npos || target.masters.empty()) {
    return false;
  }
  auto end = showzone.find('}', at);
  std::string list = showzone.substr(at, end == std::string::npos ? std::string::npos : end - at);
  return std::ranges::all_of(target.masters, [&](const model::HostPort& m) {
    std::string with_port = m.host + " port " + std::to_string(m.port) + ";";
    return list.find(" " + with_port) != std::string::npos
           || (m.port == 53 && list.find(" " + m.host + ";") != std::string::npos);
  });
}

Result<bool>
holds(const model::Target& target, const ZoneArgs& zone, std::chrono::milliseconds timeout) {
  return Rndc(target).holds(zone, timeout);
}

OpResult apply(const model::Target& target,
               ZoneOp op,
               const ZoneArgs& zone,
               std::chrono::milliseconds timeout) {
  return Rndc(target).apply(op, zone, timeout);
}

} // namespace dnsctl::backends::bind9
