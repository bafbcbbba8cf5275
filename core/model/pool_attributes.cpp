#include "core/model/pool_attributes.hpp"

#include "core/util/text.hpp"

namespace dnsctl::model {

Status parse_poll_attribute(const std::string& key, const std::string& value, PollAttributes& out) {
  auto bad = [&](const char* want) {
    return make_error(Errc::invalid_input,
                      "attribute " + key + ": " + text::quote(value) + " is not " + want);
  };
  if (key == "threshold_percentage") {
    auto v = text::parse_uint(value, 0, 100);
    if (!v) {
      return bad("a percentage 0..100");
    }
    out.threshold = static_cast<int>(*v);
  } else if (key == "poll_retries" || key == "poll_max_retries") {
    auto v = text::parse_uint(value, 0, 10000);
    if (!v) {
      return bad("a count 0..10000");
    }
    out.retries = static_cast<int>(*v);
  } else if (key == "poll_delay" || key == "poll_interval" || key == "poll_retry_interval"
             || key == "poll_timeout") {
    auto v = text::parse_seconds(value);
    if (!v) {
      return bad("seconds (0..86400, decimals allowed)");
    }
    (key == "poll_delay" ? out.delay : key == "poll_timeout" ? out.timeout : out.interval) = *v;
  }
  return {};
}

Result<PollAttributes> parse_poll_attributes(const KeyValues& attributes) {
  PollAttributes out;
  for (const auto& [key, value] : attributes) {
    DNSCTL_TRY(parse_poll_attribute(key, value, out));
  }
  return out;
}

} // namespace dnsctl::model
