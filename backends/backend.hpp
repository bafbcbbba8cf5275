#pragma once
// The backend seam: one Backend per pool target, built once from the target's
// options by its type's factory (checked when pools.yaml is applied, so a bad value
// is refused with file:line, not found at sync). A backend runs the server's own
// control tool or API, never touches the store, and says what happened in the
// server's words. A new backend is a folder under backends/ plus one line in
// registry.cpp (ccache's remote storage table, CoreDNS's RegisterPlugin).

#include "core/model/pool.hpp"
#include "core/model/tsig_key.hpp"
#include "core/util/result.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dnsctl::backends {

enum class OptionKind {
  host,    // IP address or host name
  port,    // 1..65535
  seconds, // unsigned number of seconds
  boolean, // true/false/yes/no/1/0, any case
  path,    // a file name: anything but control characters
  file,    // a file dnsctl reads (keys, certificates): pool update warns when it is missing
  token,   // letters, digits, '.', '_', '-': safe inside a server config statement
  url,     // http:// or https:// URL
  secret,  // any text without control characters; never printed
};

struct OptionSpec {
  std::string key;
  OptionKind kind;
  std::string default_value; // empty: none
  std::string help;
};

enum class ZoneOp { add, remove, reconfigure };
std::string to_string(ZoneOp op); // add remove reconfigure

struct ZoneArgs {
  std::string name; // absolute, with the trailing dot
  std::string uuid;
  bool clean = false; // delete the zone's file too (`domain delete --hard`)
};

struct OpResult {
  enum class Kind { done, conflict, failed };
  Kind kind = Kind::failed;
  std::string message;               // why it failed or conflicts; "" when done
  std::vector<std::string> commands; // what was run or requested, in order (no secrets)
  // An add found the zone there already (ours from an earlier run): it may hold an
  // old serial, so it needs a NOTIFY. A zone the target has just added is fetched by
  // the server itself and needs none.
  bool existed = false;
};

struct ZoneJob {
  ZoneOp op = ZoneOp::add;
  ZoneArgs zone;
};

struct Endpoint {
  std::string host; // an IP address
  uint16_t port = 53;
};

struct Capabilities {
  // The ops of one run for this target go to apply_batch() in one call (knotc's conf
  // transaction is global to the server; nsd-control addzones and a kept-alive HTTP
  // connection make bulk work 10-40x faster than one call per zone).
  bool batch = false;
  // The target is driven at all: false for fake and for Designate types dnsctl does
  // not drive (their ops are reported as skipped, never failed).
  bool drives_zones = true;
  // list_zones() can say which zones the target holds (`sync --verify` reports the
  // ones the store doesn't know).
  bool lists_zones = false;
};

// Which zones a target holds, as `sync --verify` asks.
struct Holding {
  std::vector<std::string> zones; // absolute names, lower case
};

class Backend {
public:
  Backend() = default;
  Backend(const Backend&) = delete;
  Backend& operator=(const Backend&) = delete;
  Backend(Backend&&) = delete;
  Backend& operator=(Backend&&) = delete;
  virtual ~Backend() = default;

  // Idempotent: add on a zone the target already has from our masters is done, a
  // remove of a zone it does not have is done. Each command or request gets `timeout`.
  virtual OpResult apply(ZoneOp op, const ZoneArgs& zone, std::chrono::milliseconds timeout) = 0;
  // Every op of a run, results in the order of `jobs`. By default one apply() each.
  virtual std::vector<OpResult> apply_batch(const std::vector<ZoneJob>& jobs,
                                            std::chrono::milliseconds timeout);
  // The commands or requests apply() would run, for --dry-run (secrets masked).
  virtual std::vector<std::string> describe(ZoneOp op, const ZoneArgs& zone) const = 0;
  // Whether the target holds `zone` now (`sync --verify`).
  virtual Result<bool> holds(const ZoneArgs& zone, std::chrono::milliseconds timeout) = 0;
  // Every zone the target holds, when caps().lists_zones.
  virtual Result<Holding> list_zones(std::chrono::milliseconds timeout);

