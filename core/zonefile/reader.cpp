#include "core/zonefile/reader.hpp"

#include "core/dns/knot.hpp"
#include "core/util/input_file.hpp"
#include "core/util/text.hpp"
#include "core/zonefile/generate.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

namespace dnsctl::zonefile {
namespace {

// ": www.example.com. A" for an error in a record's data, so the operator sees which
// record it is without opening the file; only where the scanner has read the owner
// and the type of this record (not for an error in the owner or the type itself).
std::string record_of(const zs_scanner_t* s) {
  int code = s->error.code;
  bool in_rdata = (code >= ZS_BAD_NUMBER && code <= ZS_BAD_TEXT)
                  || (code >= ZS_BAD_RDATA_LENGTH && code <= ZS_EMPTY_LIST_ITEM);
  if (!in_rdata && code != ZS_UNSUPPORTED_TYPE) {
    return "";
  }
  std::array<char, KNOT_DNAME_TXT_MAXLEN + 1> owner{};
  if (s->r_owner_length == 0
      || knot_dname_to_str(owner.data(), s->r_owner, owner.size()) == nullptr) {
    return "";
  }
  std::string out = std::string(": ") + owner.data();
  std::array<char, 64> type{};
  if (s->r_type != 0 && knot_rrtype_to_string(s->r_type, type.data(), type.size()) > 0) {
    out += std::string(" ") + type.data();
  }
  return out;
}

struct ScannerDeleter {
  void operator()(zs_scanner_t* s) const {
    zs_deinit(s);
    delete s; // NOLINT(cppcoreguidelines-owning-memory): paired with new below
  }
};
using Scanner = std::unique_ptr<zs_scanner_t, ScannerDeleter>;

constexpr int k_max_include_depth = 10;
constexpr int k_max_files = 256; // the zone file and everything it includes
// Files above this are read by two threads (libzscanner parses ~1M records/s/core).
constexpr size_t k_split_above = 1 << 20;

// The file with its $GENERATE lines expanded, and for each line of the result the
// line of the file it came from (empty when nothing was expanded).
struct Expanded {
  std::string text;
  std::vector<uint32_t> line_of;
};

Result<Expanded> expand(std::string raw, const std::string& path) {
  Expanded e;
  if (raw.find("$GENERATE") == std::string::npos && raw.find("$generate") == std::string::npos
      && raw.find("$Generate") == std::string::npos) {
    e.text = std::move(raw); // the common case: nothing to expand, no map
    return e;
  }
  std::vector<std::string> errors;
  uint32_t line = 0;
  size_t pos = 0;
  while (pos < raw.size()) {
    size_t end = raw.find('\n', pos);
    std::string_view l(raw.data() + pos, (end == std::string::npos ? raw.size() : end) - pos);
    ++line;
    if (is_generate_line(l)) {
      size_t before = e.text.size();
      if (auto ok = expand_generate(l.substr(9), e.text); !ok) {
        errors.push_back(path + ":" + std::to_string(line) + ": " + ok.error().message);
      }
      for (size_t i = before; i < e.text.size(); ++i) {
        if (e.text[i] == '\n') {
          e.line_of.push_back(line);
        }
      }
    } else {
      e.text.append(l);
      e.text += '\n';
      e.line_of.push_back(line);
    }
    if (end == std::string::npos) {
      break;
    }
    pos = end + 1;
  }
  if (!errors.empty()) {
    return make_error(Errc::invalid_input, text::join(errors, "\n"));
  }
  return e;
}

bool within(const std::filesystem::path& file, const std::string& root) {
  std::string f = file.string();
  return f.size() > root.size() && f.compare(0, root.size(), root) == 0 && f[root.size()] == '/';
}

bool contains_ci(std::string_view hay, std::string_view needle) {
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    i = hay.find('$', i);
    if (i == std::string_view::npos || i + needle.size() > hay.size()) {
      return false;
    }
    if (text::starts_with_ci(hay.substr(i), needle)) {
      return true;
    }
  }
  return false;
}

// A line start near the middle where a record with an explicit owner begins (not a
// continuation, comment, directive or parenthesis), or npos.
size_t split_point(std::string_view t) {
  for (size_t pos = t.find('\n', t.size() / 2); pos != std::string_view::npos && pos + 1 < t.size();
       pos = t.find('\n', pos + 1)) {
    char c = t[pos + 1];
    if (c != ' ' && c != '\t' && c != ';' && c != '$' && c != '(' && c != ')' && c != '\n'
        && c != '\r') {
      return pos + 1;
    }
  }
  return std::string_view::npos;
}

// The $ORIGIN and $TTL lines of `head`, in order: replayed before the second half,
// they give its scanner the state the first half ends in.
std::string directives(std::string_view head) {
  std::string out;
  size_t pos = 0;
  while (pos < head.size()) {
    size_t end = head.find('\n', pos);
    std::string_view l =
        head.substr(pos, (end == std::string_view::npos ? head.size() : end) - pos);
    if (!l.empty() && l[0] == '$'
        && (text::starts_with_ci(l, "$ORIGIN") || text::starts_with_ci(l, "$TTL"))) {
      out.append(l);
      out += '\n';
    }
    if (end == std::string_view::npos) {
      break;
    }
    pos = end + 1;
  }
  return out;
}

} // namespace

