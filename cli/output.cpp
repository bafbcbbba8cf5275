#include "cli/output.hpp"

#include "core/util/text.hpp"

#include <CLI/CLI.hpp>
#include <yaml-cpp/yaml.h>

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace dnsctl::cli {
namespace {

using nlohmann::json;

// How a cell reads in a table (a multi-value cell one value per line) or on one line
// (value, csv, shell: space-joined, as cliff does, and never a raw newline).
enum class Cell { table, line };

std::string cell_text(const json& v, Cell as) {
  if (v.is_null()) {
    return "";
  }
  if (v.is_string()) {
    std::string s = v.get<std::string>();
    if (as == Cell::line) {
      std::replace(s.begin(), s.end(), '\n', ' ');
    }
    return s;
  }
  if (v.is_array()) {
    std::vector<std::string> parts;
    for (const auto& e : v) {
      parts.push_back(cell_text(e, as));
    }
    return text::join(parts, as == Cell::line ? " " : "\n");
  }
  if (v.is_boolean()) {
    return v.get<bool>() ? "True" : "False";
  }
  return v.dump();
}

std::vector<std::string> all_names(const Table& t) {
  std::vector<std::string> names = t.columns;
  for (const auto& [alias, column] : t.aliases) {
    names.push_back(alias);
  }
  return names;
}

// The index of column `name` (or of the column it is an alias of), or npos.
size_t column_index(const Table& t, const std::string& name) {
  std::string column = name;
  for (const auto& [alias, real] : t.aliases) {
    if (alias == name) {
      column = real;
    }
  }
  auto it = std::find(t.columns.begin(), t.columns.end(), column);
  return it == t.columns.end() ? std::string::npos : static_cast<size_t>(it - t.columns.begin());
}

Error unknown_column(const Table& t, const std::string& name, const std::string& flag) {
  return make_error(Errc::invalid_input,
                    "unknown " + flag + " " + text::quote(name)
                        + " (columns: " + text::join(all_names(t), ", ") + ")");
}

// Orders the rows by the --sort-column columns (numbers as numbers), stably.
Status sort_rows(Table& t, const OutputOptions& out) {
  std::vector<size_t> keys;
  for (const auto& c : out.sort_columns) {
    size_t i = column_index(t, c);
    if (i == std::string::npos) {
      return unknown_column(t, c, "--sort-column");
    }
    keys.push_back(i);
  }
  if (keys.empty()) {
    return {};
  }
  auto less = [&](const std::vector<json>& a, const std::vector<json>& b) {
    for (size_t k : keys) {
      const json& x = k < a.size() ? a[k] : json();
      const json& y = k < b.size() ? b[k] : json();
      if (x.is_number() && y.is_number()) {
        if (x != y) {
          return x.get<double>() < y.get<double>();
        }
        continue;
      }
      std::string sx = cell_text(x, Cell::line);
      std::string sy = cell_text(y, Cell::line);
      if (sx != sy) {
        return sx < sy;
      }
    }
    return false;
  };
  std::stable_sort(t.rows.begin(), t.rows.end(), [&](const auto& a, const auto& b) {
    return out.sort_descending ? less(b, a) : less(a, b);
  });
  return {};
}

// Picks the -c columns (in the order given, named as given) or all of them.
Result<Table> select(const Table& t, const OutputOptions& out) {
  Table sorted = t;
  DNSCTL_TRY(sort_rows(sorted, out));
  if (out.columns.empty()) {
    if (sorted.shown > 0 && sorted.shown < sorted.columns.size()) {
      sorted.columns.resize(sorted.shown);
      for (auto& row : sorted.rows) {
        row.resize(std::min(row.size(), sorted.shown));
      }
    }
    return sorted;
  }
  Table r;
  std::vector<size_t> idx;
  for (const auto& c : out.columns) {
    size_t i = column_index(t, c);
    if (i == std::string::npos) {
      return unknown_column(t, c, "column");
    }
    idx.push_back(i);
    r.columns.push_back(c);
  }
  for (const auto& row : sorted.rows) {
    std::vector<json> cells;
    cells.reserve(idx.size());
    for (size_t i : idx) {
      cells.push_back(i < row.size() ? row[i] : json());
    }
    r.rows.push_back(std::move(cells));
  }
  return r;
}

// The width a table may take: --max-width, else with --fit-width the terminal's,
// else CLIFF_MAX_TERM_WIDTH; 0 for no limit (cliff's rules).
size_t width_limit(const OutputOptions& out) {
  if (out.max_width > 0) {
    return out.max_width;
  }
  // NOLINTBEGIN(concurrency-mt-unsafe): the CLI prints from one thread
  const char* fit = std::getenv("CLIFF_FIT_WIDTH");
  if (out.fit_width || (fit != nullptr && std::string(fit) == "1")) {
    winsize ws{};
    if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
      return ws.ws_col;
    }
    if (const char* cols = std::getenv("COLUMNS")) {
      if (auto n = text::parse_uint(cols, 1, 100000)) {
        return *n;
      }
    }
  }
  if (const char* env = std::getenv("CLIFF_MAX_TERM_WIDTH")) {
    if (auto n = text::parse_uint(env, 1, 100000)) {
      return *n;
    }
  }
  // NOLINTEND(concurrency-mt-unsafe)
  return 0;
}

// Narrows the widest columns until the table fits `limit`, as cliff does; the cells
// then wrap. First no column below 8 characters or its header's width; when that is
// still too wide, headers wrap too, down to 4 characters a column.
void fit_widths(std::vector<size_t>& width, const std::vector<std::string>& header, size_t limit) {
  if (limit == 0) {
    return;
  }
  size_t border = 3 * width.size() + 1;
  auto total = [&] {
    size_t sum = border;
    for (size_t w : width) {
      sum += w;
    }
    return sum;
  };
  for (bool headers_wrap : {false, true}) {
    while (total() > limit) {
      // The widest column that may still narrow.
      size_t pick = width.size();
      for (size_t i = 0; i < width.size(); ++i) {
        size_t floor = headers_wrap ? 4 : std::max<size_t>(8, header[i].size());
        if (width[i] > floor && (pick == width.size() || width[i] > width[pick])) {
          pick = i;
        }
      }
      if (pick == width.size()) {
        break;
      }
      --width[pick];
    }
  }
  // Past 4 a column: print wider than asked rather than lose text.
}

// A cell's lines, each cut to `width` characters.
std::vector<std::string> wrap(const std::string& cell, size_t width) {
  std::vector<std::string> out;
  for (const auto& line : text::split(cell, '\n')) {
    if (line.size() <= width || width == 0) {
      out.push_back(line);
      continue;
    }
    for (size_t at = 0; at < line.size(); at += width) {
      out.push_back(line.substr(at, width));
    }
  }
  return out;
}

void print_table(const std::vector<std::string>& header,
                 const std::vector<std::vector<std::string>>& rows,
                 size_t limit) {
  std::vector<size_t> width(header.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size() && i < width.size(); ++i) {
      for (const auto& l : text::split(row[i], '\n')) {
        width[i] = std::max(width[i], l.size());
      }
    }
  };
  measure(header);
  for (const auto& r : rows) {
    measure(r);
  }
  fit_widths(width, header, limit);
  std::string rule = "+";
  for (size_t w : width) {
    rule += std::string(w + 2, '-') + "+";
  }
  auto emit = [&](const std::vector<std::string>& row) {
    std::vector<std::vector<std::string>> lines;
    size_t height = 1;
    for (size_t i = 0; i < row.size(); ++i) {
      lines.push_back(wrap(row[i], i < width.size() ? width[i] : 0));
      height = std::max(height, lines.back().size());
    }
    for (size_t l = 0; l < height; ++l) {
      std::string s = "|";
      for (size_t i = 0; i < width.size(); ++i) {
        std::string v = i < lines.size() && l < lines[i].size() ? lines[i][l] : "";
        s += " " + v + std::string(width[i] - std::min(width[i], v.size()), ' ') + " |";
      }
      std::cout << s << "\n";
    }
  };
  std::cout << rule << "\n";
  emit(header);
  std::cout << rule << "\n";
  for (const auto& r : rows) {
    emit(r);
  }
  std::cout << rule << "\n";
}

