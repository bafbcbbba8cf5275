#pragma once
// The mdns sockets: UDP and TCP on every listen address, IPv4 and IPv6.
//
// UDP: one socket per worker per address (SO_REUSEPORT), each worker with its own
// store connection, reading batches with recvmmsg and answering with sendmmsg.
// TCP: one thread per connection, up to a bound; pipelined requests are answered in
// order (RFC 7766), an idle connection is closed after the idle timeout, and a client
// that stops reading holds only its own thread until the write timeout ends it (each
// message must be written whole within it). Room is kept for the pools' servers.

#include "core/mdns/handler.hpp"
#include "core/util/result.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace dnsctl::mdns {

struct ServerOptions {
  std::string store_path;
  // The addresses each target's server transfers from (backends::transfer_sources):
  // they may transfer their pool's zones without a key.
  store::TransferSources transfer_sources;
  std::vector<std::string> listen; // "192.0.2.1:5354", "[2001:db8::1]:5354", "0.0.0.0:5354"
  int workers = 0;                 // UDP workers; 0: one per core
  std::chrono::milliseconds tcp_idle{std::chrono::seconds(10)};
  std::chrono::milliseconds tcp_write{std::chrono::seconds(30)};
  size_t max_tcp = 256; // connections at once; more are closed at accept
  // Of those, kept for the pools' servers and --allow-transfer, and at most this many
  // from any one other address: idle clients cannot lock the secondaries out.
  size_t tcp_reserved = 64;
  size_t max_tcp_per_address = 16;
};

class Server {
public:
  // Binds every address (failing on the first that cannot be bound) and starts serving.
  static Result<std::unique_ptr<Server>> start(const ServerOptions& options, const Limits& limits);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // New limits for the requests that come next (SIGHUP).
  void set_limits(const Limits& limits);
  // Stops accepting, wakes every thread, waits for them (connections get `grace`).
  void stop(std::chrono::milliseconds grace = std::chrono::seconds(5));

  // The addresses bound, as "ip@port" (the real port when 0 was asked for).
  std::vector<std::string> bound() const;

private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

} // namespace dnsctl::mdns