// One scanner's worth of work: a piece of text, where its lines are in the file, and
// what it produced.
struct Reader::Lane {
  std::string_view text;
  std::string prefix; // directives replayed first (not counted as file lines)
  std::string origin;
  uint32_t default_ttl = 0;
  std::string path;
  uint16_t file = 0;
  int depth = 0;
  uint32_t first_line = 1;                        // file line of text's first line
  const std::vector<uint32_t>* line_of = nullptr; // $GENERATE map, indexed from line 1
  zone::ZoneContent* content = nullptr;
  std::vector<std::string> errors;
  bool allow_includes = true;
};

Reader::Reader(ReadOptions options, zone::ZoneContent& content)
    : m_options(std::move(options))
    , m_content(content) {}

void Reader::report(const std::string& where, const std::string& message) {
  if (m_errors.size() < m_options.max_errors) {
    m_errors.push_back(where + ": " + message);
  } else {
    m_truncated = true;
  }
}

Status Reader::read(const std::string& path, const OnRecord& on_record) {
  std::error_code ec;
  auto real = std::filesystem::canonical(path, ec);
  if (ec) {
    // /dev/stdin and <(...) lead to a pipe, which has no path: includes are then
    // taken from the folder the name is in.
    real = std::filesystem::absolute(path, ec);
    if (ec || !std::filesystem::exists(path)) {
      return make_error(Errc::invalid_input, "cannot read " + path + ": No such file");
    }
  }
  m_root = real.parent_path().string();
  if (m_root == "/") {
    m_root.clear();
  }
  auto ok = read_one(path, m_options.origin, m_options.default_ttl, 0, on_record);
  if (!ok) {
    m_errors.push_back(ok.error().message); // it names the file
  }
  if (m_errors.empty()) {
    return {};
  }
  std::string all = text::join(m_errors, "\n");
  if (m_truncated) {
    all += "\n(more errors not shown)";
  }
  return make_error(Errc::invalid_input, all);
}

