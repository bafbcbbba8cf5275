#include "core/zonefile/generate.hpp"

#include "core/util/text.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace dnsctl::zonefile {
namespace {

std::vector<std::string_view> fields(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) {
      ++i;
    }
    if (i >= s.size() || s[i] == ';') {
      break;
    }
    size_t start = i;
    bool quoted = false;
    while (i < s.size() && (quoted || (s[i] != ' ' && s[i] != '\t'))) {
      if (s[i] == '\\' && i + 1 < s.size()) {
        i += 2;
        continue;
      }
      if (s[i] == '"') {
        quoted = !quoted;
      }
      ++i;
    }
    out.push_back(s.substr(start, i - start));
  }
  return out;
}

// Formats `value` per ${offset,width,base}.
Status format_value(int64_t value, int width, char base, std::string& out) {
  if (value < 0) {
    return make_error(Errc::invalid_input, "offset makes the value negative");
  }
  auto v = static_cast<uint64_t>(value);
  std::string digits;
  if (base == 'n' || base == 'N') {
    // Reversed nibbles, dot separated: 0x1234 width 4 -> 4.3.2.1
    const char* hex = base == 'n' ? "0123456789abcdef" : "0123456789ABCDEF";
    std::string nib;
    int count = 0;
    do {
      if (!nib.empty()) {
        nib += '.';
      }
      nib += hex[v & 0xf];
      v >>= 4;
      ++count;
    } while (v != 0 || count < width);
    out += nib;
    return {};
  }
  unsigned radix = base == 'o' ? 8 : (base == 'x' || base == 'X') ? 16 : 10;
  const char* set = base == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
  do {
    digits.insert(digits.begin(), set[v % radix]);
    v /= radix;
  } while (v != 0);
  while (static_cast<int>(digits.size()) < width) {
    digits.insert(digits.begin(), '0');
  }
  out += digits;
  return {};
}

// Substitutes the iterator into one template (owner or rdata).
Status substitute(std::string_view tmpl, int64_t i, std::string& out) {
  for (size_t p = 0; p < tmpl.size(); ++p) {
    char c = tmpl[p];
    if (c == '\\' && p + 1 < tmpl.size() && tmpl[p + 1] == '$') {
      out += '$';
      ++p;
      continue;
    }
    if (c != '$') {
      out += c;
      continue;
    }
    if (p + 1 < tmpl.size() && tmpl[p + 1] == '$') {
      out += '$';
      ++p;
      continue;
    }
    if (p + 1 < tmpl.size() && tmpl[p + 1] == '{') {
      size_t close = tmpl.find('}', p + 2);
      if (close == std::string_view::npos) {
        return make_error(Errc::invalid_input, "unclosed ${ in " + text::quote(tmpl));
      }
      auto parts = text::split(tmpl.substr(p + 2, close - p - 2), ',');
      int64_t offset = 0;
      int width = 0;
      char base = 'd';
      if (!parts.empty() && !parts[0].empty()) {
        std::string o = parts[0];
        bool neg = o[0] == '-';
        if (o[0] == '-' || o[0] == '+') {
          o = o.substr(1);
        }
        auto n = text::parse_uint(o, 0, 0xffffffffULL);
        if (!n) {
          return make_error(Errc::invalid_input, "bad offset in " + text::quote(tmpl));
        }
        offset = neg ? -static_cast<int64_t>(*n) : static_cast<int64_t>(*n);
      }
      if (parts.size() > 1) {
        auto w = text::parse_uint(parts[1], 0, 255);
        if (!w) {
          return make_error(Errc::invalid_input, "bad width in " + text::quote(tmpl));
        }
        width = static_cast<int>(*w);
      }
      if (parts.size() > 2) {
        if (parts[2].size() != 1 || std::string("doxXnN").find(parts[2][0]) == std::string::npos) {
          return make_error(Errc::invalid_input,
                            "bad base in " + text::quote(tmpl) + " (expected d, o, x, X, n or N)");
        }
        base = parts[2][0];
      }
      if (parts.size() > 3) {
        return make_error(Errc::invalid_input, "too many modifiers in " + text::quote(tmpl));
      }
      DNSCTL_TRY(format_value(i + offset, width, base, out));
      p = close;
      continue;
    }
    DNSCTL_TRY(format_value(i, 0, 'd', out));
  }
  return {};
}

} // namespace

bool is_generate_line(std::string_view line) {
  return line.size() >= 9 && text::starts_with_ci(line, "$GENERATE")
         && (line.size() == 9 || line[9] == ' ' || line[9] == '\t');
}

Status expand_generate(std::string_view args, std::string& out, size_t max_lines) {
  auto f = fields(args);
  if (f.size() < 4) {
    return make_error(Errc::invalid_input, "$GENERATE needs a range, an owner, a type and rdata");
  }
  // start-stop[/step]
  std::string range(f[0]);
  uint64_t step = 1;
  if (auto slash = range.find('/'); slash != std::string::npos) {
    auto s = text::parse_uint(range.substr(slash + 1), 1, 0xffffffffULL);
    if (!s) {
      return make_error(Errc::invalid_input,
                        "$GENERATE step in " + text::quote(range) + " is not a number >= 1");
    }
    step = *s;
    range = range.substr(0, slash);
  }
  auto dash = range.find('-');
  auto start = text::parse_uint(range.substr(0, dash), 0, 0xffffffffULL);
  auto stop = dash == std::string::npos
                  ? std::nullopt
                  : text::parse_uint(range.substr(dash + 1), 0, 0xffffffffULL);
  if (!start || !stop || *stop < *start) {
    return make_error(Errc::invalid_input,
                      "$GENERATE range " + text::quote(f[0])
                          + " (expected start-stop[/step], start <= stop)");
  }
  if ((*stop - *start) / step + 1 > max_lines) {
    return make_error(Errc::invalid_input,
                      "$GENERATE range " + text::quote(f[0]) + " makes more than "
                          + std::to_string(max_lines) + " records");
  }
  std::string_view owner = f[1];
  // The middle fields (TTL, class) are copied as they are; the rdata is everything
  // after the type, rejoined with single spaces.
  std::string middle;
  for (size_t k = 2; k + 1 < f.size(); ++k) {
    middle += ' ';
    middle += f[k];
    // The type is the first field that is neither a TTL nor a class.
    bool ttl = text::parse_ttl(f[k]).has_value();
    bool cls =
        text::equals_ci(f[k], "IN") || text::equals_ci(f[k], "CH") || text::equals_ci(f[k], "HS");
    if (!ttl && !cls) {
      std::string rdata;
      for (size_t r = k + 1; r < f.size(); ++r) {
        if (!rdata.empty()) {
          rdata += ' ';
        }
        rdata += f[r];
      }
      for (uint64_t i = *start; i <= *stop; i += step) {
        DNSCTL_TRY(substitute(owner, static_cast<int64_t>(i), out));
        out += middle;
        out += ' ';
        DNSCTL_TRY(substitute(rdata, static_cast<int64_t>(i), out));
        out += '\n';
        if (*stop - i < step) {
          break; // no wrap-around past 2^32
        }
      }
      return {};
    }
  }
  return make_error(Errc::invalid_input, "$GENERATE needs a type and rdata after the owner");
}

} // namespace dnsctl::zonefile
