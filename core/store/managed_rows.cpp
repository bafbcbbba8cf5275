#include "core/store/managed_rows.hpp"

#include "core/dns/name.hpp"
#include "core/store/access.hpp"

#include <algorithm>

namespace dnsctl::store {
namespace {

void bind_resource(db::Statement& st, int first, const model::ManagedChange& c) {
  st.bind(first, c.plugin_name);
  st.bind(first + 1, c.resource_type);
  st.bind(first + 2, c.resource_id);
}

std::vector<ManagedRow> rows_of(db::Statement& st) {
  std::vector<ManagedRow> found;
  while (st.step()) {
    auto owner = st.column(1).blob();
    found.push_back({st.column(0).int64(),
                     std::vector<uint8_t>(owner.begin(), owner.end()),
                     static_cast<uint16_t>(st.column(2).int32()),
                     st.column(3).string()});
  }
  return found;
}

} // namespace

Result<std::vector<ManagedRow>> managed_rows_of(Store& store, const model::ManagedChange& c) {
  return store.read([&]() -> Result<std::vector<ManagedRow>> {
    db::Statement st(connection(store),
                     "SELECT zone_id, owner, type, data FROM managed_records "
                     "WHERE plugin_name = ? AND resource_type = ? AND resource_id = ?");
    bind_resource(st, 1, c);
    return rows_of(st);
  });
}

Result<bool> tagged_by_another(Store& store, const ManagedRow& r, const model::ManagedChange& c) {
  return store.read([&]() -> Result<bool> {
    db::Statement st(connection(store),
                     "SELECT count(*) FROM managed_records WHERE zone_id = ? AND owner = ? "
                     "AND type = ? AND data = ? AND NOT (plugin_name = ? AND "
                     "resource_type = ? AND resource_id = ?)");
    st.bind(1, r.zone_id);
    st.bind(2, r.owner.data(), static_cast<int>(r.owner.size()));
    st.bind(3, r.type);
    st.bind(4, r.data);
    bind_resource(st, 5, c);
    st.step();
    return st.column(0).int64() > 0;
  });
}

void delete_managed_rows(Store& store, const model::ManagedChange& c) {
  db::Statement del(connection(store),
                    "DELETE FROM managed_records WHERE plugin_name = ? AND "
                    "resource_type = ? AND resource_id = ?");
  bind_resource(del, 1, c);
  del.exec();
}

void tag_managed_row(Store& store, const ManagedRow& r, const model::ManagedChange& c) {
  db::Statement tag(connection(store),
                    "INSERT INTO managed_records(zone_id, owner, type, data, "
                    "plugin_type, plugin_name, resource_type, resource_id, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
  tag.bind(1, r.zone_id);
  tag.bind(2, r.owner.data(), static_cast<int>(r.owner.size()));
  tag.bind(3, r.type);
  tag.bind(4, r.data);
  tag.bind(5, c.plugin_type);
  bind_resource(tag, 6, c);
  tag.bind(9, Store::now());
  tag.exec();
}

Result<std::vector<ManagedRow>>
managed_rows_at(Store& store, int64_t zone_id, std::span<const uint8_t> owner, uint16_t type) {
  return store.read([&]() -> Result<std::vector<ManagedRow>> {
    db::Statement st(connection(store),
                     "SELECT zone_id, owner, type, data FROM managed_records "
                     "WHERE zone_id = ? AND owner = ? AND type = ?");
    st.bind(1, zone_id);
    st.bind_ref(2, owner.data(), static_cast<int>(owner.size()));
    st.bind(3, type);
    return rows_of(st);
  });
}

void untag_missing(Store& store,
                   int64_t zone_id,
                   std::span<const uint8_t> owner,
                   uint16_t type,
                   const std::vector<std::string>& kept_data) {
  auto rows = managed_rows_at(store, zone_id, owner, type);
  if (!rows) {
    return;
  }
  db::Statement del(connection(store),
                    "DELETE FROM managed_records WHERE zone_id = ? AND owner = ? AND type = ? "
                    "AND data = ?");
  for (const auto& r : *rows) {
    if (std::find(kept_data.begin(), kept_data.end(), r.data) != kept_data.end()) {
      continue;
    }
    del.reset();
    del.bind(1, zone_id);
    del.bind_ref(2, owner.data(), static_cast<int>(owner.size()));
    del.bind(3, type);
    del.bind(4, r.data);
    del.exec();
  }
}

Result<std::vector<model::ManagedRecordRow>> list_managed_records(Store& store,
                                                                  std::optional<int64_t> zone_id) {
  return store.read([&]() -> Result<std::vector<model::ManagedRecordRow>> {
    db::Statement q(connection(store),
                    "SELECT z.name, m.owner, m.type, m.data, m.plugin_type, m.plugin_name, "
                    "m.resource_type, m.resource_id, m.created_at FROM managed_records m "
                    "JOIN zones z ON z.id = m.zone_id WHERE (?1 IS NULL OR m.zone_id = ?1) "
                    "ORDER BY z.name, m.owner, m.type, m.data");
    if (zone_id) {
      q.bind(1, *zone_id);
    }
    std::vector<model::ManagedRecordRow> rows;
    while (q.step()) {
      model::ManagedRecordRow r;
      r.zone = q.column(0).string();
      auto owner = q.column(1).blob();
      r.name = dns::Name::from_sort_key(owner.data(), owner.size()).to_text();
      r.type = static_cast<uint16_t>(q.column(2).int32());
      r.data = q.column(3).string();
      r.plugin_type = q.column(4).string();
      r.plugin_name = q.column(5).string();
      r.resource_type = q.column(6).string();
      r.resource_id = q.column(7).string();
      r.created_at = q.column(8).int64();
      rows.push_back(std::move(r));
    }
    return rows;
  });
}

Result<bool> sink_message_seen(Store& store, const std::string& message_id) {
  return store.read([&]() -> Result<bool> {
    // A message set aside (rejected) is applied again when it comes again: its retry
    // after a fix (from the dead-letter queue, or the same file).
    db::Statement seen(connection(store),
                       "SELECT 1 FROM sink_messages WHERE message_id = ? "
                       "AND outcome != 'rejected'");
    seen.bind(1, message_id);
    return seen.step();
  });
}

void record_sink_message(Store& store,
                         const std::string& message_id,
                         const std::string& event_type,
                         const std::string& outcome,
                         const std::string& reason) {
  db::Statement record(connection(store),
                       "INSERT INTO sink_messages(message_id, handled_at, event_type, "
                       "outcome, reason) VALUES (?, ?, ?, ?, ?) ON CONFLICT (message_id) DO "
                       "UPDATE SET handled_at = excluded.handled_at, outcome = excluded.outcome, "
                       "reason = excluded.reason");
  record.bind(1, message_id);
  record.bind(2, Store::now());
  record.bind(3, event_type);
  record.bind(4, outcome);
  record.bind(5, reason);
  record.exec();
}

Status prune_sink_messages(Store& store, int64_t age_seconds) {
  return store.read([&]() -> Status {
    db::Statement del(connection(store), "DELETE FROM sink_messages WHERE handled_at < ?");
    del.bind(1, Store::now() - age_seconds);
    del.exec();
    return {};
  });
}

} // namespace dnsctl::store