  // Where NOTIFY for this target goes; nullopt when the options give no address.
  virtual std::optional<Endpoint> notify_endpoint() const = 0;
  // Addresses that may transfer the pool's zones from the mdns without a key.
  virtual std::vector<std::string> transfer_sources() const;
  // "bind9 127.0.0.1:953 (description)": how the target is named in output.
  virtual std::string label() const;
  // The verb an operator knows for an op ("addzone" for rndc, "POST" ...).
  virtual std::string verb(ZoneOp op) const { return to_string(op); }
  virtual Capabilities caps() const { return {}; }

  const model::Target& target() const { return m_target; }

protected:
  explicit Backend(model::Target target)
      : m_target(std::move(target)) {}
  // The host/port options as a NOTIFY endpoint (port default 53), when host is an IP.
  std::optional<Endpoint> endpoint_from(const char* host_key, const char* port_key) const;
  // "where" for label(): host[:port] from the given option keys.
  std::string where(const char* host_key, const char* port_key) const;
  // Where the target is reached, for label(): "127.0.0.1:953", a socket, a URL.
  virtual std::string location() const { return ""; }

private:
  model::Target m_target;
};

using Factory = Result<std::unique_ptr<Backend>> (*)(const model::Target& target);

// What a server needs to consume a pool's catalog zone (`pool consumer-config`), as
// the pool has it: checked and gathered by core/pools, written out by the type.
struct ConsumerInput {
  struct Source {
    std::string host;
    uint16_t port = 5354;
  };
  const model::Pool* pool = nullptr;    // with a catalog_zone
  std::vector<Source> masters;          // where members and the catalog come from, each once
  std::vector<std::string> notify_from; // addresses NOTIFYs come from
  // The key members are transferred with; nullopt: the consumer transfers unsigned.
  std::optional<model::TsigKey> member_key;
};
using ConsumerConfig = Result<std::string> (*)(const ConsumerInput& input);
// A TSIG key as this server's configuration file writes it (`tsigkey show -f TYPE`).
using KeyClause = std::string (*)(const model::TsigKey& key);

struct BackendInfo {
  std::string type;
  std::string summary;
  std::vector<OptionSpec> options;
  Factory make = nullptr;
  // Other names pools.yaml may use for this type (Designate's `knot2`).
  std::vector<std::string> aliases;
  // The server's own short name ("bind", "pdns", "nsd"), which the commands that write
  // its configuration accept too (`tsigkey show -f bind`, `consumer-config --server
  // pdns`); not a pools.yaml type (Designate's old `bind` and `powerdns` drivers are
  // refused there with a hint).
  std::string server;
  // Options that say where the target is: pool update matches stored targets by them.
  std::vector<std::string> identity_keys;
  // A Designate backend dnsctl does not drive: refused unless --skip-verify-drivers.
  bool unsupported = false;
  std::string hint; // for unsupported types: "did you mean bind9?"
  // Optional hooks (ccache's redact_secrets beside create_backend): what an operator
  // pastes into this server's configuration. Null: the server has no such thing.
  ConsumerConfig consumer_config = nullptr;
  KeyClause key_clause = nullptr;

  const OptionSpec* option(std::string_view key) const;
};

// The registry (backends/registry.cpp): nullptr for an unknown type. Types are found
// by their name or an alias (knot2, pdns, bind, nsd).
const BackendInfo* find(std::string_view type);
std::vector<std::string> types(); // the types dnsctl drives
// The type's name for a name or an alias ("knot2" -> "knot"); as given when unknown.
std::string canonical_type(std::string_view type);
// A type by its name, an alias or its server's short name ("bind" -> bind9): for the
// commands that write a server's configuration.
const BackendInfo* find_server(std::string_view name);
// The names, aliases and server names of the types that have `hook` (for --help).
std::vector<std::string> names_with(bool (*hook)(const BackendInfo& info));

// Builds the backend for a target; the error names the option that is wrong.
Result<std::unique_ptr<Backend>> make(const model::Target& target);

// The addresses the target's server transfers from (none when its options do not
// make a backend): what the mdns lets transfer the pool's zones without a key.
std::vector<std::string> transfer_sources(const model::Target& target);

// The target's value for `key`, else the option's default ("" when it has none).
std::string
option_value(const BackendInfo& info, const model::Target& target, std::string_view key);

// Checks a value against its kind; the message says what was expected.
Status check_option_value(const OptionSpec& spec, std::string_view value);
bool option_true(std::string_view value);

} // namespace dnsctl::backends
