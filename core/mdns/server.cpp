#include "core/mdns/server.hpp"

#include "core/mdns/store_cache.hpp"
#include "core/mdns/store_source.hpp"
#include "core/util/fd.hpp"
#include "core/util/log.hpp"
#include "core/util/text.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <malloc.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <set>
#include <system_error>
#include <thread>

namespace dnsctl::mdns {
namespace {

constexpr size_t k_batch = 32;
// Batches read from one socket before the others get their turn.
constexpr int k_drain_batches = 64;
constexpr int k_poll_ms = 250; // how often idle threads look at the stop flag

// `shared`: SO_REUSEPORT, so that each UDP worker has its own socket on the port.
// The TCP listener and a first UDP probe are bound without it: a port another
// process holds (a second mdns, a name server) is then an error, not silently
// shared with it.
Result<Fd> bind_socket(const net::SockAddr& at, int type, bool shared) {
  Fd s(::socket(at.family(), type | SOCK_CLOEXEC, 0));
  if (!s) {
    return make_error(Errc::io, "socket: " + errno_text());
  }
  int one = 1;
  if (type == SOCK_STREAM) {
    // A restart must not wait for the last connections' TIME_WAIT. (On UDP it would
    // let two sockets bind one port.)
    ::setsockopt(s.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  }
  if (shared) {
    ::setsockopt(s.get(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one));
  }
  if (at.family() == AF_INET6) {
    ::setsockopt(s.get(), IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
  }
  if (::bind(s.get(), at.get(), at.len) != 0) {
    std::string why = errno == EADDRINUSE ? "in use by another process (a second mdns, or a "
                                            "name server on the same port?)"
                                          : errno_text();
    return make_error(Errc::io,
                      "cannot listen on " + at.text()
                          + (type == SOCK_STREAM ? " (TCP): " : " (UDP): ") + why);
  }
  return s;
}

int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

uint16_t bound_port(int fd) {
  net::SockAddr p;
  p.len = sizeof(p.addr);
  ::getsockname(fd, p.get(), &p.len);
  return p.port();
}

bool read_full(
    int fd, uint8_t* buf, size_t n, std::chrono::milliseconds idle, const std::atomic<bool>& stop) {
  size_t got = 0;
  auto deadline = std::chrono::steady_clock::now() + idle;
  while (got < n) {
    if (stop) {
      return false;
    }
    pollfd p{fd, POLLIN, 0};
    int r = ::poll(&p, 1, k_poll_ms);
    if (r < 0 && errno != EINTR) {
      return false;
    }
    if (r <= 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        return false; // RFC 7766 §6.2.3: idle connections are closed
      }
      continue;
    }
    ssize_t k = ::recv(fd, buf + got, n - got, 0);
    if (k <= 0) {
      if (k < 0 && errno == EINTR) {
        continue;
      }
      return false;
    }
    got += static_cast<size_t>(k);
  }
  return true;
}

std::string transfer_line(const TransferLog& t, const Peer& peer) {
  bool xfr = t.kind.find("XFR") != std::string::npos;
  std::string line = "[" + t.zone + "] " + t.kind + (xfr ? ", outgoing" : "") + ", remote "
                     + peer.text() + (peer.tcp ? " TCP" : " UDP") + ", key "
                     + (t.key.empty() ? std::string("none") : t.key);
  if (!t.tsig_error.empty()) {
    return line + ", refused, TSIG " + t.tsig_error;
  }
  if (t.refused) {
    return line + ", refused";
  }
  std::array<char, 32> buf{};
  (void)std::snprintf(buf.data(), buf.size(), "%.1f", t.ms);
  std::string ms(buf.data());
  return line + ", serial " + std::to_string(t.serial) + ", " + std::to_string(t.records)
         + " records, " + std::to_string(t.messages) + " messages, " + std::to_string(t.bytes)
         + " bytes, " + ms + " ms" + (t.complete ? "" : ", incomplete (client gone)");
}

// A request whose TSIG failed is a warning: a secondary with the wrong secret, or a
// clock gone astray, stops transferring until someone reads this.
void log_request(const TransferLog& t, const Peer& peer) {
  if (t.tsig_error.empty()) {
    log::info(transfer_line(t, peer));
  } else {
    log::warning(transfer_line(t, peer));
  }
}

} // namespace

struct Server::Impl {
  ServerOptions options;
  std::shared_ptr<const Limits> limits;
  std::mutex limits_mutex;
  std::atomic<bool> stop{false};

