#pragma once
// The sink's loop: notifications in batches, each batch one transaction (one serial
// step per zone), then acknowledged; from RabbitMQ, or from JSON lines.

#include "core/model/settings.hpp"
#include "core/ops/sink.hpp"

#include <atomic>
#include <istream>
#include <string>
#include <vector>

namespace dnsctl::store {
class Store;
}

namespace dnsctl::sink {

struct Totals {
  size_t messages = 0;
  size_t applied = 0;
  size_t duplicate = 0;
  size_t ignored = 0;
  size_t rejected = 0;
  size_t batches = 0;
  void add(const std::vector<ops::SinkOutcome>& outcomes);
};

// Every enabled handler's zone exists: checked before the first message, so a typo in
// zone_id stops the sink at once instead of setting every event aside.
Status check_zones(store::Store& store, const model::SinkSettings& settings);

// One batch of message texts: translated and applied in one transaction; one log line
// per message at info (event type, message id, what it added and removed).
Result<std::vector<ops::SinkOutcome>> apply_texts(store::Store& store,
                                                  const model::SinkSettings& settings,
                                                  const std::vector<std::string>& texts);

// JSON lines (one notification each; blank lines skipped), batch_size at a time. A
// line longer than [sink] max_message_size is read through unkept and set aside.
// `where` names the input in the reasons of rejected lines ("events.json:17").
Status consume_lines(store::Store& store,
                     const model::SinkSettings& settings,
                     std::istream& in,
                     const std::string& where,
                     Totals& totals,
                     std::vector<std::string>& rejected);

// RabbitMQ until `stop`: reconnects with back-off (0.5 s doubling to 30 s) whenever the
// broker goes away; a message is acknowledged only after its batch committed.
Status consume_amqp(store::Store& store,
                    const model::SinkSettings& settings,
                    const std::atomic<bool>& stop,
                    Totals& totals);

// `sink --retry-dead`: every message <queue>.dead held at the start, through the
// handlers once more (after a fix): applied ones leave it, the others go back with
// their new reason. With `message_ids`, only those; the others stay as they were.
Status retry_dead(store::Store& store,
                  const model::SinkSettings& settings,
                  const std::vector<std::string>& message_ids,
                  Totals& totals);

} // namespace dnsctl::sink
