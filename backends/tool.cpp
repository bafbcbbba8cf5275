#include "backends/tool.hpp"

#include "core/util/text.hpp"

namespace dnsctl::backends {

Result<process::Outcome> run_tool(const std::vector<std::string>& argv,
                                  const std::string& input,
                                  std::chrono::milliseconds timeout) {
  process::Options o;
  o.timeout = timeout;
  o.stdin_data = input;
  auto r = process::run(argv, o);
  if (r && r->timed_out) {
    return make_error(Errc::timeout,
                      argv.front() + " timed out after " + text::seconds_text(timeout.count())
                          + " s (killed)");
  }
  return r;
}

std::string tool_failure(const std::string& program, const process::Outcome& r) {
  // Several lines (OpenSSL's error stack) become one.
  std::string t;
  for (const auto& line : text::split(text::trim(r.err.empty() ? r.out : r.err), '\n')) {
    std::string l = text::trim(line);
    if (l.rfind("error: ", 0) == 0) {
      l = l.substr(7);
    }
    if (!l.empty()) {
      t += (t.empty() ? "" : "; ") + l;
    }
  }
  return t.empty() ? program + " exited with " + std::to_string(r.exit_code) : t;
}

} // namespace dnsctl::backends
