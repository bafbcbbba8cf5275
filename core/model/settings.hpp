#pragma once
// The defaults a site sets once (dnsctl.conf). cli/ fills this from the config file;
// core/ reads it. Every field has a default that works without a config file.

#include "core/model/quota.hpp"
#include "core/model/zone.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace dnsctl::model {

// One designate-sink handler ([handler:nova_fixed], [handler:neutron_floatingip]).
struct SinkHandler {
  std::string zone_id;               // the zone records go in: an id or a name
  std::vector<std::string> formatv4; // %(key)s formats, one record each
  std::vector<std::string> formatv6;
  bool create_ptr = false; // also a PTR, in the reverse zone the store holds (if any)
};

// [sink]: where notifications come from and what handles them.
struct SinkSettings {
  std::string transport_url; // amqp://USER:PASS@HOST:PORT/VHOST, as oslo.messaging
  std::vector<std::string> enabled_handlers;
  std::string queue = "dnsctl-sink"; // our own durable queue, bound to both exchanges
  std::vector<std::string> exchanges{"nova", "neutron"};
  std::string topic = "notifications"; // routing key: <topic>.info
  bool amqp_durable_queues = false;    // the exchanges' flag, as the publishers declare them
  uint32_t batch_size = 500;           // events per transaction
  // A notification longer than this is set aside unread (Nova's and Neutron's are a
  // few KiB): its memory is never held.
  uint32_t max_message_size = 1u << 20;
  // amqps:// only (oslo's ssl_ca_file, ssl_cert_file, ssl_key_file): the CA that signed
  // the broker's certificate (else the system's), and a client certificate and key.
  std::string ssl_ca_file;
  std::string ssl_cert_file;
  std::string ssl_key_file;
  std::map<std::string, SinkHandler> handlers;
};

// keystonemiddleware's [keystone_authtoken] keys: the service user that checks tokens.
struct KeystoneSettings {
  std::string auth_url; // http://keystone:5000/v3 (a URL without /v3 gets it)
  std::string username;
  std::string password;
  std::string project_name;
  std::string user_domain_name = "Default";
  std::string project_domain_name = "Default";
  std::string www_authenticate_uri; // sent to clients in WWW-Authenticate; default auth_url
};

// `dnsctl api` ([api]; Designate's [service:api] is read as it).
struct ApiSettings {
  std::string listen = "127.0.0.1:9001";
  std::string auth_strategy = "keystone"; // keystone, token_file, noauth
  std::string token_file;
  // The project of the zones made before projects existed and of those the CLI makes
  // without --project (stored as ""); empty: only all-projects admins see them.
  std::string default_project;
  // `project` as the store keeps it: "" for default_project.
  std::string stored_project(const std::string& project) const {
    return !default_project.empty() && project == default_project ? std::string() : project;
  }
  std::string api_base_uri; // links start with it; empty: http://<the request's Host>
  uint32_t max_request_body_size = 1u << 20;
  uint32_t max_connections = 1000;
  uint32_t max_connections_per_address = 100;
  uint32_t timeout = 30; // seconds a connection may stay idle
  uint32_t workers = 4;  // threads
  uint32_t default_limit = 20;
  uint32_t max_limit = 1000;
  // PATCH /v2/quotas/{project} asks Keystone whether the project exists (400
  // invalid_project when it does not), so a mistyped id gets no quotas.
  bool quotas_verify_project_id = true;
  KeystoneSettings keystone;
};

struct Settings {
  std::string db_path;      // empty: the default path (see core/store/path.hpp)
  std::string default_pool; // name or id; empty: the only pool, or the one named "default"
  // What a bare `pool update` applies, as designate-manage reads /etc/designate/pools.yaml.
  std::string pools_file = "/etc/dnsctl/pools.yaml";
  // The scheduler's filter chain for a zone created without --pool (Designate's
  // [service:central] scheduler_filters); empty: store::default_filter_chain().
  std::vector<std::string> scheduler_filters;
  uint32_t default_ttl = 3600;
  SoaTimers soa; // refresh retry expire minimum for new zones

  std::vector<std::string> mdns_listen{"0.0.0.0:5354"};
  int mdns_workers = 0;                         // UDP workers; 0: one per core
  bool mdns_tsig_enforce = false;               // refuse unsigned queries and transfers
  std::vector<std::string> mdns_allow_transfer; // CIDRs that may transfer without a key
  uint32_t mdns_max_message_size = 16384;       // as NSD: see man dnsctl-mdns
  uint32_t mdns_tcp_idle_timeout = 10;          // seconds
  uint32_t mdns_tcp_write_timeout = 30;         // seconds for each message of an answer
  uint32_t mdns_udp_payload = 1232;             // our EDNS buffer size

  // How much history IXFR can be served from: steps per zone, and their age.
  int journal_max_steps = 1000;
  uint32_t journal_max_age = 30 * 86400; // seconds

  // sync timings (seconds), per pool overridable by pool attributes. NOTIFY makes a
  // secondary transfer at once, so polls start after 50 ms and repeat every 100 ms
  // (Designate: 5 s, then every 15 s); 100 rounds give a slow transfer 10 s.
  std::chrono::milliseconds poll_delay{50};
  std::chrono::milliseconds poll_interval{100};
  int poll_retries = 100;
  std::chrono::milliseconds poll_timeout{1000};
  int threshold_percentage = 100;
  // Failed attempts in a row before a target, and so its zone, is ERROR (PENDING with
  // the last error until then): one timeout is not a broken server.
  int error_after = 3;

  // [quota]: each project's limits unless set for it (held to them: the API's writes).
  Quotas quotas;

  SinkSettings sink;
  ApiSettings api;
};

} // namespace dnsctl::model