  std::vector<Fd> tcp_listeners;
  std::vector<std::vector<Fd>> udp; // [worker][address]
  std::vector<std::string> bound;
  std::vector<std::thread> threads;

  std::mutex conn_mutex;
  std::condition_variable conn_done;
  std::set<int> connections;
  std::map<uint64_t, std::thread> tcp_threads; // by id, until joined
  std::vector<uint64_t> tcp_finished;          // ended, not yet joined
  uint64_t next_thread_id = 0;
  std::map<std::string, size_t> per_address;    // open connections by client IP
  std::unique_ptr<StoreSource> acceptor_source; // the pools' addresses, for trusted()
  // The store held in memory, when it is across the network (store_cache.hpp).
  std::shared_ptr<StoreCache> cache;
  int64_t last_refusal_log = 0;

  // The store sources of finished TCP connections, for the next ones. Opening a source
  // reads the whole zone catalog, so a burst of N new zones' AXFRs cost O(N^2):
  // measured with 10,000 catalog members, the mdns at 150 % CPU and BIND getting 20
  // zones a second. A kept source reads it again only when something committed.
  static constexpr size_t k_idle_sources = 8;
  std::mutex idle_mutex;
  std::vector<std::unique_ptr<StoreSource>> idle_sources;

  Result<std::unique_ptr<StoreSource>> take_source() {
    {
      std::lock_guard lock(idle_mutex);
      if (!idle_sources.empty()) {
        auto src = std::move(idle_sources.back());
        idle_sources.pop_back();
        return src;
      }
    }
    return StoreSource::open(options.store_path, options.transfer_sources, cache);
  }

  void give_back(std::unique_ptr<StoreSource> src) {
    src->let_go();
    std::lock_guard lock(idle_mutex);
    if (idle_sources.size() < k_idle_sources && !stop) {
      idle_sources.push_back(std::move(src));
    }
  }

  std::shared_ptr<const Limits> current_limits() {
    std::lock_guard lock(limits_mutex);
    return limits;
  }

