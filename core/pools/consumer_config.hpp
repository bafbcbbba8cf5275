#pragma once
// What a secondary needs to consume a pool's catalog zone (`pool consumer-config`):
// the catalog as a secondary zone signed with its key, members taken from the pool's
// masters (the mdns), NOTIFY accepted from them, and the settings that decide how fast
// thousands of members arrive (../shared/reference/provisioning.md: BIND's
// serial-query-rate of 20/s makes 10,000 zones take 500 s).

#include "core/model/pool.hpp"
#include "core/model/tsig_key.hpp"
#include "core/util/result.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dnsctl::pools {

// `server`: a backend type with a consumer configuration (bind9: named.conf in two
// parts, knot: knot.conf sections, pdns4: pdnsutil commands and pdns.conf settings),
// by its name or an alias.
struct ConsumerOptions {
  std::vector<std::string> notify_from; // more addresses sync NOTIFYs from
  // The key members are transferred with (a tsigkey of scope ALL, or POOL for this
  // pool): without it, the consumer must be one the mdns lets transfer unsigned.
  std::optional<model::TsigKey> member_key;
};

Result<std::string>
consumer_config(const model::Pool& pool, std::string_view server, const ConsumerOptions& options);

// The types (and aliases) that can consume a catalog zone: bind9 bind knot knot2 pdns4 ...
std::vector<std::string> consumer_servers();

} // namespace dnsctl::pools
