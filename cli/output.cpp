#include "cli/output.hpp"

#include "core/util/text.hpp"

#include <CLI/CLI.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace dnsctl::cli {
namespace {

using nlohmann::json;

std::string cell_text(const json& v) {
  if (v.is_null()) {
    return "";
  }
  if (v.is_string()) {
    return v.get<std::string>();
  }
  if (v.is_array()) {
    std::vector<std::string> parts;
    for (const auto& e : v) {
      parts.push_back(cell_text(e));
    }
    return text::join(parts, "\n");
  }
  if (v.is_boolean()) {
    return v.get<bool>() ? "True" : "False";
  }
  return v.dump();
}

// Picks the -c columns (in the order given) or all of them.
Result<Table> select(const Table& t, const OutputOptions& out) {
  if (out.columns.empty()) {
    return t;
  }
  Table r;
  std::vector<size_t> idx;
  for (const auto& c : out.columns) {
    auto it = std::find(t.columns.begin(), t.columns.end(), c);
    if (it == t.columns.end()) {
      return make_error(Errc::invalid_input,
                        "unknown column " + text::quote(c)
                            + " (columns: " + text::join(t.columns, ", ") + ")");
    }
    idx.push_back(static_cast<size_t>(it - t.columns.begin()));
    r.columns.push_back(c);
  }
  for (const auto& row : t.rows) {
    std::vector<json> cells;
    cells.reserve(idx.size());
    for (size_t i : idx) {
      cells.push_back(i < row.size() ? row[i] : json());
    }
    r.rows.push_back(std::move(cells));
  }
  return r;
}

void print_table(const std::vector<std::string>& header,
                 const std::vector<std::vector<std::string>>& rows) {
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
  std::string rule = "+";
  for (size_t w : width) {
    rule += std::string(w + 2, '-') + "+";
  }
  auto emit = [&](const std::vector<std::string>& row) {
    std::vector<std::vector<std::string>> lines;
    size_t height = 1;
    for (const auto& c : row) {
      lines.push_back(text::split(c, '\n'));
      height = std::max(height, lines.back().size());
    }
    for (size_t l = 0; l < height; ++l) {
      std::string s = "|";
      for (size_t i = 0; i < width.size(); ++i) {
        std::string v = i < lines.size() && l < lines[i].size() ? lines[i][l] : "";
        s += " " + v + std::string(width[i] - v.size(), ' ') + " |";
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
    return cell_text(v);
  }
  std::string s = cell_text(v);
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

} // namespace

void add_output_options(CLI::App* cmd, OutputOptions& out, const std::string& default_format) {
  out.format = default_format;
  cmd->add_option("-f,--format", out.format, "Output format")
      ->check(CLI::IsMember({"table", "json", "yaml", "value", "csv"}))
      ->default_val(default_format);
  cmd->add_option(
      "-c,--column", out.columns, "Show this column (repeat for several; default: all)");
}

void expect_columns(CLI::App* cmd, std::vector<std::string> columns) {
  cmd->get_option("--column")
      ->check([columns = std::move(columns)](const std::string& c) -> std::string {
        if (std::find(columns.begin(), columns.end(), c) != columns.end()) {
          return "";
        }
        return "unknown column " + text::quote(c) + " (columns: " + text::join(columns, ", ")
               + "); nothing was written";
      });
}

Status print_list(const Table& table, const OutputOptions& out) {
  auto sel = select(table, out);
  if (!sel) {
    return sel.error();
  }
  const Table& t = *sel;
  if (out.format == "json") {
    json arr = json::array();
    for (const auto& r : t.rows) {
      arr.push_back(row_object(t, r));
    }
    std::cout << arr.dump(4) << "\n";
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
      std::vector<std::string> cells;
      cells.reserve(r.size());
      for (const auto& c : r) {
        cells.push_back(cell_text(c));
      }
      std::cout << text::join(cells, " ") << "\n";
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
  } else {
    if (t.rows.empty() && out.format == "table") {
      std::cout.flush();
      return {};
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& r : t.rows) {
      std::vector<std::string> cells;
      cells.reserve(r.size());
      for (const auto& c : r) {
        cells.push_back(cell_text(c));
      }
      rows.push_back(std::move(cells));
    }
    print_table(t.columns, rows);
  }
  std::cout.flush();
  return {};
}

Status print_show(const Table& one, const OutputOptions& out) {
  auto sel = select(one, out);
  if (!sel) {
    return sel.error();
  }
  const Table& t = *sel;
  const std::vector<json> empty;
  const auto& row = t.rows.empty() ? empty : t.rows.front();
  if (out.format == "json") {
    std::cout << row_object(t, row).dump(4) << "\n";
  } else if (out.format == "yaml") {
    YAML::Emitter e;
    yaml_value(e, row_object(t, row));
    std::cout << e.c_str() << "\n";
  } else if (out.format == "value") {
    for (size_t i = 0; i < t.columns.size(); ++i) {
      std::cout << cell_text(i < row.size() ? row[i] : json()) << "\n";
    }
  } else if (out.format == "csv") {
    Table flat{t.columns, {row}};
    OutputOptions o = out;
    o.columns.clear();
    return print_list(flat, o);
  } else {
    std::vector<std::vector<std::string>> rows;
    for (size_t i = 0; i < t.columns.size(); ++i) {
      rows.push_back({t.columns[i], cell_text(i < row.size() ? row[i] : json())});
    }
    print_table({"Field", "Value"}, rows);
  }
  std::cout.flush();
  return {};
}

void print_line(const std::string& line) {
  std::cout << line << "\n" << std::flush;
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
