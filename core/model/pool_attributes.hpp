#pragma once
// The pool attributes dnsctl reads itself (Designate keeps others for the scheduler):
// the poll timings and the threshold sync uses. Parsed by one function, when
// pools.yaml is read (a typo fails `pool update` with its file:line) and again when
// sync builds its settings from the stored values.

#include "core/model/pool.hpp"
#include "core/util/result.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace dnsctl::model {

struct PollAttributes {
  std::optional<std::chrono::milliseconds> delay;
  std::optional<std::chrono::milliseconds> interval; // poll_interval, poll_retry_interval
  std::optional<std::chrono::milliseconds> timeout;
  std::optional<int> retries;   // poll_retries, poll_max_retries
  std::optional<int> threshold; // threshold_percentage
};

// One attribute into `out`; other keys are left alone. The error says what the value
// should be: `attribute poll_interval: "soon" is not seconds (0..86400, ...)`.
Status parse_poll_attribute(const std::string& key, const std::string& value, PollAttributes& out);

Result<PollAttributes> parse_poll_attributes(const KeyValues& attributes);

} // namespace dnsctl::model
