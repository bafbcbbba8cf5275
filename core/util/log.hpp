#pragma once
// core/ never prints: it logs here, and cli/ decides where the lines go (stderr for a
// command, stderr or syslog for the daemon). Check enabled() before formatting anything
// costly, as ccache's LOG does.

#include <functional>
#include <string_view>

namespace dnsctl::log {

enum class Level { error = 0, warning = 1, info = 2, debug = 3 };

using Sink = std::function<void(Level, std::string_view)>;

// Not thread-safe: set once at start-up, before any thread runs.
void set_sink(Sink sink);
void set_level(Level level);
bool enabled(Level level);

void write(Level level, std::string_view line);
inline void error(std::string_view line) {
  write(Level::error, line);
}
inline void warning(std::string_view line) {
  write(Level::warning, line);
}
inline void info(std::string_view line) {
  write(Level::info, line);
}
inline void debug(std::string_view line) {
  write(Level::debug, line);
}

} // namespace dnsctl::log
