#pragma once
// The HTTP server of `dnsctl api`: libmicrohttpd with a pool of threads on epoll, and
// its limits (connections in all and per address, the idle timeout, the memory of a
// connection) plus ours (the body size). Each complete request goes to the handler on
// one of the pool's threads; the handler's response is sent as it is.

#include "core/util/result.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "api/http.hpp"

namespace dnsctl::api {

struct ServerOptions {
  std::string listen = "127.0.0.1:9001"; // ADDR:PORT; port 0 asks the kernel for one
  unsigned threads = 4;
  unsigned max_connections = 1000;
  unsigned per_address_connections = 100;
  std::chrono::seconds idle_timeout{30};
  size_t max_body = 1 << 20; // a longer body is answered 413 without being read
};

using Handler = std::function<Response(const Request&)>;

class Server {
public:
  static Result<std::unique_ptr<Server>> start(const ServerOptions& options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  Server(Server&&) = delete;
  Server& operator=(Server&&) = delete;

  uint16_t port() const; // the port it listens on (the kernel's, for port 0)
  void stop();

  struct Impl;

private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

} // namespace dnsctl::api
