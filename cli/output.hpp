#pragma once
// The only code that prints data: -f table|json|yaml|value|csv and -c COLUMN, with the
// OpenStack client's (cliff) conventions. Lists print one row per item; a "show"
// prints one item as Field/Value rows (table, value) or an object (json, yaml).

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
};

// Adds -f/--format and -c/--column to a command; `default_format` for commands whose
// natural output is not a table (rndc render prints command lines).
void add_output_options(CLI::App* cmd,
                        OutputOptions& out,
                        const std::string& default_format = "table");

// For commands that write: -c names are checked against `columns` while the command
// line is parsed, so a typo fails (exit 2) before anything is written, rather than
// after the write was committed.
void expect_columns(CLI::App* cmd, std::vector<std::string> columns);

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<nlohmann::json>> rows; // cells: string, number, bool, null, array
};

Status print_list(const Table& table, const OutputOptions& out);
Status print_show(const Table& one_row, const OutputOptions& out);

// Writes what `write` produces to `path`: standard output for "" or "-"; a regular
// file through a temporary file and a rename, so a reader never sees half of it; a
// device or a pipe (/dev/null, /dev/stdout, a FIFO) directly, never replacing it.
Status write_output(const std::string& path, const std::function<Status(std::ostream&)>& write);

// Plain text for humans on stdout (plans, confirmations); the formats above are for
// data. Kept here so that stdout has one owner.
void print_line(const std::string& line);

} // namespace dnsctl::cli
