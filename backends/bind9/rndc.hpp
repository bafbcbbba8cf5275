#pragma once
// The bind9 driver: rndc addzone / delzone / modzone, run from an argv (the one
// `rndc render` prints) with a timeout. Idempotent as an operator expects:
// "already exists" on addzone is success when showzone says the zone transfers from
// our masters (anything else there is a conflict, left alone), and "not found" on
// delzone is success.

#include "backends/backend.hpp"
#include "backends/bind9/commands.hpp"
#include "backends/bind9/control_channel.hpp"

#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace dnsctl::backends::bind9 {

// One target's way to named. Commands go over the control channel in-process when
// the target gives rndc_key_file (a key clause we can read), an IP rndc_host, and
// neither rndc_config_file nor rndc_bin_path (which ask for the rndc program); idle
// connections are kept for the next command, so a sync of many zones opens a few.
// Otherwise each command runs the rndc program, as Designate does. Either way the
// command shown (`rndc render`, the sync table) is the rndc argv.
class Rndc {
public:
  explicit Rndc(model::Target target);

  OpResult apply(ZoneOp op, const ZoneArgs& zone, std::chrono::milliseconds timeout);
  Result<bool> holds(const ZoneArgs& zone, std::chrono::milliseconds timeout);
  bool in_process() const { return m_key.has_value(); }

  struct Ran {
    bool ok = false;
    std::string out;
    std::string message; // rndc's complaint, or how it failed to run
  };

private:
  Ran run(Action action, const ZoneArgs& zone, std::chrono::milliseconds timeout, OpResult& result);
  Ran over_channel(Action action,
                   const std::vector<std::string>& argv,
                   std::chrono::milliseconds timeout);
  OpResult add(const ZoneArgs& zone, std::chrono::milliseconds timeout);

  model::Target m_target;
  std::optional<ControlKey> m_key;
  std::string m_host;
  uint16_t m_port = 953;
  size_t m_base_args = 0; // argv words before the command
  std::mutex m_mutex;
  std::vector<std::unique_ptr<ControlChannel>> m_idle;
};

OpResult apply(const model::Target& target,
               ZoneOp op,
               const ZoneArgs& zone,
               std::chrono::milliseconds timeout);

// showzone: true when the server has the zone, false when it says "not found".
Result<bool>
holds(const model::Target& target, const ZoneArgs& zone, std::chrono::milliseconds timeout);

// Whether `showzone` output configures the zone with every one of the target's
// masters as primaries (BIND prints "primaries" or "masters", "IP port N").
bool showzone_has_masters(const std::string& showzone, const model::Target& target);

} // namespace dnsctl::backends::bind9
