#include "core/query/udp_exchange.hpp"

#include "core/util/fd.hpp"
#include "core/util/net.hpp"
#include "core/util/text.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace dnsctl::query {
namespace {

using Clock = std::chrono::steady_clock;

// Requests in flight at once: a socket each, well under the usual limit of 1024 files.
constexpr size_t k_batch = 256;

struct InFlight {
  UdpRequest* req = nullptr;
  Fd fd;
  Clock::time_point next;
  std::chrono::milliseconds wait{};
  bool done = false;
};

// Opens a socket connected to the request's server; false (with the error set) when
// that cannot be done.
bool open(InFlight& f) {
  auto addr = net::SockAddr::parse(f.req->host, f.req->port);
  if (!addr) {
    f.req->error = "not an IP address: " + text::quote(f.req->host);
    return false;
  }
  f.fd = Fd(::socket(addr->family(), SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!f.fd || ::connect(f.fd.get(), addr->get(), addr->len) != 0) {
    f.req->error = "cannot reach " + f.req->host;
    return false;
  }
  return true;
}

void exchange_batch(std::span<UdpRequest> requests, const UdpOptions& options) {
  auto start = Clock::now();
  auto deadline = start + options.timeout;
  std::vector<InFlight> all(requests.size());
  for (size_t i = 0; i < requests.size(); ++i) {
    all[i].req = &requests[i];
    all[i].next = start;
    all[i].wait = options.first_retry;
    all[i].done = !open(all[i]);
  }
  std::vector<uint8_t> buf(65535);
  auto seconds = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
  while (Clock::now() < deadline) {
    std::vector<pollfd> pfds;
    std::vector<InFlight*> owners;
    auto now = Clock::now();
    auto wake = deadline;
    for (auto& f : all) {
      if (f.done) {
        continue;
      }
      if (now >= f.next) {
        ::send(f.fd.get(), f.req->wire.data(), f.req->wire.size(), 0);
        ++f.req->attempts;
        f.next = now + f.wait;
        f.wait *= 2;
      }
      wake = std::min(wake, f.next);
      pfds.push_back(pollfd{f.fd.get(), POLLIN, 0});
      owners.push_back(&f);
    }
    if (pfds.empty()) {
      break;
    }
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(wake - now).count();
    if (::poll(pfds.data(), pfds.size(), static_cast<int>(std::max<int64_t>(1, ms))) <= 0) {
      continue;
    }
    for (size_t k = 0; k < pfds.size(); ++k) {
      if ((pfds[k].revents & (POLLIN | POLLERR)) == 0) {
        continue;
      }
      InFlight& f = *owners[k];
      ssize_t n = ::recv(f.fd.get(), buf.data(), buf.size(), 0);
      if (n < 0) {
        if (errno == ECONNREFUSED && options.stop_when_refused) {
          f.req->error = "connection refused";
          f.req->seconds = seconds();
          f.done = true;
        }
        continue;
      }
      std::span<const uint8_t> got(buf.data(), static_cast<size_t>(n));
      if (!f.req->is_answer(got)) {
        continue; // somebody else's datagram, or a stale answer
      }
      f.req->answered = true;
      f.req->answer.assign(got.begin(), got.end());
      f.req->seconds = seconds();
      f.done = true;
    }
  }
  for (auto& f : all) {
    f.fd.close();
    if (!f.done) {
      f.req->seconds = seconds();
    }
  }
}

} // namespace

void exchange_udp(std::vector<UdpRequest>& requests, const UdpOptions& options) {
  std::span<UdpRequest> all(requests);
  for (size_t at = 0; at < all.size(); at += k_batch) {
    exchange_batch(all.subspan(at, std::min(k_batch, all.size() - at)), options);
  }
}

} // namespace dnsctl::query
