#pragma once
// --help at the terminal's width: CLI11 2.1 prints each description on one line however
// long, so a 100-character line broke in the middle of a word on an 80-column terminal.

namespace CLI { // NOLINT(readability-identifier-naming): the library's namespace
class App;
}

namespace dnsctl::cli {

// The app (and every subcommand added after this) wraps descriptions at word
// boundaries to the terminal's width (standard output's, else $COLUMNS, else 80).
void wrap_help(CLI::App& app);

} // namespace dnsctl::cli