  void udp_worker(size_t index) {
    auto src = StoreSource::open(options.store_path, options.transfer_sources, cache);
    if (!src) {
      log::error("mdns: UDP worker " + std::to_string(index) + ": " + src.error().text());
      return;
    }
    Handler handler(**src);
    auto& socks = udp[index];
    std::vector<pollfd> pfds;
    for (const auto& s : socks) {
      pfds.push_back(pollfd{s.get(), POLLIN, 0});
    }
    std::vector<std::array<uint8_t, 65535>> in(k_batch);
    std::vector<std::vector<uint8_t>> out(k_batch);
    std::array<mmsghdr, k_batch> msgs{};
    std::array<iovec, k_batch> iovs{};
    std::array<sockaddr_storage, k_batch> addrs{};
    std::array<mmsghdr, k_batch> replies{};
    std::array<iovec, k_batch> reply_iovs{};
    while (!stop) {
      int r = ::poll(pfds.data(), pfds.size(), k_poll_ms);
      if (r <= 0) {
        // An idle worker lets go of an older copy of the store (store_cache.hpp) too.
        if (cache) {
          (*src)->refresh();
        }
        continue;
      }
      for (const pollfd& pfd : pfds) {
        if ((pfd.revents & POLLIN) == 0) {
          continue;
        }
        // Drain the socket before polling again: under load a poll per batch was a
        // tenth of the worker's system time.
        for (int drained = 0; drained < k_drain_batches && !stop; ++drained) {
          for (size_t i = 0; i < k_batch; ++i) {
            iovs[i] = iovec{in[i].data(), in[i].size()};
            msgs[i] = mmsghdr{};
            msgs[i].msg_hdr.msg_iov = &iovs[i];
            msgs[i].msg_hdr.msg_iovlen = 1;
            msgs[i].msg_hdr.msg_name = &addrs[i];
            msgs[i].msg_hdr.msg_namelen = sizeof(addrs[i]);
          }
          int n = ::recvmmsg(pfd.fd, msgs.data(), k_batch, MSG_DONTWAIT, nullptr);
          if (n <= 0) {
            break;
          }
          // Once per batch: what was committed before these queries arrived is served.
          (*src)->refresh_if_changed();
          auto lim = current_limits();
          int count = 0;
          for (int i = 0; i < n; ++i) {
            Peer peer;
            std::memcpy(&peer.addr, &addrs[i], sizeof(addrs[i]));
            peer.len = msgs[i].msg_hdr.msg_namelen;
            out[i].clear();
            try {
              auto t = handler.handle(
                  {in[i].data(), msgs[i].msg_len}, peer, *lim, [&](std::span<const uint8_t> m) {
                    out[i].assign(m.begin(), m.end());
                    return true;
                  });
              if (t) {
                log_request(*t, peer);
              }
            } catch (const std::exception& e) {
              log::error("mdns: request from " + peer.text() + ": " + e.what());
            }
            if (out[i].empty()) {
              continue;
            }
            reply_iovs[count] = iovec{out[i].data(), out[i].size()};
            replies[count] = mmsghdr{};
            replies[count].msg_hdr.msg_iov = &reply_iovs[count];
            replies[count].msg_hdr.msg_iovlen = 1;
            replies[count].msg_hdr.msg_name = &addrs[i];
            replies[count].msg_hdr.msg_namelen = msgs[i].msg_hdr.msg_namelen;
            ++count;
          }
          if (count > 0) {
            ::sendmmsg(pfd.fd, replies.data(), static_cast<unsigned>(count), 0);
          }
        }
      }
    }
  }

