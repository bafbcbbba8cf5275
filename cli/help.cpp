#include "cli/help.hpp"

#include "core/util/text.hpp"

#include <CLI/CLI.hpp>

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <sstream>

namespace dnsctl::cli {
namespace {

size_t terminal_width() {
  winsize ws{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40) {
    return ws.ws_col;
  }
  // NOLINTNEXTLINE(concurrency-mt-unsafe): read once, before any thread
  if (const char* cols = std::getenv("COLUMNS")) {
    if (auto n = text::parse_uint(cols, 40, 1000)) {
      return *n;
    }
  }
  return 80;
}

// `text` broken at spaces into lines of at most `width` (a longer word stays whole).
std::string wrap_words(const std::string& text, size_t width) {
  std::string out;
  for (const auto& paragraph : text::split(text, '\n')) {
    if (!out.empty()) {
      out += '\n';
    }
    size_t line = 0;
    for (const auto& word : text::split(paragraph, ' ')) {
      if (word.empty()) {
        continue;
      }
      if (line > 0 && line + 1 + word.size() > width) {
        out += '\n';
        line = 0;
      } else if (line > 0) {
        out += ' ';
        ++line;
      }
      out += word;
      line += word.size();
    }
  }
  return out;
}

class WrappingFormatter : public CLI::Formatter {
public:
  explicit WrappingFormatter(size_t width)
      : m_width(width) {}

  std::string make_option_desc(const CLI::Option* opt) const override {
    return wrap_words(CLI::Formatter::make_option_desc(opt), room());
  }
  std::string make_subcommand(const CLI::App* sub) const override {
    std::stringstream out;
    CLI::detail::format_help(out,
                             sub->get_display_name(true),
                             wrap_words(sub->get_description(), room()),
                             column_width_);
    return out.str();
  }
  std::string make_description(const CLI::App* app) const override {
    return wrap_words(CLI::Formatter::make_description(app), m_width);
  }

private:
  // What is left beside the names' column, never less than 30.
  size_t room() const { return m_width > column_width_ + 30 ? m_width - column_width_ : 30; }
  size_t m_width;
};

} // namespace

void wrap_help(CLI::App& app) {
  app.formatter(std::make_shared<WrappingFormatter>(terminal_width()));
}

} // namespace dnsctl::cli
