#pragma once
// The only code that prints data: -f table|json|yaml|value|csv and -c COLUMN, with the
// OpenStack client's (cliff) conventions. Lists print one row per item; a "show"
// prints one item as Field/Value rows (table, value) or an object (json, yaml).

#include "core/ops/page.hpp"
#include "core/util/result.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace CLI { // NOLINT(readability-identifier-naming): the library's namespace
class App;
}

namespace dnsctl::cli {

struct OutputOptions {
  std::string format = "table";
  std::vector<std::string> columns;
  std::vector<std::string> sort_columns; // --sort-column, in order of precedence
  bool sort_ascending = false;           // the default; the flag is cliff's
  bool sort_descending = false;
  bool noindent = false;  // -f json on one line
  size_t max_width = 0;   // --max-width (or CLIFF_MAX_TERM_WIDTH); 0: no limit
  bool fit_width = false; // --fit-width (or CLIFF_FIT_WIDTH=1): the terminal's width
  std::string prefix;     // -f shell: before every variable name
};

// Adds -f/--format and -c/--column to a command; `default_format` for commands whose
// natural output is not a table (rndc render prints command lines).
// `extra_formats`: formats the command prints itself (tsigkey show -f bind).
void add_output_options(CLI::App* cmd,
                        OutputOptions& out,
                        const std::string& default_format = "table",
                        const std::vector<std::string>& extra_formats = {});

// --limit, --marker, --sort-key, --sort-dir on a list: the API's paging, one code path
// (core/ops/page.hpp). `keys` lists the sort keys for --help.
void add_paging(CLI::App* cmd, ops::PageRequest& page, const std::string& keys);

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<nlohmann::json>> rows; // cells: string, number, bool, null, array
  // Other names -c accepts for a column, as {alias, column}: the OpenStack client's
  // names where ours differ (recordset "records" is our "data").
  std::vector<std::pair<std::string, std::string>> aliases = {};
  // Without -c only the first `shown` columns print (0: all); the rest are there for
  // -c and --sort-column, such as a list's pool_id.
  size_t shown = 0;
};

// A time as Designate's API and client print it (ISO 8601, UTC, microseconds), or
// null for 0: "never", which prints as an empty cell.
nlohmann::json time_cell(int64_t epoch_seconds);

// "4s", "3m", "2h", "5d": how long ago, for people; "" for 0 (never).
std::string ago_text(int64_t epoch_seconds, int64_t now);

// For commands that write: -c names are checked against `columns` while the command
// line is parsed, so a typo fails (exit 2) before anything is written, rather than
// after the write was committed.
void expect_columns(CLI::App* cmd, const Table& table);

Status print_list(const Table& table, const OutputOptions& out);
Status print_show(const Table& one_row, const OutputOptions& out);

// Writes what `write` produces to `path`: standard output for "" or "-"; a regular
// file through a temporary file and a rename, so a reader never sees half of it; a
// device or a pipe (/dev/null, /dev/stdout, a FIFO) directly, never replacing it.
Status write_output(const std::string& path, const std::function<Status(std::ostream&)>& write);

// Plain text for humans on stdout (plans, confirmations); the formats above are for
// data. Kept here so that stdout has one owner.
void print_line(const std::string& line);
// The same for text that brings its own line ends (a config clause).
void print_text(const std::string& text);

} // namespace dnsctl::cli
