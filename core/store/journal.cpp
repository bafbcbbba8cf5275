#include "core/store/journal.hpp"

#include "core/db/connection.hpp"
#include "core/dns/serial.hpp"
#include "core/dns/soa.hpp"
#include "core/store/store.hpp"

namespace dnsctl::store {

Result<uint32_t> commit_step(Store& store,
                             const model::Zone& before,
                             model::Zone after,
                             const ZoneDelta& delta,
                             std::optional<uint32_t> floor) {
  auto& db = store.db();
  int64_t now = Store::now();
  after.serial = dns::Serial::next(dns::Serial(before.serial), static_cast<uint32_t>(now)).value();
  if (floor && !(dns::Serial(after.serial) > dns::Serial(*floor))) {
    after.serial = dns::Serial::next(dns::Serial(*floor), static_cast<uint32_t>(now)).value();
  }

  dns::Rdata soa_from = dns::soa_rdata(before);
  dns::Rdata soa_to = dns::soa_rdata(after);
  db::Statement step(db,
                     "INSERT INTO zone_journal(zone_id, serial_from, serial_to, "
                     "soa_from, soa_to, soa_ttl, complete, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
  step.bind(1, before.id);
  step.bind(2, static_cast<int64_t>(before.serial));
  step.bind(3, static_cast<int64_t>(after.serial));
  step.bind(4, soa_from.data(), static_cast<int>(soa_from.size()));
  step.bind(5, soa_to.data(), static_cast<int>(soa_to.size()));
  step.bind(6, static_cast<int64_t>(after.ttl));
  step.bind(7, delta.complete ? 1 : 0);
  step.bind(8, now);
  step.step();
  int64_t journal_id = step.column(0).int64();

  db::Statement rr(db,
                   "INSERT INTO zone_journal_rrs(journal_id, seq, added, owner, type, "
                   "ttl, rdata) VALUES (?, ?, ?, ?, ?, ?, ?)");
  int64_t seq = 0;
  auto put = [&](const RrDelta& d, bool added) {
    if (d.rdatas.empty()) {
      return;
    }
    auto key = d.owner.sort_key();
    auto blob = dns::pack_rdata(d.rdatas);
    rr.bind(1, journal_id);
    rr.bind(2, seq++);
    rr.bind(3, added ? 1 : 0);
    rr.bind(4, key.data(), static_cast<int>(key.size()));
    rr.bind(5, static_cast<int>(d.type));
    rr.bind(6, static_cast<int64_t>(d.ttl));
    rr.bind(7, blob.data(), static_cast<int>(blob.size()));
    rr.exec();
    rr.reset();
  };
  for (const auto& d : delta.removed) {
    put(d, false);
  }
  for (const auto& d : delta.added) {
    put(d, true);
  }

  db::Statement zone(db,
                     "UPDATE zones SET serial = ?, mname = ?, rname = ?, email = ?, ttl = ?, "
                     "refresh = ?, retry = ?, expire = ?, minimum = ?, updated_at = ?, "
                     "status = 'PENDING', "
                     "action = CASE action WHEN 'NONE' THEN 'UPDATE' ELSE action END "
                     "WHERE id = ?");
  zone.bind(1, static_cast<int64_t>(after.serial));
  zone.bind(2, after.mname);
  zone.bind(3, after.rname);
  zone.bind(4, after.email);
  zone.bind(5, static_cast<int64_t>(after.ttl));
  zone.bind(6, static_cast<int64_t>(after.timers.refresh));
  zone.bind(7, static_cast<int64_t>(after.timers.retry));
  zone.bind(8, static_cast<int64_t>(after.timers.expire));
  zone.bind(9, static_cast<int64_t>(after.timers.minimum));
  zone.bind(10, now);
  zone.bind(11, before.id);
  zone.exec();

  // Retention: the newest steps, no older than the limit. A client further behind gets
  // an AXFR (journal_from finds no chain from its serial).
  db::Statement prune(db,
                      "DELETE FROM zone_journal WHERE zone_id = ?1 AND (created_at < ?2 "
                      "OR id <= (SELECT id FROM zone_journal WHERE zone_id = ?1 "
                      "ORDER BY id DESC LIMIT 1 OFFSET ?3))");
  prune.bind(1, before.id);
  prune.bind(2, now - store.journal_max_age());
  prune.bind(3, store.journal_max_steps());
  prune.exec();

  // A record change needs no configuration change on a target: only NOTIFY. A zone
  // still waiting to be created there stays a create. The targets of a pool the zone
  // is moving away from are told nothing more.
  db::Statement pending(db,
                        "UPDATE target_zone_state SET status = 'pending', "
                        "action = CASE action WHEN 'none' THEN 'update' ELSE action END "
                        "WHERE zone_id = ?1 AND action != 'held'");
  pending.bind(1, before.id);
  pending.exec();
  return after.serial;
}

} // namespace dnsctl::store
