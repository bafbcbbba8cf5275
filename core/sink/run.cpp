#include "core/sink/run.hpp"

#include "core/sink/amqp.hpp"
#include "core/sink/translate.hpp"
#include "core/store/store.hpp"
#include "core/util/log.hpp"

#include <algorithm>
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
    DNSCTL_TRY_ASSIGN(auto first, consumer.next(250ms));
    if (!first) {
      continue;
    }
    std::vector<Delivery> batch{std::move(*first)};
    // A burst fills the batch; a lone event goes after a 2 ms linger.
    while (batch.size() < settings.batch_size) {
      DNSCTL_TRY_ASSIGN(auto more, consumer.next(2ms));
      if (!more) {
        break;
      }
      batch.push_back(std::move(*more));
    }
    std::vector<std::string> texts;
    texts.reserve(batch.size());
    for (const auto& d : batch) {
      texts.push_back(d.body);
    }
    auto outcomes = apply_texts(store, settings, texts);
    while (!outcomes && !stop) {
      // The store is busy or gone: nothing is acknowledged, so nothing is lost.
      log::error("sink: batch of " + std::to_string(texts.size())
                 + " not applied, retrying: " + outcomes.error().text());
      pause(1s, stop);
      outcomes = apply_texts(store, settings, texts);
    }
    if (!outcomes) {
      return {}; // stopping: RabbitMQ redelivers the batch to the next sink
    }
    for (size_t i = 0; i < batch.size(); ++i) {
      if ((*outcomes)[i].kind == ops::SinkOutcome::Kind::rejected) {
        log::error("sink: message set aside (" + settings.queue
                   + ".dead): " + (*outcomes)[i].reason);
        DNSCTL_TRY(consumer.set_aside(batch[i], (*outcomes)[i].reason));
      }
    }
    DNSCTL_TRY(consumer.ack_through(batch.back().tag));
    totals.add(*outcomes);
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

Result<std::vector<ops::SinkOutcome>> apply_texts(store::Store& store,
                                                  const model::SinkSettings& settings,
                                                  const std::vector<std::string>& texts) {
  std::vector<ops::SinkItem> items;
  items.reserve(texts.size());
  for (const auto& t : texts) {
    items.push_back(translate(store, settings, t));
  }
  return ops::apply_sink_batch(store, items);
}

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
  while (std::getline(in, line)) {
    ++line_no;
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
