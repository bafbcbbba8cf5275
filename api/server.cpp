#include "api/server.hpp"

#include "core/util/net.hpp"
#include "core/util/uuid.hpp"

#include <microhttpd.h>

#include <cstring>
#include <string_view>

namespace dnsctl::api {

struct Server::Impl {
  ServerOptions options;
  Handler handler;
  MHD_Daemon* daemon = nullptr;
};

namespace {

// What is known of one request while its body arrives.
struct Pending {
  Request request;
  bool too_large = false;
};

MHD_Result add_header(void* cls, MHD_ValueKind /*kind*/, const char* key, const char* value) {
  auto* r = static_cast<Request*>(cls);
  std::string name = key;
  for (char& c : name) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  r->headers[name] = value != nullptr ? value : "";
  return MHD_YES;
}

MHD_Result add_query(void* cls, MHD_ValueKind /*kind*/, const char* key, const char* value) {
  auto* r = static_cast<Request*>(cls);
  r->query.emplace_back(key, value != nullptr ? value : "");
  return MHD_YES;
}

std::string peer_of(MHD_Connection* c) {
  const MHD_ConnectionInfo* info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (info == nullptr || info->client_addr == nullptr) {
    return "";
  }
  net::SockAddr a;
  a.len = info->client_addr->sa_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
  std::memcpy(&a.addr, info->client_addr, a.len);
  return a.ip();
}

MHD_Result send(MHD_Connection* c, const Response& r) {
  MHD_Response* resp = MHD_create_response_from_buffer(
      r.body.size(),
      const_cast<char*>(r.body.data()), // NOLINT: MHD copies (MUST_COPY)
      MHD_RESPMEM_MUST_COPY);
  if (resp == nullptr) {
    return MHD_NO;
  }
  if (!r.body.empty() || r.status != 204) {
    MHD_add_response_header(resp, "Content-Type", r.content_type.c_str());
  }
  for (const auto& [k, v] : r.headers) {
    MHD_add_response_header(resp, k.c_str(), v.c_str());
  }
  MHD_Result ok = MHD_queue_response(c, static_cast<unsigned>(r.status), resp);
  MHD_destroy_response(resp);
  return ok;
}

// The first call for a request: its line, headers and peer, and whether the length it
// declares is already past the cap.
Pending*
begin(Server::Impl* impl, MHD_Connection* connection, const char* url, const char* method) {
  auto* p = new Pending; // NOLINT(cppcoreguidelines-owning-memory): freed in on_completed
  p->request.method = method;
  p->request.path = url;
  p->request.request_id = "req-" + uuid::generate();
  MHD_get_connection_values(connection, MHD_HEADER_KIND, add_header, &p->request);
  MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, add_query, &p->request);
  p->request.peer = peer_of(connection);
  // A declared length past the cap is refused before a byte of it is read.
  auto length = p->request.header("content-length");
  if (!length.empty() && std::strtoull(length.c_str(), nullptr, 10) > impl->options.max_body) {
    p->too_large = true;
  }
  return p;
}

// A piece of the body: kept while the whole stays under the cap, then dropped.
void take_body(const Server::Impl* impl, Pending* p, const char* data, size_t size) {
  if (!p->too_large && p->request.body.size() + size > impl->options.max_body) {
    p->too_large = true;
    p->request.body.clear();
    p->request.body.shrink_to_fit();
  }
  if (!p->too_large) {
    p->request.body.append(data, size);
  }
}

Response answer(const Server::Impl* impl, const Pending* p) {
  Response r;
  if (p->too_large) {
    // Designate's sizelimit middleware: 413, with the cap in the message.
    r.status = 413;
    r.body = R"({"code": 413, "type": "request_body_too_large", "message": "Request is too large.)"
             R"( Maximum body size is )"
             + std::to_string(impl->options.max_body) + R"( bytes.", "request_id": ")"
             + p->request.request_id + "\"}";
    r.headers.emplace_back("Connection", "close");
    return r;
  }
  try {
    r = impl->handler(p->request);
  } catch (const std::exception& e) {
    r.status = 500;
    r.body = R"({"code": 500, "type": "internal_server_error", "message": "internal error",)"
             R"( "request_id": ")"
             + p->request.request_id + "\"}";
  }
  return r;
}

// NOLINTNEXTLINE(readability-function-size): libmicrohttpd's callback has 8 parameters.
MHD_Result on_request(void* cls,
                      MHD_Connection* connection,
                      const char* url,
                      const char* method,
                      const char* /*version*/,
                      const char* upload_data,
                      size_t* upload_data_size,
                      void** con_cls) {
  auto* impl = static_cast<Server::Impl*>(cls);
  auto* p = static_cast<Pending*>(*con_cls);
  if (p == nullptr) {
    *con_cls = begin(impl, connection, url, method);
    return MHD_YES;
  }
  if (*upload_data_size > 0) {
    take_body(impl, p, upload_data, *upload_data_size);
    *upload_data_size = 0;
    return MHD_YES;
  }
  Response r = answer(impl, p);
  r.headers.emplace_back("X-OpenStack-Request-ID", p->request.request_id);
  return send(connection, r);
}

void on_completed(void* /*cls*/,
                  MHD_Connection* /*connection*/,
                  void** con_cls,
                  MHD_RequestTerminationCode /*toe*/) {
  delete static_cast<Pending*>(*con_cls); // NOLINT(cppcoreguidelines-owning-memory)
  *con_cls = nullptr;
}

} // namespace

Server::Server(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl)) {}

Server::~Server() {
  stop();
}

Result<std::unique_ptr<Server>> Server::start(const ServerOptions& options, Handler handler) {
  DNSCTL_TRY_ASSIGN(
      auto addr, net::parse_host_port(options.listen, 9001, "listen address", net::AnyPort::yes));
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->handler = std::move(handler);
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
  if (addr.family() == AF_INET6) {
    flags |= MHD_USE_IPv6;
  }
  impl->daemon = MHD_start_daemon(flags,
                                  addr.port(),
                                  nullptr,
                                  nullptr,
                                  &on_request,
                                  impl.get(),
                                  MHD_OPTION_SOCK_ADDR,
                                  addr.get(),
                                  MHD_OPTION_THREAD_POOL_SIZE,
                                  static_cast<unsigned>(options.threads),
                                  MHD_OPTION_CONNECTION_LIMIT,
                                  static_cast<unsigned>(options.max_connections),
                                  MHD_OPTION_PER_IP_CONNECTION_LIMIT,
                                  static_cast<unsigned>(options.per_address_connections),
                                  MHD_OPTION_CONNECTION_TIMEOUT,
                                  static_cast<unsigned>(options.idle_timeout.count()),
                                  MHD_OPTION_CONNECTION_MEMORY_LIMIT,
                                  static_cast<size_t>(64 * 1024),
                                  MHD_OPTION_NOTIFY_COMPLETED,
                                  &on_completed,
                                  nullptr,
                                  MHD_OPTION_END);
  if (impl->daemon == nullptr) {
    return make_error(Errc::io,
                      "cannot listen on " + options.listen
                          + " (in use, or not an address of this host)");
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

uint16_t Server::port() const {
  if (m_impl->daemon == nullptr) {
    return 0;
  }
  const MHD_DaemonInfo* info = MHD_get_daemon_info(m_impl->daemon, MHD_DAEMON_INFO_BIND_PORT);
  return info != nullptr ? info->port : 0;
}

void Server::stop() {
  if (m_impl->daemon != nullptr) {
    MHD_stop_daemon(m_impl->daemon);
    m_impl->daemon = nullptr;
  }
}

} // namespace dnsctl::api
