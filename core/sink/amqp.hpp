#pragma once
// The sink's RabbitMQ side (AMQP 0-9-1, rabbitmq-c): our own durable queue bound to
// the nova and neutron topic exchanges with <topic>.info, as oslo.messaging's
// publishers route notifications; messages taken with manual acknowledgement, so a
// message is acknowledged only after its change is committed; one that can't be
// applied is moved to <queue>.dead with the reason in a header.

#include "core/model/settings.hpp"
#include "core/util/result.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace dnsctl::sink {

struct AmqpAddress {
  std::string host;
  int port = 5672;
  std::string user;
  std::string password;
  std::string vhost = "/";
  bool tls = false;
};

// oslo.messaging's transport_url (rabbit:// or amqp://, amqps:// for TLS; the first
// host of a comma-separated list). Errors never repeat the password.
Result<AmqpAddress> parse_transport_url(const std::string& url);

struct Delivery {
  uint64_t tag = 0;
  std::string body;
  bool redelivered = false;
  // Longer than the limit next() was given: its body was never held, it went to the
  // dead-letter queue frame by frame as it came in, with this reason.
  std::string set_aside;
  // Why an earlier run set it aside (its x-dnsctl-reason header), when it has one.
  std::string reason;
};

class AmqpConsumer {
public:
  ~AmqpConsumer();
  AmqpConsumer(const AmqpConsumer&) = delete;
  AmqpConsumer& operator=(const AmqpConsumer&) = delete;
  AmqpConsumer(AmqpConsumer&&) = delete;
  AmqpConsumer& operator=(AmqpConsumer&&) = delete;

  // Connects, declares the exchanges (with the publishers' flags), our queue and its
  // dead-letter queue, binds, and starts consuming with `prefetch` unacknowledged: from
  // our queue, or (Source::dead, `sink --retry-dead`) from the dead-letter queue.
  enum class Source { queue, dead };
  static Result<std::unique_ptr<AmqpConsumer>> connect(const AmqpAddress& address,
                                                       const model::SinkSettings& settings,
                                                       uint16_t prefetch,
                                                       Source source = Source::queue);

  // How many messages the consumed queue held when connect() declared it.
  uint32_t waiting() const { return m_waiting; }

  // The next message, or nullopt when none came within `wait`. A body longer than
  // `max_body` is not kept: it is forwarded to the dead-letter queue as it arrives (one
  // frame in memory at a time), and the delivery says so. An error means the
  // connection is gone: make a new consumer.
  Result<std::optional<Delivery>> next(std::chrono::milliseconds wait, size_t max_body);

  // Acknowledges every message up to `tag`.
  Status ack_through(uint64_t tag);

  // Moves the message to the dead-letter queue (with the reason), then acknowledges it.
  Status set_aside(const Delivery& d, const std::string& reason);

private:
  AmqpConsumer() = default;
  struct State;
  std::unique_ptr<State> m_state;
  std::string m_dead_queue;
  uint32_t m_waiting = 0;
};

} // namespace dnsctl::sink