Status Reader::read_one(const std::string& path,
                        const std::string& origin,
                        uint32_t default_ttl,
                        int depth,
                        const OnRecord& on_record) {
  // The file named on the command line may be a pipe; an included one must be a
  // regular file. A budget on the files read ends include trees that fan out.
  if (++m_files_read > k_max_files) {
    return make_error(Errc::invalid_input,
                      "more than " + std::to_string(k_max_files) + " files read through $INCLUDE");
  }
  util::InputLimits limits;
  limits.allow_stream = depth == 0;
  DNSCTL_TRY_ASSIGN(auto raw, util::read_input_file(path, limits));
  // Files written on Windows end lines with CRLF: BIND and NSD load them, libzscanner
  // does not, so the CR before each LF goes.
  if (raw.find("\r\n") != std::string::npos) {
    std::string& t = raw;
    size_t w = 0;
    for (size_t r = 0; r < t.size(); ++r) {
      if (!(t[r] == '\r' && r + 1 < t.size() && t[r + 1] == '\n')) {
        t[w++] = t[r];
      }
    }
    t.resize(w);
  }
  auto expanded = expand(std::move(raw), path);
  if (!expanded) {
    for (const auto& line : text::split(expanded.error().message, '\n')) {
      m_errors.push_back(line);
    }
    return {};
  }
  uint16_t file = m_content.add_file(path);
  Lane whole;
  whole.text = expanded->text;
  whole.origin = origin;
  whole.default_ttl = default_ttl;
  whole.path = path;
  whole.file = file;
  whole.depth = depth;
  whole.line_of = expanded->line_of.empty() ? nullptr : &expanded->line_of;
  whole.content = &m_content;

  std::string_view t = expanded->text;
  size_t split = t.size() > k_split_above && !contains_ci(t, "$INCLUDE") ? split_point(t)
                                                                         : std::string_view::npos;
  if (split != std::string_view::npos) {
    // Two halves on two threads, each into its own content, joined afterwards.
    zone::ZoneContent second_content;
    Lane a = whole;
    a.text = t.substr(0, split);
    a.content = &m_content;
    a.allow_includes = false;
    Lane b = whole;
    b.text = t.substr(split);
    b.prefix = directives(a.text);
    b.first_line = static_cast<uint32_t>(std::count(a.text.begin(), a.text.end(), '\n')) + 1;
    b.content = &second_content;
    b.allow_includes = false;
    bool b_clean = true;
    std::thread other([&] { b_clean = scan(b, on_record); });
    bool a_clean = scan(a, on_record);
    other.join();
    if (a_clean && b_clean) {
      m_content.absorb(std::move(second_content));
      for (auto* lane : {&a, &b}) {
        for (auto& e : lane->errors) {
          if (m_errors.size() < m_options.max_errors) {
            m_errors.push_back(std::move(e));
          } else {
            m_truncated = true;
          }
        }
      }
      return {};
    }
    // The split fell inside a record that spans lines: read it all on one thread.
    m_content.truncate_to_file(file);
  }
  scan(whole, on_record);
  for (auto& e : whole.errors) {
    if (m_errors.size() < m_options.max_errors) {
      m_errors.push_back(std::move(e));
    } else {
      m_truncated = true;
    }
  }
  return {};
}

