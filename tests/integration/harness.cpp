#include "tests/integration/harness.hpp"

#include <amqp.h>
#include <amqp_tcp_socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

namespace dnsctl::itest {

Ran run(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
  process::Options o;
  o.timeout = timeout;
  auto r = process::run(argv, o);
  if (!r) {
    return Ran{-1, "", r.error().message};
  }
  return Ran{r->exit_code, r->out, r->err};
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

bool wait_until(const std::function<bool()>& f, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (f()) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return f();
}

namespace {
// The first port the kernel hands out to connect()s without a bind. A daemon the test
// restarts on its port must not find it taken meanwhile by some client's connection,
// so test ports come from below this.
unsigned ephemeral_floor() {
  unsigned low = 32768;
  std::ifstream in("/proc/sys/net/ipv4/ip_local_port_range");
  in >> low;
  return low;
}
} // namespace

uint16_t free_port() {
  static std::mt19937 rng{std::random_device{}()};
  static const unsigned top = std::max(ephemeral_floor(), 12000U);
  for (int attempt = 0; attempt < 200; ++attempt) {
    auto port = static_cast<uint16_t>(10000 + rng() % (top - 10000));
    bool ok = true;
    for (int type : {SOCK_STREAM, SOCK_DGRAM}) {
      int s = ::socket(AF_INET, type, 0);
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_port = htons(port);
      a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      ok = ok && ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0; // NOLINT
      ::close(s);
    }
    if (ok) {
      return port;
    }
  }
  return 0;
}

std::string missing_tools(const std::vector<std::string>& tools) {
  std::string missing;
  for (const auto& t : tools) {
    if (run({"sh", "-c", "command -v " + t}).code != 0) {
      missing += (missing.empty() ? "" : " ") + t;
    }
  }
  return missing;
}

Ran dig(uint16_t port, const std::vector<std::string>& args) {
  std::vector<std::string> argv{
      "dig", "@127.0.0.1", "-p", std::to_string(port), "+tries=1", "+time=5"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv);
}

Ran kdig(uint16_t port, const std::vector<std::string>& args) {
  std::vector<std::string> argv{
      "kdig", "@127.0.0.1", "-p", std::to_string(port), "+time=5", "+retry=0"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv);
}

uint32_t soa_serial(uint16_t port, const std::string& zone) {
  Ran r = dig(port, {zone, "SOA", "+short"});
  std::istringstream in(r.out);
  std::string mname, rname;
  uint32_t serial = 0;
  in >> mname >> rname >> serial;
  return serial;
}

bool Mdns::start(const std::filesystem::path& dir,
                 const std::string& db,
                 const std::vector<std::string>& extra,
                 const std::string& zone) {
  m_dir = dir;
  m_log = dir / "mdns.log";
  reserve_port();
  std::vector<std::string> argv{DNSCTL_BIN,
                                "--db",
                                db,
                                "--config",
                                "/dev/null",
                                "mdns",
                                "--listen",
                                "127.0.0.1:" + std::to_string(m_port),
                                "--workers",
                                "2"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  auto c = process::Child::spawn(argv, m_log.string());
  if (!c) {
    return false;
  }
  m_child = std::move(*c);
  return wait_until([&] {
    Ran r = dig(m_port, {zone, "SOA"});
    return r.code == 0 && r.out.find("status:") != std::string::npos;
  });
}

bool Named::start(const std::filesystem::path& dir, const std::vector<SecondaryZone>& zones) {
  m_dir = dir;
  std::filesystem::create_directories(dir);
  m_log = dir / "named.log";
  // Ports kept from an earlier start: a restarted server is the same server to the pool.
  reserve_port();
  reserve_rndc_port();
  if (!std::filesystem::exists(rndc_key_file())
      && run({"rndc-confgen", "-a", "-A", "hmac-sha256", "-k", "rndc-key", "-c", rndc_key_file()})
                 .code
             != 0) {
    return false;
  }
  std::string conf = "include \"" + rndc_key_file() + "\";\n";
  conf += "controls { inet 127.0.0.1 port " + std::to_string(m_rndc_port)
          + " allow { 127.0.0.1; } keys { \"rndc-key\"; }; };\n";
  conf += "options {\n  directory \"" + dir.string() + "\";\n  pid-file \""
          + (dir / "named.pid").string() + "\";\n  session-keyfile \""
          + (dir / "session.key").string() + "\";\n  managed-keys-directory \"" + dir.string()
          + "\";\n  listen-on port " + std::to_string(m_port)
          + " { 127.0.0.1; };\n  listen-on-v6 { none; };\n  recursion no;\n  notify no;\n"
            "  dnssec-validation no;\n  allow-new-zones yes;\n"
          + extra_options + "};\n" + extra_config;
  for (const auto& z : zones) {
    if (!z.key_name.empty()) {
      conf += "key \"" + z.key_name + "\" { algorithm hmac-sha256; secret \"" + z.key_secret
              + "\"; };\n";
      // Every request named sends to the primary is signed with the key.
      conf += "server 127.0.0.1 { keys { \"" + z.key_name + "\"; }; };\n";
    }
    conf += "zone \"" + z.name + "\" { type secondary; primaries { 127.0.0.1 port "
            + std::to_string(z.primary_port) + "; }; file \"" + z.name + "db\"; };\n";
  }
  write_file(dir / "named.conf", conf);
  auto c = process::Child::spawn({"named", "-g", "-d", "3", "-c", (dir / "named.conf").string()},
                                 m_log.string());
  if (!c) {
    return false;
  }
  m_child = std::move(*c);
  return wait_until([&] { return rndc({"status"}).code == 0; });
}

Ran Named::rndc(const std::vector<std::string>& args) const {
  std::vector<std::string> argv{
      "rndc", "-s", "127.0.0.1", "-p", std::to_string(m_rndc_port), "-k", rndc_key_file()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv);
}

bool Knotd::start(const std::filesystem::path& dir, const std::vector<SecondaryZone>& zones) {
  m_dir = dir;
  std::filesystem::create_directories(dir);
  m_log = dir / "knotd.log";
  m_port = free_port();
  std::string conf = "server:\n  rundir: \"" + dir.string() + "\"\n  listen: 127.0.0.1@"
                     + std::to_string(m_port)
                     + "\nlog:\n  - target: stderr\n    any: info\ndatabase:\n  storage: \""
                     + dir.string() + "\"\n";
  std::string keys;
  std::string remotes;
  std::string acls;
  std::string zone_conf;
  int n = 0;
  for (const auto& z : zones) {
    std::string id = "mdns" + std::to_string(n++);
    if (!z.key_name.empty()) {
      keys += "  - id: " + z.key_name + "\n    algorithm: hmac-sha256\n    secret: " + z.key_secret
              + "\n";
    }
    remotes += "  - id: " + id + "\n    address: 127.0.0.1@" + std::to_string(z.primary_port) + "\n"
               + (z.key_name.empty() ? "" : "    key: " + z.key_name + "\n");
    acls += "  - id: " + id + "_notify\n    address: 127.0.0.1\n    action: notify\n";
    zone_conf += "  - domain: " + z.name + "\n    master: " + id + "\n    acl: " + id
                 + "_notify\n    storage: \"" + dir.string() + "\"\n";
  }
  if (!keys.empty()) {
    conf += "key:\n" + keys;
  }
  conf += "remote:\n" + remotes + "acl:\n" + acls + "zone:\n" + zone_conf;
  write_file(dir / "knot.conf", conf);
  auto c = process::Child::spawn({"knotd", "-c", (dir / "knot.conf").string()}, m_log.string());
  if (!c) {
    return false;
  }
  m_child = std::move(*c);
  return wait_until([&] { return knotc({"status"}).code == 0; });
}

Ran Knotd::knotc(const std::vector<std::string>& args) const {
  std::vector<std::string> argv{"knotc", "-c", (m_dir / "knot.conf").string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv);
}

bool Knotd::start_with(const std::filesystem::path& dir, const std::string& sections) {
  m_dir = dir;
  std::filesystem::create_directories(dir);
  m_log = dir / "knotd.log";
  reserve_port();
  std::string tail = sections;
  std::string storage = "  - id: default\n    storage: \"" + dir.string() + "\"\n";
  if (auto at = tail.find("template:\n"); at != std::string::npos) {
    tail.insert(at + 10, storage);
  } else {
    tail += "template:\n" + storage;
  }
  write_file(dir / "knot.conf",
             "server:\n  rundir: \"" + dir.string() + "\"\n  listen: 127.0.0.1@"
                 + std::to_string(m_port) + "\nlog:\n  - target: stderr\n    any: info\n"
                 + "database:\n  storage: \"" + dir.string() + "\"\n" + tail);
  auto c = process::Child::spawn({"knotd", "-c", (dir / "knot.conf").string()}, m_log.string());
  if (!c) {
    return false;
  }
  m_child = std::move(*c);
  return wait_until([&] { return knotc({"status"}).code == 0; });
}

bool KnotTarget::start(const std::filesystem::path& dir) {
  m_dir = dir;
  std::filesystem::create_directories(dir);
  m_log = dir / "knotd.log";
  reserve_port();
  write_file(dir / "knot.conf",
             "server:\n  rundir: \"" + dir.string() + "\"\n  listen: 127.0.0.1@"
                 + std::to_string(m_port) + "\ncontrol:\n  listen: \"" + socket()
                 + "\"\nlog:\n  - target: stderr\n    any: info\ndatabase:\n  storage: \""
                 + dir.string() + "\"\ntemplate:\n  - id: default\n    storage: \"" + dir.string()
                 + "\"\n");
  auto c = process::Child::spawn({"knotd", "-c", (dir / "knot.conf").string()}, m_log.string());
  if (!c) {
    return false;
  }
  m_child = std::move(*c);
  return wait_until([&] { return knotc({"status"}).code == 0; });
}

Ran KnotTarget::knotc(const std::vector<std::string>& args) const {
  std::vector<std::string> argv{"knotc", "-s", socket()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv);
}

bool RabbitMq::start(const std::filesystem::path& dir) {
  m_dir = dir;
  std::filesystem::create_directories(dir / "mnesia");
  std::filesystem::create_directories(dir / "log");
  m_log = dir / "rabbitmq.out";
  reserve_port();
  if (m_dist_port == 0) {
    m_dist_port = free_port();
  }
  write_file(dir / "plugins", "[].\n");
  std::string conf =
      "listeners.tcp.default = 127.0.0.1:" + std::to_string(m_port) + "\nloopback_users = none\n";
  if (tls) {
    if (m_tls_port == 0) {
      m_tls_port = free_port();
    }
    std::string d = dir.string();
    std::string ec = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
    write_file(dir / "san.ext", "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
    Ran made = run({"sh",
                    "-c",
                    "cd '" + d + "' && openssl req -x509 " + ec
                        + " -keyout ca.key -out ca.pem -days 2 -subj /CN=dnsctl-test-ca && "
                          "openssl req "
                        + ec
                        + " -keyout server.key -out server.csr -subj /CN=localhost && "
                          "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key "
                          "-CAcreateserial -out server.pem -days 2 -extfile san.ext"});
    if (made.code != 0) {
      ADD_FAILURE() << "openssl: " << made.err;
      return false;
    }
    conf += "listeners.ssl.default = 127.0.0.1:" + std::to_string(m_tls_port)
            + "\nssl_options.cacertfile = " + d + "/ca.pem\nssl_options.certfile = " + d
            + "/server.pem\nssl_options.keyfile = " + d
            + "/server.key\nssl_options.verify = verify_none\n"
              "ssl_options.fail_if_no_peer_cert = false\n";
  }
  write_file(dir / "rabbitmq.conf", conf);
  std::string d = dir.string();
  auto c =
      process::Child::spawn({"/usr/bin/env",
                             "HOME=" + d,
                             "RABBITMQ_NODENAME=dnsctl" + std::to_string(m_port) + "@localhost",
                             "RABBITMQ_NODE_IP_ADDRESS=127.0.0.1",
                             "RABBITMQ_NODE_PORT=" + std::to_string(m_port),
                             "RABBITMQ_DIST_PORT=" + std::to_string(m_dist_port),
                             "RABBITMQ_MNESIA_BASE=" + d + "/mnesia",
                             "RABBITMQ_LOG_BASE=" + d + "/log",
                             "RABBITMQ_PID_FILE=" + d + "/pid",
                             "RABBITMQ_ENABLED_PLUGINS_FILE=" + d + "/plugins",
                             "RABBITMQ_CONFIG_FILE=" + d + "/rabbitmq",
                             "RABBITMQ_FEATURE_FLAGS_FILE=" + d + "/ff",
                             "ERL_EPMD_ADDRESS=127.0.0.1",
                             "/usr/lib/rabbitmq/bin/rabbitmq-server"},
                            m_log.string());
  if (!c) {
    return false;
  }
  m_child = std::move(*c);
  // Ready when it takes an AMQP login, not merely when the port is open.
  return wait_until(
      [&] {
        if (!m_child.running()) {
          return false;
        }
        amqp_connection_state_t conn = amqp_new_connection();
        amqp_socket_t* sock = amqp_tcp_socket_new(conn);
        bool up = amqp_socket_open(sock, "127.0.0.1", m_port) == AMQP_STATUS_OK
                  && amqp_login(conn, "/", 0, 131072, 0, AMQP_SASL_METHOD_PLAIN, "guest", "guest")
                             .reply_type
                         == AMQP_RESPONSE_NORMAL;
        if (up) {
          amqp_connection_close(conn, AMQP_REPLY_SUCCESS);
        }
        amqp_destroy_connection(conn);
        return up;
      },
      std::chrono::seconds(60));
}

void RabbitMq::stop() {
  // The Erlang VM may outlive the script that started it: stop it by its pid file.
  std::string pid = read_file(m_dir / "pid");
  int p = pid.empty() ? 0 : std::atoi(pid.c_str());
  if (p > 0 && ::kill(p, SIGTERM) == 0) {
    if (!wait_until([&] { return ::kill(p, 0) != 0 || !m_child.running(); },
                    std::chrono::seconds(15))) {
      ::kill(p, SIGKILL);
    }
  }
  m_child.stop(std::chrono::seconds(5));
  std::filesystem::remove(m_dir / "pid");
}

bool RabbitMq::publish(const std::string& exchange,
                       const std::string& routing_key,
                       const std::vector<std::string>& bodies) const {
  amqp_connection_state_t conn = amqp_new_connection();
  amqp_socket_t* sock = amqp_tcp_socket_new(conn);
  bool ok =
      amqp_socket_open(sock, "127.0.0.1", m_port) == AMQP_STATUS_OK
      && amqp_login(conn, "/", 0, 131072, 0, AMQP_SASL_METHOD_PLAIN, "guest", "guest").reply_type
             == AMQP_RESPONSE_NORMAL;
  if (ok) {
    amqp_channel_open(conn, 1);
    ok = amqp_get_rpc_reply(conn).reply_type == AMQP_RESPONSE_NORMAL;
  }
  if (ok) {
    // As oslo.messaging's publishers do: the topic exchange (not durable, their
    // default) is declared before every publish, so it exists after a restart.
    amqp_exchange_declare(conn,
                          1,
                          amqp_cstring_bytes(exchange.c_str()),
                          amqp_cstring_bytes("topic"),
                          0,
                          0,
                          0,
                          0,
                          amqp_empty_table);
    ok = amqp_get_rpc_reply(conn).reply_type == AMQP_RESPONSE_NORMAL;
  }
  amqp_basic_properties_t props{};
  props._flags = AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG;
  props.content_type = amqp_cstring_bytes("application/json");
  props.delivery_mode = 2;
  for (const auto& b : bodies) {
    if (!ok) {
      break;
    }
    amqp_bytes_t body{b.size(), const_cast<char*>(b.data())};
    ok = amqp_basic_publish(conn,
                            1,
                            amqp_cstring_bytes(exchange.c_str()),
                            amqp_cstring_bytes(routing_key.c_str()),
                            0,
                            0,
                            &props,
                            body)
         == AMQP_STATUS_OK;
  }
  amqp_connection_close(conn, AMQP_REPLY_SUCCESS);
  amqp_destroy_connection(conn);
  return ok;
}

std::vector<std::string> RabbitMq::drain(const std::string& queue) const {
  std::vector<std::string> out;
  for (;;) {
    Ran r = run({"amqp-get", "-u", url(), "-q", queue});
    if (r.code != 0) {
      return out;
    }
    out.push_back(r.out);
  }
}

bool Pdns::start(const std::filesystem::path& dir) {
  m_dir = dir;
  std::filesystem::create_directories(dir);
  m_log = dir / "pdns.log";
  reserve_port();
  if (m_api_port == 0) {
    m_api_port = free_port();
  }
  std::string db = (dir / "pdns.sqlite3").string();
  if (!std::filesystem::exists(db)) {
    std::string schema = "/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql";
    if (run({"sh", "-c", "sqlite3 '" + db + "' < " + schema}).code != 0) {
      return false;
    }
  }
  write_file(dir / "pdns.conf",
             "launch=gsqlite3\ngsqlite3-database=" + db + "\nlocal-address=127.0.0.1\nlocal-port="
                 + std::to_string(m_port) + "\nsocket-dir=" + dir.string()
                 + "\nguardian=no\ndaemon=no\napi=yes\napi-key=" + api_key()
                 + "\nwebserver=yes\nwebserver-address=127.0.0.1\nwebserver-port="
                 + std::to_string(m_api_port)
                 + "\nwebserver-allow-from=127.0.0.0/8\nsecondary=yes\n"
                   "allow-notify-from=127.0.0.0/8\nxfr-cycle-interval=1\n"
                   "cache-ttl=0\nnegquery-cache-ttl=0\nquery-cache-ttl=0\n");
  auto c = process::Child::spawn({"pdns_server", "--config-dir=" + dir.string()}, m_log.string());
  if (!c) {
    return false;
  }
  m_child = std::move(*c);
  return wait_until([&] {
    return run({"curl",
                "-sf",
                "-H",
                "X-API-Key: " + api_key(),
                endpoint() + "/api/v1/servers/localhost"})
               .code
           == 0;
  });
}

bool Nsd::start(const std::filesystem::path& dir, uint16_t primary_port) {
  m_dir = dir;
  std::filesystem::create_directories(dir);
  m_log = dir / "nsd.log";
  reserve_port();
  if (m_control_port == 0) {
    m_control_port = free_port();
  }
  if (!std::filesystem::exists(dir / "nsd_control.pem")
      && run({"nsd-control-setup", "-d", dir.string()}).code != 0) {
    return false;
  }
  std::string d = dir.string();
  write_file(dir / "nsd.conf",
             "server:\n  ip-address: 127.0.0.1@" + std::to_string(m_port)
                 + "\n  database: \"\"\n  zonelistfile: \"" + d + "/zone.list\"\n  xfrdfile: \"" + d
                 + "/xfrd.state\"\n  pidfile: \"" + d + "/nsd.pid\"\n  zonesdir: \"" + d
                 + "\"\n  username: \"\"\n  server-count: 1\n  chroot: \"\"\n"
                 + "remote-control:\n  control-enable: yes\n  control-interface: 127.0.0.1\n"
                 + "  control-port: " + std::to_string(m_control_port) + "\n  server-key-file: " + d
                 + "/nsd_server.key\n  server-cert-file: " + d + "/nsd_server.pem\n"
                 + "  control-key-file: " + d + "/nsd_control.key\n  control-cert-file: " + d
                 + "/nsd_control.pem\npattern:\n  name: slave\n  zonefile: \"%s.zone\"\n"
                 + "  request-xfr: 127.0.0.1@" + std::to_string(primary_port)
                 + " NOKEY\n  allow-notify: 127.0.0.1 NOKEY\n");
  auto c = process::Child::spawn({"nsd", "-d", "-c", (dir / "nsd.conf").string()}, m_log.string());
  if (!c) {
    return false;
  }
  m_child = std::move(*c);
  return wait_until([&] { return control({"status"}).code == 0; });
}

Ran Nsd::control(const std::vector<std::string>& args) const {
  std::vector<std::string> argv{"nsd-control", "-c", (m_dir / "nsd.conf").string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv);
}

} // namespace dnsctl::itest
