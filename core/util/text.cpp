#include "core/util/text.hpp"

#include "core/util/net.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>

namespace dnsctl::text {

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string lower(std::string_view s) {
  std::string r(s);
  for (char& c : r) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return r;
}

std::string trim(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) {
    ++b;
  }
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n')) {
    --e;
  }
  return std::string(s.substr(b, e - b));
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    parts.emplace_back(s.substr(start, pos - start));
    if (pos == std::string_view::npos) {
      break;
    }
    start = pos + 1;
  }
  return parts;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string r;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) {
      r += sep;
    }
    r += parts[i];
  }
  return r;
}

bool equals_ci(std::string_view a, std::string_view b) {
  return a.size() == b.size() && lower(a) == lower(b);
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && equals_ci(s.substr(0, prefix.size()), prefix);
}

std::optional<uint64_t> parse_uint(std::string_view s, uint64_t min, uint64_t max) {
  if (s.empty() || s.size() > 20) {
    return std::nullopt;
  }
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    auto d = static_cast<uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) {
      return std::nullopt;
    }
    v = v * 10 + d;
  }
  if (v < min || v > max) {
    return std::nullopt;
  }
  return v;
}

std::string quote(std::string_view s) {
  std::string r = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      r += '\\';
    }
    if (c == '\n') {
      r += "\\n";
      continue;
    }
    r += c;
  }
  r += '"';
  return r;
}

std::optional<uint32_t> parse_ttl(std::string_view s) {
  if (s.empty()) {
    return std::nullopt;
  }
  if (auto plain = parse_uint(s, 0, UINT32_MAX)) {
    return static_cast<uint32_t>(*plain);
  }
  uint64_t total = 0;
  uint64_t cur = 0;
  bool digits = false;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      cur = cur * 10 + static_cast<uint64_t>(c - '0');
      digits = true;
      if (cur > UINT32_MAX) {
        return std::nullopt;
      }
      continue;
    }
    if (!digits) {
      return std::nullopt;
    }
    uint64_t mult = 0;
    switch (c) {
    case 'w':
    case 'W':
      mult = 604800;
      break;
    case 'd':
    case 'D':
      mult = 86400;
      break;
    case 'h':
    case 'H':
      mult = 3600;
      break;
    case 'm':
    case 'M':
      mult = 60;
      break;
    case 's':
    case 'S':
      mult = 1;
      break;
    default:
      return std::nullopt;
    }
    total += cur * mult;
    if (total > UINT32_MAX) {
      return std::nullopt;
    }
    cur = 0;
    digits = false;
  }
  if (digits) {
    return std::nullopt; // "1h30" is ambiguous; BIND rejects it too
  }
  return static_cast<uint32_t>(total);
}

bool is_ipv4(std::string_view s) {
  auto a = net::IpAddress::parse(s);
  return a && a->family == AF_INET;
}

bool is_ipv6(std::string_view s) {
  auto a = net::IpAddress::parse(s);
  return a && a->family == AF_INET6;
}

std::string seconds_text(int64_t ms) {
  int64_t tenths = (ms + 50) / 100;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

std::optional<std::chrono::milliseconds> parse_seconds(std::string_view s, double max_seconds) {
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !(v >= 0)
      || v > max_seconds) {
    return std::nullopt;
  }
  return std::chrono::milliseconds(std::llround(v * 1000));
}

bool glob_match(std::string_view pattern, std::string_view s) {
  // Greedy with one backtrack point (the last *): no exponential cases.
  size_t p = 0;
  size_t i = 0;
  size_t star = std::string_view::npos;
  size_t mark = 0;
  auto same = [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a))
           == std::tolower(static_cast<unsigned char>(b));
  };
  while (i < s.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || same(pattern[p], s[i]))) {
      ++p;
      ++i;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = i;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      i = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

} // namespace dnsctl::text
