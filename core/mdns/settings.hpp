#pragma once
// The mdns's limits and server options from the config file, with what a command line
// says on top: one place, so `dnsctl mdns` and the transfers `sync --serve` serves
// enforce the same TSIG and --allow-transfer rules.

#include "core/mdns/server.hpp"
#include "core/model/settings.hpp"
#include "core/util/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dnsctl::mdns {

struct Overrides {
  std::vector<std::string> listen;
  std::optional<int> workers;
  bool tsig_enforce = false;               // on when the command line or the config file says so
  std::vector<std::string> allow_transfer; // replaces the config file's when given
  std::optional<uint32_t> max_message_size;
  std::optional<uint32_t> tcp_idle_timeout;
  std::optional<uint32_t> tcp_write_timeout;
  std::optional<uint32_t> udp_payload;
};

Result<Limits> limits_from(const model::Settings& settings, const Overrides& overrides = {});

ServerOptions server_options(const model::Settings& settings,
                             const std::string& store_path,
                             const Overrides& overrides = {});

} // namespace dnsctl::mdns
