#include "backends/bind9/rndc.hpp"

#include "backends/bind9/commands.hpp"
#include "core/util/process.hpp"
#include "core/util/text.hpp"

#include <algorithm>

namespace dnsctl::backends::bind9 {
namespace {

struct Ran {
  bool ok = false;
  std::string out;
  std::string message; // rndc's complaint, or how it failed to run
};

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

Ran run_rndc(const model::Target& target,
             Action action,
             const ZoneArgs& zone,
             std::chrono::milliseconds timeout,
             OpResult& result) {
  Ran r;
  auto argv =
      rndc_argv(target, action, {zone.name, zone.uuid}, zone.clean ? Clean::yes : Clean::no);
  if (!argv) {
    r.message = argv.error().text();
    return r;
  }
  result.commands.push_back(process::shell_join(*argv));
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

bool says(const Ran& r, std::string_view what) {
  return r.message.find(what) != std::string::npos;
}

OpResult add(const model::Target& target,
             const ZoneArgs& zone,
             std::chrono::milliseconds timeout,
             Action action = Action::addzone) {
  OpResult res;
  Ran r = run_rndc(target, action, zone, timeout, res);
  if (r.ok) {
    res.kind = OpResult::Kind::done;
    return res;
  }
  if (!says(r, "already exists")) {
    res.message = r.message;
    return res;
  }
  // Ours from an earlier run, or somebody else's zone: only showzone can tell.
  Ran shown = run_rndc(target, Action::showzone, zone, timeout, res);
  if (!shown.ok) {
    // A zone whose addzone failed half-way (BIND could not write its new-zone database,
    // a full disk) stays in named's memory and in no configuration: addzone says it
    // exists and showzone fails, on every run until named restarts. Nobody's
    // configuration holds it, so modzone writes ours.
    Ran mod = run_rndc(target, Action::modzone, zone, timeout, res);
    if (mod.ok) {
      res.kind = OpResult::Kind::done;
      res.existed = true;
      return res;
    }
    res.message =
        "addzone: already exists; showzone: " + shown.message + "; modzone: " + mod.message;
    return res;
  }
  if (showzone_has_masters(shown.out, target)) {
    res.kind = OpResult::Kind::done;
    res.existed = true;
    return res;
  }
  res.kind = OpResult::Kind::conflict;
  res.message =
      "zone already exists on the target with other masters, left alone: " + one_line(shown.out);
  return res;
}

} // namespace

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
  OpResult res;
  Ran r = run_rndc(target, Action::showzone, zone, timeout, res);
  if (r.ok) {
    return true;
  }
  if (says(r, "not found") || says(r, "no matching zone")) {
    return false;
  }
  return make_error(Errc::peer, r.message);
}

OpResult apply(const model::Target& target,
               ZoneOp op,
               const ZoneArgs& zone,
               std::chrono::milliseconds timeout) {
  switch (op) {
  case ZoneOp::add:
    return add(target, zone, timeout);
  case ZoneOp::reconfigure: {
    // modzone on a zone the server lost (a restart without its .nzd) adds it again.
    OpResult res;
    Ran r = run_rndc(target, Action::modzone, zone, timeout, res);
    if (r.ok) {
      res.kind = OpResult::Kind::done;
      return res;
    }
    if (says(r, "not found") || says(r, "no matching zone")) {
      OpResult again = add(target, zone, timeout);
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
    Ran r = run_rndc(target, Action::delzone, zone, timeout, res);
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

} // namespace dnsctl::backends::bind9
