#include "core/zone/serial.hpp"

#include "core/dns/serial.hpp"
#include "core/store/store.hpp"
#include "core/store/zone_rows.hpp"

namespace dnsctl::zone {

uint32_t next_serial(uint32_t current, int64_t now, std::optional<uint32_t> floor) {
  auto clock = static_cast<uint32_t>(now);
  uint32_t next = dns::Serial::next(dns::Serial(current), clock).value();
  if (floor && !(dns::Serial(next) > dns::Serial(*floor))) {
    next = dns::Serial::next(dns::Serial(*floor), clock).value();
  }
  return next;
}

Result<uint32_t> commit_step(store::Store& store,
                             const model::Zone& before,
                             model::Zone after,
                             const ZoneDelta& delta,
                             std::optional<uint32_t> floor) {
  int64_t now = store::Store::now();
  after.id = before.id;
  after.serial = next_serial(before.serial, now, floor);
  store::append_journal_step(store, before, after, delta, now);
  store::write_zone_soa(store, after, now);
  store::prune_journal(store, before.id, now);
  store::mark_targets_changed(store, before.id);
  return after.serial;
}

} // namespace dnsctl::zone
