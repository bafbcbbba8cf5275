#include "core/mdns/notify.hpp"

#include "core/dns/message.hpp"
#include "core/dns/rrtype.hpp"
#include "core/dns/soa.hpp"
#include "core/mdns/server.hpp"
#include "core/store/pools.hpp"
#include "core/store/tsig_keys.hpp"
#include "core/store/zones.hpp"
#include "core/util/text.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <iterator>
#include <random>
#include <span>

namespace dnsctl::mdns {
namespace {

using Clock = std::chrono::steady_clock;

// NOTIFYs in flight at once: a socket each, well under the usual limit of 1024 files.
constexpr size_t k_notify_batch = 256;

struct Attempt {
  NotifyResult result;
  int fd = -1;
  uint16_t id = 0;
  std::vector<uint8_t> wire;
  std::optional<dns::Signer> signer;
  Clock::time_point next;
  std::chrono::milliseconds wait{};
  bool done = false;
};

// One batch of NOTIFYs, all in flight at once (a socket each).
std::vector<NotifyResult> notify_batch(std::span<const NotifyJob> jobs,
                                       const NotifyOptions& options) {
  std::vector<Attempt> all(jobs.size());
  std::random_device rd;
  std::uniform_int_distribution<int> ids(0, 65535);
  auto start = Clock::now();
  for (size_t i = 0; i < jobs.size(); ++i) {
    Attempt& a = all[i];
    const NotifyZone& zone = *jobs[i].zone;
    const NotifyPeer& peer = jobs[i].peer;
    a.result.peer = peer;
    // The peer's port is the default of a bare address.
    auto at = parse_listen(peer.host, peer.port);
    if (!at) {
      a.result.error = "not an IP address: " + text::quote(peer.host);
      a.done = true;
      continue;
    }
    a.fd = ::socket(at->addr.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (a.fd < 0
        || ::connect(a.fd, reinterpret_cast<const sockaddr*>(&at->addr), at->len) != 0) { // NOLINT
      a.result.error = "cannot reach " + peer.host;
      a.done = true;
      continue;
    }
    // RFC 1996 §3.7: opcode NOTIFY, AA, the zone's SOA as question and answer.
    a.id = static_cast<uint16_t>(ids(rd));
    a.wire.resize(65535);
    dns::Response msg(a.wire, a.id, dns::k_opcode_notify, zone.apex, dns::rrtype::k_soa);
    msg.set_aa();
    if (peer.key) {
      auto s = dns::Signer::for_request(peer.key->name, peer.key->algorithm, peer.key->secret);
      if (!s) {
        a.result.error = s.error().message;
        a.done = true;
        continue;
      }
      a.signer = std::move(*s);
      msg.reserve(a.signer->wire_size());
    }
    msg.put_as_qname(
        dns::Section::answer, dns::rrtype::k_soa, zone.ttl, dns::pack_rdata({zone.soa}));
    if (a.signer) {
      msg.release(a.signer->wire_size());
      msg.sign(*a.signer);
    }
    auto w = msg.wire();
    a.wire.assign(w.begin(), w.end());
    a.next = start;
    a.wait = options.first_retry;
  }
  auto deadline = start + options.timeout;
  std::vector<uint8_t> buf(65535);
  while (Clock::now() < deadline) {
    std::vector<pollfd> pfds;
    std::vector<Attempt*> owners;
    auto now = Clock::now();
    auto next_wake = deadline;
    for (auto& a : all) {
      if (a.done) {
        continue;
      }
      if (now >= a.next) {
        ::send(a.fd, a.wire.data(), a.wire.size(), 0);
        ++a.result.attempts;
        a.next = now + a.wait;
        a.wait *= 2; // back off: 0.5 s, 1 s, 2 s, ...
      }
      next_wake = std::min(next_wake, a.next);
      pfds.push_back(pollfd{a.fd, POLLIN, 0});
      owners.push_back(&a);
    }
    if (pfds.empty()) {
      break;
    }
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(next_wake - now).count();
    int r = ::poll(pfds.data(), pfds.size(), static_cast<int>(std::max<int64_t>(1, ms)));
    if (r <= 0) {
      continue;
    }
    for (size_t k = 0; k < pfds.size(); ++k) {
      if ((pfds[k].revents & (POLLIN | POLLERR)) == 0) {
        continue;
      }
      Attempt& a = *owners[k];
      ssize_t n = ::recv(a.fd, buf.data(), buf.size(), 0);
      if (n < 0) {
        continue; // ICMP refused: keep trying until the deadline, the server may start
      }
      std::span<const uint8_t> got(buf.data(), static_cast<size_t>(n));
      // Only the answer to our message counts: same id, QR and opcode NOTIFY.
      if (got.size() < 12 || ((got[0] << 8) | got[1]) != a.id || (got[2] & 0x80) == 0
          || ((got[2] >> 3) & 0x0f) != dns::k_opcode_notify) {
        continue;
      }
      a.result.rcode = got[3] & 0x0f;
      if (a.signer && !a.signer->check_response(got)) {
        a.result.error = "the answer's TSIG does not verify";
      }
      a.result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
      a.done = true;
    }
  }
  std::vector<NotifyResult> out;
  for (auto& a : all) {
    if (a.fd >= 0) {
      ::close(a.fd);
    }
    if (!a.done && a.result.error.empty()) {
      a.result.error = "no answer after " + std::to_string(a.result.attempts) + " tries";
      a.result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    }
    out.push_back(std::move(a.result));
  }
  return out;
}

} // namespace

std::vector<NotifyResult> send_notify(const std::vector<NotifyJob>& jobs,
                                      const NotifyOptions& options) {
  std::vector<NotifyResult> out;
  std::span<const NotifyJob> all(jobs);
  for (size_t at = 0; at < all.size(); at += k_notify_batch) {
    auto part = notify_batch(all.subspan(at, std::min(k_notify_batch, all.size() - at)), options);
    std::move(part.begin(), part.end(), std::back_inserter(out));
  }
  return out;
}

std::vector<NotifyResult> send_notify(const NotifyZone& zone,
                                      const std::vector<NotifyPeer>& peers,
                                      const NotifyOptions& options) {
  std::vector<NotifyJob> jobs;
  jobs.reserve(peers.size());
  for (const auto& p : peers) {
    jobs.push_back({&zone, p});
  }
  return send_notify(jobs, options);
}

Result<NotifyZone> notify_zone(store::Store& store, const std::string& zone) {
  auto z = store::find_zone(store, zone);
  if (!z) {
    return z.error();
  }
  auto apex = dns::Name::parse(z->name);
  if (!apex) {
    return apex.error();
  }
  return NotifyZone{*apex, dns::soa_rdata(*z), z->ttl};
}

Result<std::vector<NotifyPeer>> notify_peers(store::Store& store, const std::string& zone) {
  auto z = store::find_zone(store, zone);
  if (!z) {
    return z.error();
  }
  auto pool = store::load_pool(store, z->pool_id);
  if (!pool) {
    return pool.error();
  }
  std::vector<NotifyPeer> peers;
  for (const auto& t : pool->targets) {
    NotifyPeer p;
    p.target_id = t.id;
    p.label = "target " + t.type + " " + (t.description.empty() ? t.uuid : t.description);
    const std::string* host = t.option("host");
    const std::string* port = t.option("port");
    p.host = host != nullptr ? *host : "127.0.0.1";
    p.port = port != nullptr ? static_cast<uint16_t>(text::parse_uint(*port, 1, 65535).value_or(53))
                             : 53;
    if (!t.tsigkey_id.empty()) {
      auto k = store::find_tsig_key(store, t.tsigkey_id);
      if (!k) {
        return make_error(Errc::invalid_input,
                          p.label + ": tsigkey_id " + t.tsigkey_id + " is not a TSIG key here");
      }
      p.key = KeyInfo{k->name, k->algorithm, k->secret, k->scope, k->resource_id};
    }
    peers.push_back(std::move(p));
  }
  for (const auto& a : pool->also_notifies) {
    peers.push_back(NotifyPeer{"also_notify", a.host, a.port, std::nullopt});
  }
  return peers;
}

} // namespace dnsctl::mdns
