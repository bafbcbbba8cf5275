#include "core/util/log.hpp"

#include <atomic>

namespace dnsctl::log {
namespace {
Sink g_sink;                                                // NOLINT: set once before threads start
std::atomic<int> g_level{static_cast<int>(Level::warning)}; // NOLINT
} // namespace

void set_sink(Sink sink) {
  g_sink = std::move(sink);
}
void set_level(Level level) {
  g_level.store(static_cast<int>(level));
}
bool enabled(Level level) {
  return g_sink && static_cast<int>(level) <= g_level.load();
}

void write(Level level, std::string_view line) {
  if (enabled(level)) {
    g_sink(level, line);
  }
}

} // namespace dnsctl::log