std::string csv_cell(const json& v) {
  if (v.is_number() || v.is_boolean()) {
    return cell_text(v, Cell::line);
  }
  std::string s = cell_text(v, Cell::line);
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') {
      q += '"';
    }
    q += c;
  }
  return q + "\"";
}

void yaml_value(YAML::Emitter& e, const json& v) {
  if (v.is_null()) {
    e << YAML::Null;
  } else if (v.is_string()) {
    e << v.get<std::string>();
  } else if (v.is_boolean()) {
    e << v.get<bool>();
  } else if (v.is_number_integer()) {
    e << v.get<int64_t>();
  } else if (v.is_number()) {
    e << v.get<double>();
  } else if (v.is_array()) {
    e << YAML::BeginSeq;
    for (const auto& x : v) {
      yaml_value(e, x);
    }
    e << YAML::EndSeq;
  } else if (v.is_object()) {
    e << YAML::BeginMap;
    for (const auto& [k, x] : v.items()) {
      e << YAML::Key << k << YAML::Value;
      yaml_value(e, x);
    }
    e << YAML::EndMap;
  }
}

json row_object(const Table& t, const std::vector<json>& row) {
  json o = json::object();
  for (size_t i = 0; i < t.columns.size(); ++i) {
    o[t.columns[i]] = i < row.size() ? row[i] : json();
  }
  return o;
}

