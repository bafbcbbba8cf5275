#include "core/mdns/probe.hpp"

#include "core/dns/message.hpp"
#include "core/dns/rrtype.hpp"
#include "core/mdns/server.hpp"
#include "core/util/text.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <iterator>
#include <random>
#include <span>

namespace dnsctl::mdns {
namespace {

using Clock = std::chrono::steady_clock;

struct Pending {
  Probe probe;
  int fd = -1;
  uint16_t id = 0;
  std::vector<uint8_t> wire;
  const dns::Name* apex = nullptr;
  bool done = false;
  bool resent = false;
  ~Pending() {
    if (fd >= 0) {
      ::close(fd);
    }
  }
  Pending() = default;
  Pending(const Pending&) = delete;
  Pending& operator=(const Pending&) = delete;
  Pending(Pending&&) = delete;
  Pending& operator=(Pending&&) = delete;
};

// Queries in flight at once: a socket each, well under the usual limit of 1024 files.
constexpr size_t k_probe_batch = 256;

std::vector<Probe> probe_batch(std::span<const ProbeQuery> queries,
                               std::chrono::milliseconds timeout) {
  std::vector<std::unique_ptr<Pending>> all;
  std::random_device rd;
  std::uniform_int_distribution<int> ids(0, 65535);
  for (const auto& query : queries) {
    const dns::Name& apex = *query.apex;
    const ProbeTarget& s = query.server;
    auto p = std::make_unique<Pending>();
    p->apex = &apex;
    p->probe.server = s;
    auto at = parse_listen(s.host, s.port);
    if (!at) {
      p->probe.error = "not an IP address: " + text::quote(s.host);
      p->done = true;
    } else {
      p->fd = ::socket(at->addr.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
      if (p->fd < 0
          || ::connect(p->fd, reinterpret_cast<const sockaddr*>(&at->addr), at->len)
                 != 0) { // NOLINT
        p->probe.error = "cannot reach " + s.host;
        p->done = true;
      } else {
        p->id = static_cast<uint16_t>(ids(rd));
        std::vector<uint8_t> buf(512);
        dns::Response q(buf, p->id, dns::k_opcode_query, apex, dns::rrtype::k_soa);
        auto w = q.wire();
        p->wire.assign(w.begin(), w.end());
        ::send(p->fd, p->wire.data(), p->wire.size(), 0);
      }
    }
    all.push_back(std::move(p));
  }
  auto start = Clock::now();
  auto deadline = start + timeout;
  auto resend_at = start + timeout / 2;
  std::vector<uint8_t> buf(65535);
  while (true) {
    auto now = Clock::now();
    if (now >= deadline) {
      break;
    }
    std::vector<pollfd> pfds;
    std::vector<Pending*> owners;
    for (auto& p : all) {
      if (p->done) {
        continue;
      }
      if (now >= resend_at && !p->resent) {
        ::send(p->fd, p->wire.data(), p->wire.size(), 0);
        p->resent = true;
      }
      pfds.push_back(pollfd{p->fd, POLLIN, 0});
      owners.push_back(p.get());
    }
    if (pfds.empty()) {
      break;
    }
    auto wake = now < resend_at ? resend_at : deadline;
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(wake - now).count();
    if (::poll(pfds.data(), pfds.size(), static_cast<int>(std::max<int64_t>(1, ms))) <= 0) {
      continue;
    }
    for (size_t k = 0; k < pfds.size(); ++k) {
      if ((pfds[k].revents & (POLLIN | POLLERR)) == 0) {
        continue;
      }
      Pending& p = *owners[k];
      ssize_t n = ::recv(p.fd, buf.data(), buf.size(), 0);
      if (n < 0) {
        // ICMP port unreachable: nothing listens there now; the next round asks again.
        if (errno == ECONNREFUSED) {
          p.probe.error = "connection refused";
          p.done = true;
        }
        continue;
      }
      auto a = dns::parse_soa_answer({buf.data(), static_cast<size_t>(n)}, p.id, *p.apex);
      if (a.rcode < 0) {
        continue; // not our answer
      }
      p.probe.answered = true;
      p.probe.rcode = a.rcode;
      if (a.rcode == dns::rcode::k_noerror && a.aa) {
        p.probe.serial = a.serial;
      }
      p.done = true;
    }
  }
  std::vector<Probe> out;
  for (auto& p : all) {
    if (!p->done && p->probe.error.empty()) {
      p->probe.error = "no answer in " + std::to_string(timeout.count()) + " ms";
    }
    out.push_back(std::move(p->probe));
  }
  return out;
}

} // namespace

std::vector<Probe> probe_serials(const std::vector<ProbeQuery>& queries,
                                 std::chrono::milliseconds timeout) {
  std::vector<Probe> out;
  std::span<const ProbeQuery> all(queries);
  for (size_t at = 0; at < all.size(); at += k_probe_batch) {
    auto part = probe_batch(all.subspan(at, std::min(k_probe_batch, all.size() - at)), timeout);
    std::move(part.begin(), part.end(), std::back_inserter(out));
  }
  return out;
}

std::vector<Probe> probe_serials(const dns::Name& apex,
                                 const std::vector<ProbeTarget>& servers,
                                 std::chrono::milliseconds timeout) {
  std::vector<ProbeQuery> queries;
  queries.reserve(servers.size());
  for (const auto& s : servers) {
    queries.push_back({&apex, s});
  }
  return probe_serials(queries, timeout);
}

} // namespace dnsctl::mdns
