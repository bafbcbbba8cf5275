#pragma once
// Small string helpers shared by every layer (no DNS, no SQL).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dnsctl::text {

std::string lower(std::string_view s);
std::string upper(std::string_view s);
std::string trim(std::string_view s);
std::vector<std::string> split(std::string_view s, char sep);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
bool starts_with_ci(std::string_view s, std::string_view prefix);
bool equals_ci(std::string_view a, std::string_view b);

// Whole-string unsigned decimal within [min, max]; no sign, no spaces, no junk.
std::optional<uint64_t> parse_uint(std::string_view s, uint64_t min, uint64_t max);

// A shell-style pattern: * any text, ? one character, matched case-insensitively
// against the whole of `s` (Designate's list filters). Linear in |pattern| * |s|.
bool glob_match(std::string_view pattern, std::string_view s);

// "quoted" with \" and \\ escaped: how values are shown in messages.
std::string quote(std::string_view s);

// Milliseconds as seconds with one decimal ("2.0", "0.4"), for messages.
std::string seconds_text(int64_t ms);

// Seconds with an optional fraction ("0.25", "10"), within [0, max_seconds], as the
// config file, pool attributes and --timeout give them: the one parser of seconds.
std::optional<std::chrono::milliseconds> parse_seconds(std::string_view s,
                                                       double max_seconds = 86400);

// A TTL or duration: plain seconds or BIND units (1w2d3h4m5s), as operators write them.
std::optional<uint32_t> parse_ttl(std::string_view s);

// IP address literals, as inet_pton accepts them.
bool is_ipv4(std::string_view s);
bool is_ipv6(std::string_view s);
inline bool is_ip(std::string_view s) {
  return is_ipv4(s) || is_ipv6(s);
}

} // namespace dnsctl::text