std::string json_text(const json& v, const OutputOptions& out) {
  return out.noindent ? v.dump() : v.dump(4);
}

std::vector<std::string> line_cells(const std::vector<json>& row) {
  std::vector<std::string> cells;
  cells.reserve(row.size());
  for (const auto& c : row) {
    cells.push_back(cell_text(c, Cell::line));
  }
  return cells;
}

// cliff's shell formatter: NAME="value" lines an `eval` can read; names made of
// [A-Za-z0-9_], values with " escaped.
void print_shell(const Table& t, const std::vector<json>& row, const std::string& prefix) {
  for (size_t i = 0; i < t.columns.size(); ++i) {
    std::string name = t.columns[i];
    for (char& c : name) {
      if (std::isalnum(static_cast<unsigned char>(c)) == 0) {
        c = '_';
      }
    }
    std::string value = cell_text(i < row.size() ? row[i] : json(), Cell::line);
    std::string escaped;
    for (char c : value) {
      if (c == '"' || c == '\\' || c == '$' || c == '`') {
        escaped += '\\';
      }
      escaped += c;
    }
    std::cout << prefix << name << "=\"" << escaped << "\"\n";
  }
}

} // namespace

void add_paging(CLI::App* cmd, ops::PageRequest& page, const std::string& keys) {
  cmd->add_option("--limit", page.limit, "At most this many (default: all)")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--marker", page.marker, "Start after the one with this id (a page's last)");
  cmd->add_option("--sort-key", page.sort_key, "Sort by " + keys);
  cmd->add_option_function<std::string>(
         "--sort-dir",
         [&page](const std::string& v) { page.descending = v == "desc"; },
         "asc (the default) or desc")
      ->check(CLI::IsMember({"asc", "desc"}));
}

json time_cell(int64_t epoch_seconds) {
  if (epoch_seconds <= 0) {
    return nullptr;
  }
  auto t = static_cast<time_t>(epoch_seconds);
  tm utc{};
  ::gmtime_r(&t, &utc);
  char buf[40];
  size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S.000000", &utc);
  return std::string(buf, n);
}

std::string ago_text(int64_t epoch_seconds, int64_t now) {
  if (epoch_seconds <= 0) {
    return "";
  }
  int64_t d = std::max<int64_t>(0, now - epoch_seconds);
  if (d < 120) {
    return std::to_string(d) + "s";
  }
  constexpr int64_t k_hour = 3600;
  constexpr int64_t k_day = 86400;
  if (d < 2 * k_hour) {
    return std::to_string(d / 60) + "m";
  }
  if (d < 2 * k_day) {
    return std::to_string(d / k_hour) + "h";
  }
  return std::to_string(d / k_day) + "d";
}

void add_output_options(CLI::App* cmd,
                        OutputOptions& out,
                        const std::string& default_format,
                        const std::vector<std::string>& extra_formats) {
  out.format = default_format;
  std::vector<std::string> formats{"table", "json", "yaml", "value", "csv", "shell"};
  formats.insert(formats.end(), extra_formats.begin(), extra_formats.end());
  cmd->add_option("-f,--format", out.format, "Output format")
      ->check(CLI::IsMember(formats))
      ->default_val(default_format);
  cmd->add_option(
      "-c,--column", out.columns, "Show this column (repeat for several; default: all)");
  cmd->add_option(
      "--sort-column", out.sort_columns, "Sort the rows by this column (repeat for several keys)");
  auto* asc = cmd->add_flag("--sort-ascending", out.sort_ascending, "Sort A to Z (default)");
  cmd->add_flag("--sort-descending", out.sort_descending, "Sort Z to A")->excludes(asc);
  cmd->add_flag("--noindent", out.noindent, "-f json: no indenting");
  cmd->add_option("--max-width",
                  out.max_width,
                  "-f table: at most this many characters wide; cells wrap (default: "
                  "$CLIFF_MAX_TERM_WIDTH)");
  cmd->add_flag(
      "--fit-width", out.fit_width, "-f table: fit the terminal's width (also $CLIFF_FIT_WIDTH=1)");
  cmd->add_option("--prefix", out.prefix, "-f shell: put this before every variable name");
}

void expect_columns(CLI::App* cmd, const Table& table) {
  auto check = [table](const std::string& c) -> std::string {
    if (column_index(table, c) != std::string::npos) {
      return "";
    }
    return "unknown column " + text::quote(c) + " (columns: " + text::join(all_names(table), ", ")
           + "); nothing was written";
  };
  cmd->get_option("--column")->check(check);
  cmd->get_option("--sort-column")->check(check);
}

Status print_list(const Table& table, const OutputOptions& out) {
  DNSCTL_TRY_ASSIGN(auto sel, select(table, out));
  const Table& t = sel;
  if (out.format == "json") {
    json arr = json::array();
    for (const auto& r : t.rows) {
      arr.push_back(row_object(t, r));
    }
    std::cout << json_text(arr, out) << "\n";
  } else if (out.format == "yaml") {
    YAML::Emitter e;
    e << YAML::BeginSeq;
    for (const auto& r : t.rows) {
      yaml_value(e, row_object(t, r));
    }
    e << YAML::EndSeq;
    std::cout << (t.rows.empty() ? "[]" : e.c_str()) << "\n";
  } else if (out.format == "value") {
    for (const auto& r : t.rows) {
      std::cout << text::join(line_cells(r), " ") << "\n";
    }
  } else if (out.format == "csv") {
    std::vector<std::string> head;
    head.reserve(t.columns.size());
    for (const auto& c : t.columns) {
      head.push_back(csv_cell(c));
    }
    std::cout << text::join(head, ",") << "\n";
    for (const auto& r : t.rows) {
      std::vector<std::string> cells;
      cells.reserve(r.size());
      for (const auto& c : r) {
        cells.push_back(csv_cell(c));
      }
      std::cout << text::join(cells, ",") << "\n";
    }
  } else if (out.format == "shell") {
    return make_error(Errc::invalid_input,
                      "-f shell prints one item: use it with a show command (lists: table, "
                      "json, yaml, value, csv)");
  } else {
    if (t.rows.empty()) {
      std::cout.flush();
      return {};
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& r : t.rows) {
      std::vector<std::string> cells;
      cells.reserve(r.size());
      for (const auto& c : r) {
        cells.push_back(cell_text(c, Cell::table));
      }
      rows.push_back(std::move(cells));
    }
    print_table(t.columns, rows, width_limit(out));
  }
  std::cout.flush();
  return {};
}

Status print_show(const Table& one, const OutputOptions& out) {
  DNSCTL_TRY_ASSIGN(auto sel, select(one, out));
  const Table& t = sel;
  const std::vector<json> empty;
  const auto& row = t.rows.empty() ? empty : t.rows.front();
  if (out.format == "json") {
    std::cout << json_text(row_object(t, row), out) << "\n";
  } else if (out.format == "yaml") {
    YAML::Emitter e;
    yaml_value(e, row_object(t, row));
    std::cout << e.c_str() << "\n";
  } else if (out.format == "value") {
    for (size_t i = 0; i < t.columns.size(); ++i) {
      std::cout << cell_text(i < row.size() ? row[i] : json(), Cell::line) << "\n";
    }
  } else if (out.format == "shell") {
    print_shell(t, row, out.prefix);
  } else if (out.format == "csv") {
    Table flat{t.columns, {row}};
    OutputOptions o = out;
    o.columns.clear();
    o.sort_columns.clear();
    return print_list(flat, o);
  } else {
    std::vector<std::vector<std::string>> rows;
    for (size_t i = 0; i < t.columns.size(); ++i) {
      rows.push_back({t.columns[i], cell_text(i < row.size() ? row[i] : json(), Cell::table)});
    }
    print_table({"Field", "Value"}, rows, width_limit(out));
  }
  std::cout.flush();
  return {};
}

void print_line(const std::string& line) {
  std::cout << line << "\n" << std::flush;
}

void print_text(const std::string& text) {
  std::cout << text << std::flush;
}

Status write_output(const std::string& path, const std::function<Status(std::ostream&)>& write) {
  if (path.empty() || path == "-") {
    return write(std::cout);
  }
  std::error_code ec;
  auto st = std::filesystem::status(path, ec);
  if (!ec && std::filesystem::exists(st) && !std::filesystem::is_regular_file(st)) {
    std::ofstream out(path, std::ios::binary);
    if (!out) {
      return make_error(Errc::io, "cannot write " + path);
    }
    return write(out);
  }
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      return make_error(Errc::io, "cannot write " + tmp);
    }
    auto ok = write(out);
    out.flush();
    if (!ok || !out) {
      std::filesystem::remove(tmp, ec);
      return ok ? make_error(Errc::io, "cannot write " + tmp) : ok;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::filesystem::remove(tmp, ec);
    return make_error(Errc::io, "cannot replace " + path);
  }
  return {};
}

} // namespace dnsctl::cli
