#include "core/store/journal.hpp"

#include "core/dns/soa.hpp"
#include "core/store/access.hpp"

#include <array>
#include <optional>

namespace dnsctl::store {

void append_journal_step(Store& store,
                         const model::Zone& before,
                         const model::Zone& after,
                         const ZoneDelta& delta,
                         int64_t now) {
  auto& db = connection(store);
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

  // A large batch's journal is as many rows as its records: COPY on PostgreSQL, where a
  // statement per row was a round trip each.
  static constexpr std::array<std::string_view, 7> k_columns{
      "journal_id", "seq", "added", "owner", "type", "ttl", "rdata"};
  auto bulk = db.bulk_insert("zone_journal_rrs", k_columns);
  std::optional<db::Statement> rr;
  if (!bulk) {
    rr.emplace(db,
               "INSERT INTO zone_journal_rrs(journal_id, seq, added, owner, type, "
               "ttl, rdata) VALUES (?, ?, ?, ?, ?, ?, ?)");
  }
  int64_t seq = 0;
  auto put = [&](const RrDelta& d, bool added) {
    if (d.rdatas.empty()) {
      return;
    }
    auto key = d.owner.sort_key();
    auto blob = dns::pack_rdata(d.rdatas);
    if (bulk) {
      bulk->int64(journal_id);
      bulk->int64(seq++);
      bulk->int64(added ? 1 : 0);
      bulk->blob(key);
      bulk->int64(d.type);
      bulk->int64(d.ttl);
      bulk->blob(blob);
      bulk->end_row();
      return;
    }
    rr->bind(1, journal_id);
    rr->bind(2, seq++);
    rr->bind(3, added ? 1 : 0);
    rr->bind(4, key.data(), static_cast<int>(key.size()));
    rr->bind(5, static_cast<int>(d.type));
    rr->bind(6, static_cast<int64_t>(d.ttl));
    rr->bind(7, blob.data(), static_cast<int>(blob.size()));
    rr->exec();
    rr->reset();
  };
  for (const auto& d : delta.removed) {
    put(d, false);
  }
  for (const auto& d : delta.added) {
    put(d, true);
  }
  if (bulk) {
    bulk->finish();
  }
}

void prune_journal(Store& store, int64_t zone_id, int64_t now) {
  db::Statement prune(connection(store),
                      "DELETE FROM zone_journal WHERE zone_id = ?1 AND (created_at < ?2 "
                      "OR id <= (SELECT id FROM zone_journal WHERE zone_id = ?1 "
                      "ORDER BY id DESC LIMIT 1 OFFSET ?3))");
  prune.bind(1, zone_id);
  prune.bind(2, now - store.journal_max_age());
  prune.bind(3, store.journal_max_steps());
  prune.exec();
}

void mark_targets_changed(Store& store, int64_t zone_id) {
  db::Statement pending(connection(store),
                        "UPDATE target_zone_state SET status = 'pending', "
                        "action = CASE action WHEN 'none' THEN 'update' ELSE action END "
                        "WHERE zone_id = ?1 AND action != 'held'");
  pending.bind(1, zone_id);
  pending.exec();
}

} // namespace dnsctl::store