bool Reader::scan(Lane& lane, const OnRecord& on_record) {
  auto report_to = [&](const std::string& where, const std::string& message) {
    if (lane.errors.size() < m_options.max_errors) {
      lane.errors.push_back(where + ": " + message);
    }
  };
  Scanner s(new zs_scanner_t); // NOLINT(cppcoreguidelines-owning-memory): owned by Scanner
  if (zs_init(s.get(), lane.origin.c_str(), KNOT_CLASS_IN, lane.default_ttl) != 0) {
    report_to(lane.path, "invalid origin " + text::quote(lane.origin));
    return true;
  }
  // Relative $INCLUDE names are taken from the including file's folder.
  std::string dir = std::filesystem::absolute(lane.path).parent_path().string();
  std::free(s->path); // NOLINT: libzscanner owns this with malloc
  s->path = strdup(dir.c_str());
  // Replayed directives first, then the text: two inputs, one scanner state.
  uint64_t prefix_lines = 0;
  if (!lane.prefix.empty()) {
    zs_set_input_string(s.get(), lane.prefix.data(), lane.prefix.size());
    while (zs_parse_record(s.get()) == 0 && s->state != ZS_STATE_EOF) {
      if (s->state == ZS_STATE_ERROR) {
        return false; // reported when the first half reads them
      }
    }
    prefix_lines = s->line_counter - 1;
    s->state = ZS_STATE_NONE;
  }
  if (zs_set_input_string(s.get(), lane.text.data(), lane.text.size()) != 0) {
    report_to(lane.path, "zone scanner input failed");
    return true;
  }
  auto line_of = [&](uint64_t counter) -> uint32_t {
    uint64_t n = counter - prefix_lines + lane.first_line - 1; // 1-based line in the text
    if (lane.line_of == nullptr) {
      return static_cast<uint32_t>(n);
    }
    size_t i = n == 0 ? 0 : n - 1;
    return i < lane.line_of->size() ? (*lane.line_of)[i] : lane.line_of->back();
  };

  while (lane.errors.size() < m_options.max_errors) {
    s->r_type = 0; // so that an error message can tell whether this record's type was read
    if (zs_parse_record(s.get()) != 0 && s->state != ZS_STATE_ERROR) {
      break;
    }
    if (s->state == ZS_STATE_EOF || s->state == ZS_STATE_STOP) {
      break;
    }
    // Built only for a message: this loop runs once per record.
    auto where = [&] { return lane.path + ":" + std::to_string(line_of(s->line_counter)); };
    if (s->state == ZS_STATE_ERROR) {
      if (s->error.code == ZS_UNCLOSED_MULTILINE && !lane.allow_includes) {
        return false; // a half that ends inside parentheses: the split was wrong
      }
      report_to(where() + record_of(s.get()), zs_strerror(s->error.code));
      // Errors at the end of the input (an unclosed parenthesis, a state the scanner
      // cannot leave) repeat forever: stop there. Others skip to the next line.
      bool terminal = s->error.code == ZS_UNCOVERED_STATE || s->error.code == ZS_UNCLOSED_MULTILINE
                      || s->input.eof;
      if (terminal) {
        break;
      }
      s->error.fatal = false;
      continue;
    }
    if (s->state == ZS_STATE_INCLUDE) {
      follow_include(lane, s.get(), where(), on_record);
      continue;
    }
    if (s->state != ZS_STATE_DATA) {
      continue;
    }
    Record r;
    r.owner = s->r_owner;
    r.type = s->r_type;
    r.rclass = s->r_class;
    r.ttl = s->r_ttl;
    r.rdata = s->r_data;
    r.rdata_len = static_cast<uint16_t>(s->r_data_length);
    r.line = line_of(s->line_counter);
    r.file = lane.file;
    if (auto ok = on_record(r); !ok) {
      report_to(where(), ok.error().message);
      continue;
    }
    lane.content->add(r.owner, r.type, r.ttl, {r.rdata, r.rdata_len}, r.line, r.file);
  }
  return true;
}

void Reader::follow_include(Lane& lane,
                            const zs_scanner* s,
                            const std::string& where,
                            const OnRecord& on_record) {
  auto report_to = [&](const std::string& message) {
    if (lane.errors.size() < m_options.max_errors) {
      lane.errors.push_back(where + ": " + message);
    }
  };
  if (m_options.includes == Includes::refuse) {
    report_to("$INCLUDE is not allowed (use --allow-include)");
    return;
  }
  const char* name = reinterpret_cast<const char*>(s->include_filename);
  std::error_code ec;
  auto target = std::filesystem::canonical(name, ec);
  if (ec) {
    report_to(std::string("$INCLUDE ") + name + ": " + ec.message());
    return;
  }
  if (!within(target, m_root)) {
    report_to("$INCLUDE " + target.string() + " is outside the zone file's folder "
              + (m_root.empty() ? "/" : m_root));
    return;
  }
  if (lane.depth + 1 > k_max_include_depth) {
    report_to("$INCLUDE nested more than " + std::to_string(k_max_include_depth) + " deep");
    return;
  }
  // Errors of the included file go to the reader's list in file order: flush ours.
  for (auto& e : lane.errors) {
    m_errors.push_back(std::move(e));
  }
  lane.errors.clear();
  std::string origin(reinterpret_cast<const char*>(s->buffer));
  if (auto ok = read_one(target.string(), origin, s->default_ttl, lane.depth + 1, on_record); !ok) {
    report_to(ok.error().message);
  }
}

} // namespace dnsctl::zonefile
