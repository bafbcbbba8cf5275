#include "core/sink/run.hpp"

#include "core/ops/zones.hpp"
#include "core/sink/amqp.hpp"
#include "core/sink/translate.hpp"
#include "core/store/store.hpp"
#include "core/util/log.hpp"
#include "core/util/text.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <thread>

namespace dnsctl::sink {
namespace {

using namespace std::chrono_literals;

// Sleeps up to `d`, waking early when `stop` is set.
void pause(std::chrono::milliseconds d, const std::atomic<bool>& stop) {
  auto end = std::chrono::steady_clock::now() + d;
  while (!stop && std::chrono::steady_clock::now() < end) {
    std::this_thread::sleep_for(
        std::min<std::chrono::milliseconds>(100ms,
                                            std::chrono::duration_cast<std::chrono::milliseconds>(
                                                end - std::chrono::steady_clock::now())));
  }
}

// Whole batches until the connection fails or `stop`.
Status serve(AmqpConsumer& consumer,
             store::Store& store,
             const model::SinkSettings& settings,
             const std::atomic<bool>& stop,
             Totals& totals) {
  while (!stop) {
    DNSCTL_TRY_ASSIGN(auto first, consumer.next(250ms, settings.max_message_size));
    if (!first) {
      continue;
    }
    std::vector<Delivery> batch{std::move(*first)};
    // A burst fills the batch; a lone event goes after a 2 ms linger.
    while (batch.size() < settings.batch_size) {
      DNSCTL_TRY_ASSIGN(auto more, consumer.next(2ms, settings.max_message_size));
      if (!more) {
        break;
      }
      batch.push_back(std::move(*more));
    }
    // Too long to read: in the dead-letter queue already, never applied.
    std::vector<std::string> texts;
    std::vector<size_t> read; // batch index of each text
    for (size_t i = 0; i < batch.size(); ++i) {
      if (batch[i].set_aside.empty()) {
        texts.push_back(batch[i].body);
        read.push_back(i);
      }
    }
    auto applied = apply_texts(store, settings, texts);
    while (!applied && !stop) {
      // The store is busy or gone: nothing is acknowledged, so nothing is lost.
      log::error("sink: batch of " + std::to_string(texts.size())
                 + " not applied, retrying: " + applied.error().text());
      pause(1s, stop);
      applied = apply_texts(store, settings, texts);
    }
    if (!applied) {
      return {}; // stopping: RabbitMQ redelivers the batch to the next sink
    }
    std::vector<ops::SinkOutcome> outcomes(batch.size());
    for (size_t k = 0; k < read.size(); ++k) {
      outcomes[read[k]] = std::move((*applied)[k]);
    }
    for (size_t i = 0; i < batch.size(); ++i) {
      if (!batch[i].set_aside.empty()) {
        outcomes[i] = {ops::SinkOutcome::Kind::rejected, batch[i].set_aside, {}, {}};
        log::error("sink: message set aside (" + settings.queue + ".dead): " + batch[i].set_aside);
      } else if (outcomes[i].kind == ops::SinkOutcome::Kind::rejected) {
        log::error("sink: message set aside (" + settings.queue + ".dead): " + outcomes[i].reason);
        DNSCTL_TRY(consumer.set_aside(batch[i], outcomes[i].reason));
      }
    }
    DNSCTL_TRY(consumer.ack_through(batch.back().tag));
    totals.add(outcomes);
    log::debug("sink: batch of " + std::to_string(batch.size()) + " committed and acknowledged");
  }
  return {};
}

} // namespace

void Totals::add(const std::vector<ops::SinkOutcome>& outcomes) {
  ++batches;
  for (const auto& o : outcomes) {
    ++messages;
    switch (o.kind) {
    case ops::SinkOutcome::Kind::applied:
      ++applied;
      break;
    case ops::SinkOutcome::Kind::duplicate:
      ++duplicate;
      break;
    case ops::SinkOutcome::Kind::ignored:
      ++ignored;
      break;
    case ops::SinkOutcome::Kind::rejected:
      ++rejected;
      break;
    }
  }
}

namespace {

// One line per message at info: what it was, and what it did.
void log_outcome(const ops::SinkItem& item, const ops::SinkOutcome& o) {
  std::string line = "sink: " + (item.event_type.empty() ? std::string("message") : item.event_type)
                     + " "
                     + (item.message_id.empty() ? std::string("(no message_id)") : item.message_id)
                     + ": " + ops::to_string(o.kind);
  if (!o.added.empty()) {
    line += "; added " + text::join(o.added, ", ");
  }
  if (!o.removed.empty()) {
    line += "; removed " + text::join(o.removed, ", ");
  }
  if (!o.reason.empty()) {
    line += "; " + o.reason;
  }
  log::info(line);
}

} // namespace

Result<std::vector<ops::SinkOutcome>> apply_texts(store::Store& store,
                                                  const model::SinkSettings& settings,
                                                  const std::vector<std::string>& texts) {
  std::vector<ops::SinkItem> items;
  items.reserve(texts.size());
  for (const auto& t : texts) {
    items.push_back(translate(store, settings, t));
  }
  DNSCTL_TRY_ASSIGN(auto outcomes, ops::apply_sink_batch(store, items));
  for (size_t i = 0; i < items.size(); ++i) {
    log_outcome(items[i], outcomes[i]);
  }
  return outcomes;
}

Status check_zones(store::Store& store, const model::SinkSettings& settings) {
  for (const auto& h : settings.enabled_handlers) {
    const auto& zone = settings.handlers.at(h).zone_id;
    if (auto z = ops::find_zone(store, zone); !z) {
      std::string message = "[handler:" + h;
      message += "] zone_id " + zone;
      message += ": " + z.error().message;
      message += " (create it first: every event of the handler would be set aside)";
      return make_error(Errc::invalid_input, message);
    }
  }
  return {};
}

namespace {

enum class Line { ok, too_long, end };

// The next line (without its newline) into `out`; one longer than `max` is read to its
// end without being kept, so a 100 MB line costs no more memory than a short one.
Line read_line(std::istream& in, std::string& out, size_t max, size_t& length) {
  out.clear();
  length = 0;
  if (in.peek() == std::char_traits<char>::eof()) {
    return Line::end;
  }
  std::array<char, 65536> buf{};
  while (true) {
    int c = in.peek();
    if (c == std::char_traits<char>::eof()) {
      break;
    }
    if (c == '\n') {
      in.get();
      break;
    }
    in.get(buf.data(), static_cast<std::streamsize>(buf.size()), '\n'); // at least one char
    auto n = static_cast<size_t>(in.gcount());
    length += n;
    if (length <= max) {
      out.append(buf.data(), n);
    }
  }
  if (length > max) {
    out.clear();
    return Line::too_long;
  }
  return Line::ok;
}

} // namespace

Status consume_lines(store::Store& store,
                     const model::SinkSettings& settings,
                     std::istream& in,
                     const std::string& where,
                     Totals& totals,
                     std::vector<std::string>& rejected) {
  std::vector<std::string> texts;
  std::vector<size_t> lines;
  size_t line_no = 0;
  auto flush = [&]() -> Status {
    if (texts.empty()) {
      return {};
    }
    DNSCTL_TRY_ASSIGN(auto outcomes, apply_texts(store, settings, texts));
    for (size_t i = 0; i < outcomes.size(); ++i) {
      if (outcomes[i].kind == ops::SinkOutcome::Kind::rejected) {
        rejected.push_back(where + ":" + std::to_string(lines[i]) + ": " + outcomes[i].reason);
      }
    }
    totals.add(outcomes);
    texts.clear();
    lines.clear();
    return {};
  };
  std::string line;
  size_t length = 0;
  for (Line got = read_line(in, line, settings.max_message_size, length); got != Line::end;
       got = read_line(in, line, settings.max_message_size, length)) {
    ++line_no;
    if (got == Line::too_long) {
      // Read through, never held: set aside with the reason, like poison.
      rejected.push_back(where + ":" + std::to_string(line_no)
                         + ": longer than [sink] max_message_size (" + std::to_string(length)
                         + " bytes, at most " + std::to_string(settings.max_message_size)
                         + "): set aside unread");
      totals.add({ops::SinkOutcome{ops::SinkOutcome::Kind::rejected, "too long", {}, {}}});
      continue;
    }
    if (line.find_first_not_of(" \t\r") == std::string::npos) {
      continue;
    }
    texts.push_back(std::move(line));
    lines.push_back(line_no);
    if (texts.size() >= settings.batch_size) {
      DNSCTL_TRY(flush());
    }
  }
  return flush();
}

Status retry_dead(store::Store& store,
                  const model::SinkSettings& settings,
                  const std::vector<std::string>& message_ids,
                  Totals& totals) {
  DNSCTL_TRY_ASSIGN(auto address, parse_transport_url(settings.transport_url));
  DNSCTL_TRY_ASSIGN(auto consumer,
                    AmqpConsumer::connect(address, settings, 1, AmqpConsumer::Source::dead));
  // What is there now, once: a message set aside again goes to the end of the queue
  // and is not taken a second time.
  uint32_t left = consumer->waiting();
  log::info("sink: " + std::to_string(left) + " message(s) in " + settings.queue + ".dead");
  while (left > 0) {
    DNSCTL_TRY_ASSIGN(auto d, consumer->next(5s, settings.max_message_size));
    if (!d) {
      break; // another consumer took them
    }
    --left;
    if (!d->set_aside.empty()) {
      DNSCTL_TRY(consumer->ack_through(d->tag)); // too long: back in .dead already
      totals.add({ops::SinkOutcome{ops::SinkOutcome::Kind::rejected, d->set_aside, {}, {}}});
      continue;
    }
    if (!message_ids.empty()) {
      auto item = translate(store, settings, d->body);
      if (std::find(message_ids.begin(), message_ids.end(), item.message_id) == message_ids.end()) {
        DNSCTL_TRY(consumer->set_aside(*d, d->reason.empty() ? "not retried" : d->reason));
        DNSCTL_TRY(consumer->ack_through(d->tag));
        continue;
      }
    }
    DNSCTL_TRY_ASSIGN(auto outcomes, apply_texts(store, settings, {d->body}));
    if (outcomes.front().kind == ops::SinkOutcome::Kind::rejected) {
      log::error("sink: message set aside again (" + settings.queue
                 + ".dead): " + outcomes.front().reason);
      DNSCTL_TRY(consumer->set_aside(*d, outcomes.front().reason));
    }
    DNSCTL_TRY(consumer->ack_through(d->tag));
    totals.add(outcomes);
  }
  return {};
}

Status consume_amqp(store::Store& store,
                    const model::SinkSettings& settings,
                    const std::atomic<bool>& stop,
                    Totals& totals) {
  DNSCTL_TRY_ASSIGN(auto address, parse_transport_url(settings.transport_url));
  auto backoff = 500ms;
  while (!stop) {
    auto consumer = AmqpConsumer::connect(
        address, settings, static_cast<uint16_t>(std::min<uint32_t>(settings.batch_size, 65535)));
    if (!consumer) {
      log::error("sink: " + consumer.error().text() + "; again in "
                 + std::to_string(backoff.count()) + " ms");
      pause(backoff, stop);
      backoff = std::min<std::chrono::milliseconds>(backoff * 2, 30s);
      continue;
    }
    log::info("sink: consuming " + settings.queue + " on " + address.host + ":"
              + std::to_string(address.port));
    backoff = 500ms;
    auto served = serve(**consumer, store, settings, stop, totals);
    if (!served) {
      log::error("sink: " + served.error().text() + "; reconnecting");
      pause(backoff, stop);
    }
  }
  return {};
}

} // namespace dnsctl::sink
