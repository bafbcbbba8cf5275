#include "core/sink/amqp.hpp"

#include <amqp.h>
#include <amqp_ssl_socket.h>
#include <amqp_tcp_socket.h>
#include <sys/time.h>

#include <vector>

namespace dnsctl::sink {

struct AmqpConsumer::State {
  amqp_connection_state_t conn = nullptr;
  bool open = false;
};

namespace {

constexpr amqp_channel_t k_channel = 1;

std::string reply_text(const amqp_rpc_reply_t& r, const std::string& what) {
  switch (r.reply_type) {
  case AMQP_RESPONSE_NORMAL:
    return what + ": ok";
  case AMQP_RESPONSE_NONE:
    return what + ": no reply";
  case AMQP_RESPONSE_LIBRARY_EXCEPTION:
    return what + ": " + amqp_error_string2(r.library_error);
  case AMQP_RESPONSE_SERVER_EXCEPTION:
    if (r.reply.id == AMQP_CONNECTION_CLOSE_METHOD || r.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
      const auto* m = static_cast<amqp_connection_close_t*>(r.reply.decoded);
      return what + ": the server closed it: "
             + std::string(static_cast<const char*>(m->reply_text.bytes), m->reply_text.len);
    }
    return what + ": server error";
  }
  return what + ": failed";
}

Status check(amqp_connection_state_t conn, const std::string& what) {
  auto r = amqp_get_rpc_reply(conn);
  if (r.reply_type != AMQP_RESPONSE_NORMAL) {
    return make_error(Errc::peer, "RabbitMQ: " + reply_text(r, what));
  }
  return {};
}

amqp_bytes_t bytes(const std::string& s) {
  return amqp_bytes_t{s.size(), const_cast<char*>(s.data())};
}

} // namespace

Result<AmqpAddress> parse_transport_url(const std::string& url) {
  std::string first = url.substr(0, url.find(','));
  for (const char* scheme : {"rabbit://", "amqp://", "amqps://"}) {
    if (first.rfind(scheme, 0) == 0) {
      bool tls = std::string(scheme) == "amqps://";
      std::string normal =
          (tls ? "amqps://" : "amqp://") + first.substr(std::string(scheme).size());
      std::vector<char> buf(normal.begin(), normal.end());
      buf.push_back('\0');
      amqp_connection_info info{};
      amqp_default_connection_info(&info);
      if (amqp_parse_url(buf.data(), &info) != AMQP_STATUS_OK) {
        return make_error(Errc::invalid_input,
                          "[sink] transport_url is not amqp://USER:PASS@HOST:PORT/VHOST");
      }
      AmqpAddress a;
      a.host = info.host;
      a.port = info.port;
      a.user = info.user;
      a.password = info.password;
      a.vhost = info.vhost == nullptr || *info.vhost == '\0' ? "/" : info.vhost;
      a.tls = info.ssl != 0;
      return a;
    }
  }
  return make_error(Errc::invalid_input,
                    "[sink] transport_url must start with rabbit://, amqp:// or amqps://");
}

AmqpConsumer::~AmqpConsumer() {
  if (m_state && m_state->conn != nullptr) {
    if (m_state->open) {
      amqp_channel_close(m_state->conn, k_channel, AMQP_REPLY_SUCCESS);
      amqp_connection_close(m_state->conn, AMQP_REPLY_SUCCESS);
    }
    amqp_destroy_connection(m_state->conn);
  }
}

Result<std::unique_ptr<AmqpConsumer>> AmqpConsumer::connect(const AmqpAddress& a,
                                                            const model::SinkSettings& settings,
                                                            uint16_t prefetch,
                                                            Source source) {
  std::unique_ptr<AmqpConsumer> c(new AmqpConsumer());
  c->m_state = std::make_unique<State>();
  auto& conn = c->m_state->conn;
  conn = amqp_new_connection();
  std::string where = a.host + ":" + std::to_string(a.port);
  amqp_socket_t* socket = a.tls ? amqp_ssl_socket_new(conn) : amqp_tcp_socket_new(conn);
  if (socket == nullptr) {
    return make_error(Errc::internal, "RabbitMQ: cannot make a socket");
  }
  if (a.tls) {
    // The broker's certificate and name are always checked.
    amqp_ssl_socket_set_verify_peer(socket, 1);
    amqp_ssl_socket_set_verify_hostname(socket, 1);
    if (!settings.ssl_ca_file.empty()
        && amqp_ssl_socket_set_cacert(socket, settings.ssl_ca_file.c_str()) != AMQP_STATUS_OK) {
      return make_error(Errc::invalid_input,
                        "[sink] ssl_ca_file " + settings.ssl_ca_file + ": cannot be read as PEM");
    }
    if (!settings.ssl_cert_file.empty()
        && amqp_ssl_socket_set_key(
               socket, settings.ssl_cert_file.c_str(), settings.ssl_key_file.c_str())
               != AMQP_STATUS_OK) {
      return make_error(Errc::invalid_input,
                        "[sink] ssl_cert_file/ssl_key_file: cannot be read as PEM");
    }
  }
  // A broker that is starting (or stuck) must not hold the sink forever: every step
  // of the handshake and every RPC gets 10 s.
  timeval tv{10, 0};
  amqp_set_handshake_timeout(conn, &tv);
  amqp_set_rpc_timeout(conn, &tv);
  if (int rc = amqp_socket_open_noblock(socket, a.host.c_str(), a.port, &tv);
      rc != AMQP_STATUS_OK) {
    return make_error(Errc::peer,
                      "RabbitMQ at " + where + ": cannot connect: " + amqp_error_string2(rc));
  }
  auto login = amqp_login(conn,
                          a.vhost.c_str(),
                          0,
                          131072,
                          60,
                          AMQP_SASL_METHOD_PLAIN,
                          a.user.c_str(),
                          a.password.c_str());
  if (login.reply_type != AMQP_RESPONSE_NORMAL) {
    return make_error(Errc::peer,
                      "RabbitMQ at " + where + ": login as " + a.user + " to vhost " + a.vhost
                          + " failed (" + reply_text(login, "login") + ")");
  }
  amqp_channel_open(conn, k_channel);
  DNSCTL_TRY(check(conn, "channel open"));
  c->m_state->open = true;
  for (const auto& ex : settings.exchanges) {
    amqp_exchange_declare(conn,
                          k_channel,
                          bytes(ex),
                          amqp_cstring_bytes("topic"),
                          0,
                          settings.amqp_durable_queues ? 1 : 0,
                          0,
                          0,
                          amqp_empty_table);
    DNSCTL_TRY(check(conn, "declare exchange " + ex));
  }
  c->m_dead_queue = settings.queue + ".dead";
  const std::string& consumed = source == Source::queue ? settings.queue : c->m_dead_queue;
  for (const auto& q : {settings.queue, c->m_dead_queue}) {
    auto* ok = amqp_queue_declare(conn, k_channel, bytes(q), 0, 1, 0, 0, amqp_empty_table);
    DNSCTL_TRY(check(conn, "declare queue " + q));
    if (q == consumed && ok != nullptr) {
      c->m_waiting = ok->message_count;
    }
  }
  std::string key = settings.topic + ".info";
  for (const auto& ex : settings.exchanges) {
    amqp_queue_bind(
        conn, k_channel, bytes(settings.queue), bytes(ex), bytes(key), amqp_empty_table);
    DNSCTL_TRY(check(conn, "bind " + settings.queue + " to " + ex));
  }
  amqp_basic_qos(conn, k_channel, 0, prefetch, 0);
  DNSCTL_TRY(check(conn, "qos"));
  amqp_basic_consume(conn, k_channel, bytes(consumed), amqp_empty_bytes, 0, 0, 0, amqp_empty_table);
  DNSCTL_TRY(check(conn, "consume " + consumed));
  return c;
}

namespace {

// The frame after a delivery's method frame, on our channel.
Status wait_frame(amqp_connection_state_t conn, amqp_frame_t& frame, uint8_t type) {
  int rc = amqp_simple_wait_frame(conn, &frame);
  if (rc != AMQP_STATUS_OK) {
    return make_error(Errc::peer,
                      std::string("RabbitMQ: reading a message: ") + amqp_error_string2(rc));
  }
  if (frame.frame_type != type || frame.channel != k_channel) {
    return make_error(Errc::peer, "RabbitMQ: a message's frames came out of order");
  }
  return {};
}

// The properties the dead-letter copy carries: persistent, JSON, and why.
struct DeadProps {
  amqp_table_entry_t header{};
  amqp_basic_properties_t props{};
  explicit DeadProps(const std::string& reason) {
    header.key = amqp_cstring_bytes("x-dnsctl-reason");
    header.value.kind = AMQP_FIELD_KIND_UTF8;
    header.value.value.bytes = amqp_bytes_t{reason.size(), const_cast<char*>(reason.data())};
    props._flags =
        AMQP_BASIC_HEADERS_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG | AMQP_BASIC_CONTENT_TYPE_FLAG;
    props.headers.num_entries = 1;
    props.headers.entries = &header;
    props.delivery_mode = 2; // persistent
    props.content_type = amqp_cstring_bytes("application/json");
  }
  DeadProps(const DeadProps&) = delete;
  DeadProps& operator=(const DeadProps&) = delete;
};

} // namespace

Result<std::optional<Delivery>> AmqpConsumer::next(std::chrono::milliseconds wait,
                                                   size_t max_body) {
  auto& conn = m_state->conn;
  amqp_maybe_release_buffers(conn);
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(wait).count();
  timeval tv{static_cast<time_t>(us / 1000000), static_cast<suseconds_t>(us % 1000000)};
  auto fail = [&](Error e) -> Result<std::optional<Delivery>> {
    m_state->open = false;
    return e;
  };
  // Frame by frame (amqp_consume_message would hold the whole body, whatever its
  // size): the delivery, its content header with the body's size, the body frames.
  amqp_frame_t frame{};
  int rc = amqp_simple_wait_frame_noblock(conn, &frame, &tv);
  if (rc == AMQP_STATUS_TIMEOUT) {
    return std::optional<Delivery>{};
  }
  if (rc != AMQP_STATUS_OK) {
    return fail(
        make_error(Errc::peer, std::string("RabbitMQ: consume: ") + amqp_error_string2(rc)));
  }
  if (frame.frame_type != AMQP_FRAME_METHOD
      || frame.payload.method.id != AMQP_BASIC_DELIVER_METHOD) {
    if (frame.frame_type == AMQP_FRAME_METHOD
        && (frame.payload.method.id == AMQP_CHANNEL_CLOSE_METHOD
            || frame.payload.method.id == AMQP_CONNECTION_CLOSE_METHOD)) {
      const auto* m = static_cast<amqp_channel_close_t*>(frame.payload.method.decoded);
      return fail(make_error(
          Errc::peer,
          "RabbitMQ: the server closed it: "
              + std::string(static_cast<const char*>(m->reply_text.bytes), m->reply_text.len)));
    }
    return fail(make_error(Errc::peer, "RabbitMQ: consume: an unexpected frame"));
  }
  Delivery d;
  const auto* deliver = static_cast<amqp_basic_deliver_t*>(frame.payload.method.decoded);
  d.tag = deliver->delivery_tag;
  d.redelivered = deliver->redelivered != 0;
  if (auto ok = wait_frame(conn, frame, AMQP_FRAME_HEADER); !ok) {
    return fail(ok.error());
  }
  uint64_t size = frame.payload.properties.body_size;
  if (const auto* props =
          static_cast<const amqp_basic_properties_t*>(frame.payload.properties.decoded);
      props != nullptr && (props->_flags & AMQP_BASIC_HEADERS_FLAG) != 0) {
    for (int i = 0; i < props->headers.num_entries; ++i) {
      const auto& e = props->headers.entries[i];
      std::string_view key(static_cast<const char*>(e.key.bytes), e.key.len);
      if (key == "x-dnsctl-reason"
          && (e.value.kind == AMQP_FIELD_KIND_UTF8 || e.value.kind == AMQP_FIELD_KIND_BYTES)) {
        d.reason.assign(static_cast<const char*>(e.value.value.bytes.bytes),
                        e.value.value.bytes.len);
      }
    }
  }
  bool keep = size <= max_body;
  std::optional<DeadProps> dead;
  if (keep) {
    d.body.reserve(static_cast<size_t>(size));
  } else {
    d.set_aside = "longer than [sink] max_message_size (" + std::to_string(size)
                  + " bytes, at most " + std::to_string(max_body) + "): set aside unread";
    dead.emplace(d.set_aside);
    amqp_basic_publish_t pub{};
    pub.exchange = amqp_empty_bytes;
    pub.routing_key = bytes(m_dead_queue);
    amqp_frame_t header{};
    header.frame_type = AMQP_FRAME_HEADER;
    header.channel = k_channel;
    header.payload.properties.class_id = AMQP_BASIC_CLASS;
    header.payload.properties.body_size = size;
    header.payload.properties.decoded = &dead->props;
    if (amqp_send_method(conn, k_channel, AMQP_BASIC_PUBLISH_METHOD, &pub) != AMQP_STATUS_OK
        || amqp_send_frame(conn, &header) != AMQP_STATUS_OK) {
      return fail(make_error(Errc::peer, "RabbitMQ: publishing to " + m_dead_queue + " failed"));
    }
  }
  for (uint64_t got = 0; got < size;) {
    if (auto ok = wait_frame(conn, frame, AMQP_FRAME_BODY); !ok) {
      return fail(ok.error());
    }
    const auto& part = frame.payload.body_fragment;
    got += part.len;
    if (keep) {
      d.body.append(static_cast<const char*>(part.bytes), part.len);
    } else {
      amqp_frame_t body{};
      body.frame_type = AMQP_FRAME_BODY;
      body.channel = k_channel;
      body.payload.body_fragment = part;
      if (amqp_send_frame(conn, &body) != AMQP_STATUS_OK) {
        return fail(make_error(Errc::peer, "RabbitMQ: publishing to " + m_dead_queue + " failed"));
      }
    }
    amqp_maybe_release_buffers_on_channel(conn, k_channel);
  }
  return std::optional<Delivery>{std::move(d)};
}

Status AmqpConsumer::ack_through(uint64_t tag) {
  if (amqp_basic_ack(m_state->conn, k_channel, tag, 1) != AMQP_STATUS_OK) {
    m_state->open = false;
    return make_error(Errc::peer, "RabbitMQ: acknowledging failed");
  }
  return {};
}

Status AmqpConsumer::set_aside(const Delivery& d, const std::string& reason) {
  DeadProps dead(reason);
  if (amqp_basic_publish(m_state->conn,
                         k_channel,
                         amqp_empty_bytes,
                         bytes(m_dead_queue),
                         0,
                         0,
                         &dead.props,
                         bytes(d.body))
      != AMQP_STATUS_OK) {
    m_state->open = false;
    return make_error(Errc::peer, "RabbitMQ: publishing to " + m_dead_queue + " failed");
  }
  return {};
}

} // namespace dnsctl::sink
