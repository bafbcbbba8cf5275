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
                                                            uint16_t prefetch) {
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
  for (const auto& q : {settings.queue, c->m_dead_queue}) {
    amqp_queue_declare(conn, k_channel, bytes(q), 0, 1, 0, 0, amqp_empty_table);
    DNSCTL_TRY(check(conn, "declare queue " + q));
  }
  std::string key = settings.topic + ".info";
  for (const auto& ex : settings.exchanges) {
    amqp_queue_bind(
        conn, k_channel, bytes(settings.queue), bytes(ex), bytes(key), amqp_empty_table);
    DNSCTL_TRY(check(conn, "bind " + settings.queue + " to " + ex));
  }
  amqp_basic_qos(conn, k_channel, 0, prefetch, 0);
  DNSCTL_TRY(check(conn, "qos"));
  amqp_basic_consume(
      conn, k_channel, bytes(settings.queue), amqp_empty_bytes, 0, 0, 0, amqp_empty_table);
  DNSCTL_TRY(check(conn, "consume " + settings.queue));
  return c;
}

Result<std::optional<Delivery>> AmqpConsumer::next(std::chrono::milliseconds wait) {
  auto& conn = m_state->conn;
  amqp_maybe_release_buffers(conn);
  amqp_envelope_t env{};
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(wait).count();
  timeval tv{static_cast<time_t>(us / 1000000), static_cast<suseconds_t>(us % 1000000)};
  auto r = amqp_consume_message(conn, &env, &tv, 0);
  if (r.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION && r.library_error == AMQP_STATUS_TIMEOUT) {
    return std::optional<Delivery>{};
  }
  if (r.reply_type != AMQP_RESPONSE_NORMAL) {
    m_state->open = false;
    return make_error(Errc::peer, "RabbitMQ: " + reply_text(r, "consume"));
  }
  Delivery d;
  d.tag = env.delivery_tag;
  d.redelivered = env.redelivered != 0;
  d.body.assign(static_cast<const char*>(env.message.body.bytes), env.message.body.len);
  amqp_destroy_envelope(&env);
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
  amqp_table_entry_t header{};
  header.key = amqp_cstring_bytes("x-dnsctl-reason");
  header.value.kind = AMQP_FIELD_KIND_UTF8;
  header.value.value.bytes = bytes(reason);
  amqp_basic_properties_t props{};
  props._flags =
      AMQP_BASIC_HEADERS_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG | AMQP_BASIC_CONTENT_TYPE_FLAG;
  props.headers.num_entries = 1;
  props.headers.entries = &header;
  props.delivery_mode = 2; // persistent
  props.content_type = amqp_cstring_bytes("application/json");
  if (amqp_basic_publish(m_state->conn,
                         k_channel,
                         amqp_empty_bytes,
                         bytes(m_dead_queue),
                         0,
                         0,
                         &props,
                         bytes(d.body))
      != AMQP_STATUS_OK) {
    m_state->open = false;
    return make_error(Errc::peer, "RabbitMQ: publishing to " + m_dead_queue + " failed");
  }
  return {};
}

} // namespace dnsctl::sink
