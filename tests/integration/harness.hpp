#pragma once
// Real servers on loopback for the integration tests, in the shape of Knot's dnstest:
// each writes its config into the test's own directory, listens on ports picked free,
// starts, and is waited for until it answers; its log is printed when a test fails.
// A missing daemon skips the test, saying why, unless DNSCTL_REQUIRE_DAEMONS is set
// (CI sets it): then it fails.

#include "core/util/process.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace dnsctl::itest {

struct Ran {
  int code = -1;
  std::string out;
  std::string err;
};

Ran run(const std::vector<std::string>& argv,
        std::chrono::milliseconds timeout = std::chrono::seconds(30));
std::string read_file(const std::filesystem::path& p);
void write_file(const std::filesystem::path& p, const std::string& text);
bool wait_until(const std::function<bool()>& f,
                std::chrono::milliseconds timeout = std::chrono::seconds(20));

// A port free for both UDP and TCP on 127.0.0.1.
uint16_t free_port();

// "" when every tool is installed, else the missing ones.
std::string missing_tools(const std::vector<std::string>& tools);

#define DNSCTL_REQUIRE_TOOLS(...)                                                                  \
  do {                                                                                             \
    std::string missing_ = ::dnsctl::itest::missing_tools({__VA_ARGS__});                          \
    if (!missing_.empty()) {                                                                       \
      if (std::getenv("DNSCTL_REQUIRE_DAEMONS") != nullptr) { /* NOLINT */                         \
        FAIL() << "not installed: " << missing_ << " (make deps)";                                 \
      }                                                                                            \
      GTEST_SKIP() << "not installed: " << missing_;                                               \
    }                                                                                              \
  } while (false)

// A daemon we started: its process and its log.
class Daemon {
public:
  virtual ~Daemon() = default;
  std::string log() const { return read_file(m_log); }
  bool log_has(const std::string& text) const { return log().find(text) != std::string::npos; }
  int stop() { return m_child.stop(); } // the exit status, -1 when killed
  bool running() { return m_child.running(); }
  uint16_t port() const { return m_port; }
  // The port start() will listen on, picked now (pools.yaml must name it first).
  uint16_t reserve_port() {
    if (m_port == 0) {
      m_port = free_port();
    }
    return m_port;
  }

protected:
  process::Child m_child;
  std::filesystem::path m_dir;
  std::filesystem::path m_log;
  uint16_t m_port = 0;
};

// dnsctl mdns on 127.0.0.1.
class Mdns : public Daemon {
public:
  // Starts and waits until it answers a SOA query for `zone` (any answer will do).
  bool start(const std::filesystem::path& dir,
             const std::string& db,
             const std::vector<std::string>& extra = {},
             const std::string& zone = "example.net.");
};

struct SecondaryZone {
  std::string name;
  uint16_t primary_port = 0;
  std::string key_name;   // TSIG for the transfers, or ""
  std::string key_secret; // base64, hmac-sha256
};

// BIND 9 named: a secondary of mdns, with an rndc control channel (allow-new-zones,
// so `rndc addzone` works). Started again after stop(), it keeps its ports.
class Named : public Daemon {
public:
  bool start(const std::filesystem::path& dir, const std::vector<SecondaryZone>& zones);
  uint16_t rndc_port() const { return m_rndc_port; }
  uint16_t reserve_rndc_port() {
    if (m_rndc_port == 0) {
      m_rndc_port = free_port();
    }
    return m_rndc_port;
  }
  std::string rndc_key_file() const { return (m_dir / "rndc.key").string(); }
  Ran rndc(const std::vector<std::string>& args) const;
  // named.conf text added inside options { } and at the top level (set before start).
  std::string extra_options;
  std::string extra_config;

private:
  uint16_t m_rndc_port = 0;
};

// Knot DNS knotd: a secondary of mdns.
class Knotd : public Daemon {
public:
  bool start(const std::filesystem::path& dir, const std::vector<SecondaryZone>& zones);
  // With the server, log and database sections written here and `sections` after them
  // (a consumer's knot.conf, say); zone files go to `dir` (template "default").
  bool start_with(const std::filesystem::path& dir, const std::string& sections);
  Ran knotc(const std::vector<std::string>& args) const;
};

// Knot DNS knotd with no zones and a control socket: a knot target driven by knotc.
class KnotTarget : public Daemon {
public:
  bool start(const std::filesystem::path& dir);
  std::string socket() const { return (m_dir / "knot.sock").string(); }
  Ran knotc(const std::vector<std::string>& args) const;
};

// PowerDNS Authoritative (gsqlite3, HTTP API, secondary=yes, caches off): a pdns4 target.
class Pdns : public Daemon {
public:
  bool start(const std::filesystem::path& dir);
  uint16_t api_port() const { return m_api_port; }
  std::string api_key() const { return "k-" + std::to_string(m_api_port); }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(m_api_port); }

private:
  uint16_t m_api_port = 0;
};

// NSD with a control channel (keys from nsd-control-setup) and a pattern "slave" that
// transfers from `primary_port` and takes NOTIFY from 127.0.0.1: an nsd4 target.
class Nsd : public Daemon {
public:
  bool start(const std::filesystem::path& dir, uint16_t primary_port);
  uint16_t control_port() const { return m_control_port; }
  std::string file(const std::string& name) const { return (m_dir / name).string(); }
  Ran control(const std::vector<std::string>& args) const;

private:
  uint16_t m_control_port = 0;
};

// rabbitmq-server with its own node name, ports, data and log dirs (run as root, as
// ../shared/reference/test-servers.md says); guest may log in from loopback. Started
// again after stop(), it keeps its ports and its durable queues.
class RabbitMq : public Daemon {
public:
  bool start(const std::filesystem::path& dir);
  void stop();
  // The default vhost, as rabbitmq-c's tools want it (no path).
  std::string url() const { return "amqp://guest:guest@127.0.0.1:" + std::to_string(m_port); }
  // Publishes each body as nova and neutron do (persistent, application/json).
  bool publish(const std::string& exchange,
               const std::string& routing_key,
               const std::vector<std::string>& bodies) const;
  // Messages waiting in `queue` (amqp-get until empty), taken off it.
  std::vector<std::string> drain(const std::string& queue) const;
  // Set before start(): also a TLS listener, its certificate for localhost signed
  // by a CA made for the test (ca_file()).
  bool tls = false;
  uint16_t tls_port() const { return m_tls_port; }
  std::string ca_file() const { return (m_dir / "ca.pem").string(); }

private:
  uint16_t m_dist_port = 0;
  uint16_t m_tls_port = 0;
};

// dig @127.0.0.1 -p PORT ARGS... (+tries=1 +time=5)
Ran dig(uint16_t port, const std::vector<std::string>& args);
Ran kdig(uint16_t port, const std::vector<std::string>& args);
// The SOA serial a server gives for `zone`, or 0.
uint32_t soa_serial(uint16_t port, const std::string& zone);

} // namespace dnsctl::itest