  void tcp_connection(Fd conn, Peer peer, uint64_t thread_id) {
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(options.tcp_write.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((options.tcp_write.count() % 1000) * 1000);
    ::setsockopt(conn.get(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    int one = 1;
    ::setsockopt(conn.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    // The store is opened when the first request has arrived: a connection that never
    // sends one costs a thread and no store connection (300 idle ones took 130 MB).
    std::vector<uint8_t> msg(65535);
    size_t n = read_request(conn.get(), msg);
    auto src =
        n > 0 ? take_source() : Result<std::unique_ptr<StoreSource>>(make_error(Errc::io, ""));
    if (src) {
      Handler handler(**src);
      for (; n > 0 && !stop; n = read_request(conn.get(), msg)) {
        (*src)->refresh();
        auto lim = current_limits();
        bool alive = true;
        try {
          auto t = handler.handle({msg.data(), n}, peer, *lim, [&](std::span<const uint8_t> m) {
            // RFC 7766 §8: the length and the message in one write.
            std::array<uint8_t, 2> prefix{static_cast<uint8_t>(m.size() >> 8),
                                          static_cast<uint8_t>(m.size() & 0xff)};
            std::array<iovec, 2> iov{iovec{prefix.data(), 2},
                                     iovec{const_cast<uint8_t*>(m.data()), m.size()}}; // NOLINT
            size_t want = m.size() + 2;
            size_t sent = 0;
            // The whole message within the write timeout: a client that reads a few
            // bytes now and then no longer restarts it with every partial send.
            auto deadline = std::chrono::steady_clock::now() + options.tcp_write;
            while (sent < want) {
              msghdr mh{};
              mh.msg_iov = iov.data();
              mh.msg_iovlen = iov.size();
              ssize_t k = ::sendmsg(conn.get(), &mh, MSG_NOSIGNAL | MSG_DONTWAIT);
              if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
                auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now());
                pollfd p{conn.get(), POLLOUT, 0};
                if (left.count() <= 0 || stop
                    || ::poll(&p, 1, static_cast<int>(std::min<int64_t>(left.count(), k_poll_ms)))
                           < 0) {
                  alive = false; // not reading for the write timeout
                  return false;
                }
                continue;
              }
              if (k <= 0) {
                alive = false; // gone
                return false;
              }
              sent += static_cast<size_t>(k);
              // Skip what went out of the two buffers.
              auto skip = static_cast<size_t>(k);
              for (auto& v : iov) {
                size_t d = std::min(skip, v.iov_len);
                v.iov_base = static_cast<uint8_t*>(v.iov_base) + d;
                v.iov_len -= d;
                skip -= d;
              }
            }
            return true;
          });
          if (t) {
            log_request(*t, peer);
          }
        } catch (const std::exception& e) {
          log::error("mdns: request from " + peer.text() + ": " + e.what());
          alive = false;
        }
        if (!alive) {
          break;
        }
      }
    } else if (n > 0) {
      log::error("mdns: " + src.error().text());
    }
    if (src) {
      give_back(std::move(*src));
    }
    std::lock_guard lock(conn_mutex);
    tcp_finished.push_back(thread_id);
    connections.erase(conn.get());
    per_address[peer.ip()] -= 1;
    if (per_address[peer.ip()] <= 0) {
      per_address.erase(peer.ip());
    }
    if (connections.empty()) {
      ::malloc_trim(0); // the threads' arenas back to the system once all are gone
    }
    conn_done.notify_all();
  }

  // One length-prefixed request into `msg`; its size, or 0 when the client closed or
  // stayed idle past the timeout.
  size_t read_request(int fd, std::vector<uint8_t>& msg) const {
    std::array<uint8_t, 2> len{};
    if (!read_full(fd, len.data(), 2, options.tcp_idle, stop)) {
      return 0;
    }
    size_t n = (static_cast<size_t>(len[0]) << 8) | len[1];
    if (n == 0 || !read_full(fd, msg.data(), n, options.tcp_idle, stop)) {
      return 0;
    }
    return n;
  }

  // The pools' own servers and --allow-transfer: never locked out by others.
  bool trusted(const Peer& peer) {
    if (!acceptor_source) {
      return false;
    }
    acceptor_source->refresh();
    return transfers_without_key(acceptor_source->served(), *current_limits(), peer, std::nullopt);
  }

  void acceptor() {
    std::vector<pollfd> pfds;
    for (const auto& s : tcp_listeners) {
      pfds.push_back(pollfd{s.get(), POLLIN, 0});
    }
    while (!stop) {
      if (::poll(pfds.data(), pfds.size(), k_poll_ms) <= 0) {
        continue;
      }
      for (auto& p : pfds) {
        if ((p.revents & POLLIN) == 0) {
          continue;
        }
        Peer peer;
        peer.tcp = true;
        peer.len = sizeof(peer.addr);
        Fd conn(::accept4(p.fd, peer.get(), &peer.len, SOCK_CLOEXEC));
        if (!conn) {
          continue;
        }
        // Others get at most max_tcp_per_address each and never the room kept for
        // the pools' servers, so idle or slow clients cannot lock the secondaries out.
        bool ours = trusted(peer);
        std::unique_lock lock(conn_mutex);
        size_t from_there = per_address.contains(peer.ip()) ? per_address[peer.ip()] : 0;
        size_t room = ours ? options.max_tcp : options.max_tcp - options.tcp_reserved;
        if (connections.size() >= room || (!ours && from_there >= options.max_tcp_per_address)) {
          if (now_seconds() != last_refusal_log) { // once a second at most
            last_refusal_log = now_seconds();
            log::warning("mdns: " + std::to_string(connections.size()) + " TCP connections ("
                         + std::to_string(from_there) + " from " + peer.ip()
                         + "), closing a new one from " + peer.text());
          }
          continue;
        }
        connections.insert(conn.get());
        per_address[peer.ip()] += 1;
        uint64_t id = next_thread_id++;
        tcp_threads.emplace(id, std::thread([this, c = std::move(conn), peer, id]() mutable {
                              tcp_connection(std::move(c), peer, id);
                            }));
      }
      reap_tcp_threads();
    }
  }

  // Joins the connection threads that have ended (they hold `this`: none may outlive
  // the server, so none is detached).
  void reap_tcp_threads() {
    std::vector<std::thread> done;
    {
      std::lock_guard lock(conn_mutex);
      for (uint64_t id : tcp_finished) {
        auto it = tcp_threads.find(id);
        if (it != tcp_threads.end()) {
          done.push_back(std::move(it->second));
          tcp_threads.erase(it);
        }
      }
      tcp_finished.clear();
    }
    for (auto& t : done) {
      t.join();
    }
  }
};

Server::Server(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl)) {}

Server::~Server() {
  stop();
}

Result<std::unique_ptr<Server>> Server::start(const ServerOptions& options, const Limits& limits) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->limits = std::make_shared<const Limits>(limits);
  int workers = options.workers > 0
                    ? options.workers
                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  impl->udp.resize(static_cast<size_t>(workers));
  // Fail early (and with the reason) when the store cannot be read. The acceptor
  // keeps this connection to know the pools' servers.
  if (store::is_postgresql_address(options.store_path)) {
    DNSCTL_TRY_ASSIGN(impl->cache, StoreCache::start(options.store_path, options.transfer_sources));
  }
  DNSCTL_TRY_ASSIGN(auto probe,
                    StoreSource::open(options.store_path, options.transfer_sources, impl->cache));
  impl->acceptor_source = std::move(probe);
  for (const auto& text : options.listen) {
    DNSCTL_TRY_ASSIGN(auto at,
                      net::parse_host_port(text, 5354, "listen address", net::AnyPort::yes));
    DNSCTL_TRY_ASSIGN(auto tcp, bind_socket(at, SOCK_STREAM, false));
    // Port 0: the kernel's choice for TCP, and the same port for UDP.
    at.set_port(bound_port(tcp.get()));
    if (::listen(tcp.get(), 128) != 0) {
      return make_error(Errc::io, "listen " + at.text() + ": " + errno_text());
    }
    impl->tcp_listeners.push_back(std::move(tcp));
    DNSCTL_TRY(bind_socket(at, SOCK_DGRAM, false));
    for (int w = 0; w < workers; ++w) {
      auto udp = bind_socket(at, SOCK_DGRAM, true);
      if (!udp) {
        return udp.error();
      }
      impl->udp[static_cast<size_t>(w)].push_back(std::move(*udp));
    }
    impl->bound.push_back(at.text());
  }
  Impl* raw = impl.get();
  for (int w = 0; w < workers; ++w) {
    impl->threads.emplace_back([raw, w] { raw->udp_worker(static_cast<size_t>(w)); });
  }
  impl->threads.emplace_back([raw] { raw->acceptor(); });
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

void Server::set_limits(const Limits& limits) {
  std::lock_guard lock(m_impl->limits_mutex);
  m_impl->limits = std::make_shared<const Limits>(limits);
}

void Server::stop(std::chrono::milliseconds grace) {
  if (!m_impl || m_impl->stop.exchange(true)) {
    return;
  }
  for (auto& t : m_impl->threads) {
    t.join();
  }
  m_impl->threads.clear();
  std::unique_lock lock(m_impl->conn_mutex);
  // Connection threads see the flag within a poll interval; a transfer to a slow
  // client is cut short by closing its socket.
  if (!m_impl->conn_done.wait_for(lock, grace, [&] { return m_impl->connections.empty(); })) {
    for (int fd : m_impl->connections) {
      ::shutdown(fd, SHUT_RDWR);
    }
    m_impl->conn_done.wait_for(lock, grace, [&] { return m_impl->connections.empty(); });
  }
  // Every connection thread sees the flag within a poll interval, a closed socket or
  // not: each is joined, so none runs on after the server is gone.
  std::map<uint64_t, std::thread> left = std::move(m_impl->tcp_threads);
  m_impl->tcp_threads.clear();
  m_impl->tcp_finished.clear();
  lock.unlock();
  for (auto& [id, t] : left) {
    t.join();
  }
}

std::vector<std::string> Server::bound() const {
  return m_impl->bound;
}

} // namespace dnsctl::mdns
