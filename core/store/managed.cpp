#include "core/store/managed.hpp"

#include "core/db/connection.hpp"
#include "core/dns/name.hpp"
#include "core/dns/rdata.hpp"
#include "core/dns/rrtype.hpp"
#include "core/store/store.hpp"
#include "core/store/zone_editor.hpp"
#include "core/store/zones.hpp"
#include "core/util/text.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

namespace dnsctl::store {
namespace {

// One batch's open zones: an editor each, committed together at the end.
class Batch {
public:
  explicit Batch(Store& store)
      : m_store(store) {}

  Result<ZoneEditor*> editor_for(const std::string& zone_ref) {
    auto known = m_by_ref.find(zone_ref);
    if (known != m_by_ref.end()) {
      return known->second;
    }
    auto zone = find_zone(m_store, zone_ref);
    if (!zone) {
      return make_error(Errc::not_found, "zone " + zone_ref + ": " + zone.error().message);
    }
    return open(*zone, zone_ref);
  }

  Result<ZoneEditor*> editor_for_id(int64_t zone_id) {
    if (auto it = m_by_id.find(zone_id); it != m_by_id.end()) {
      return it->second.get();
    }
    db::Statement q(m_store.db(), "SELECT uuid FROM zones WHERE id = ?");
    q.bind(1, zone_id);
    if (!q.step()) {
      return make_error(Errc::not_found, "zone " + std::to_string(zone_id) + " is gone");
    }
    return editor_for(q.column(0).string());
  }

  // The closest enclosing zone of `name` (a PTR's reverse zone); nullptr when none.
  Result<ZoneEditor*> enclosing(const std::string& name) {
    auto parsed = dns::Name::parse(name);
    if (!parsed) {
      return parsed.error();
    }
    std::string n = parsed->to_text();
    while (!n.empty() && n != ".") {
      if (auto z = find_zone(m_store, n)) {
        return open(*z, n);
      }
      auto dot = n.find('.');
      n = dot == std::string::npos ? "" : n.substr(dot + 1);
    }
    return static_cast<ZoneEditor*>(nullptr);
  }

  Status commit_all() {
    for (auto& [id, e] : m_by_id) {
      auto serial = e->commit();
      if (!serial) {
        return serial.error();
      }
      if (*serial != 0) {
        m_store.log_change(e->zone().name, "sink, serial " + std::to_string(*serial));
      }
    }
    return {};
  }

  dns::RdataParser& parser() { return m_parser; }

private:
  Result<ZoneEditor*> open(const model::Zone& zone, const std::string& ref) {
    if (zone.action == model::ZoneAction::remove) {
      return make_error(Errc::conflict, "zone " + zone.name + " is being deleted");
    }
    auto& slot = m_by_id[zone.id];
    if (!slot) {
      slot = std::make_unique<ZoneEditor>(m_store, zone);
    }
    m_by_ref[ref] = slot.get();
    return slot.get();
  }

  Store& m_store;
  std::map<int64_t, std::unique_ptr<ZoneEditor>> m_by_id;
  std::map<std::string, ZoneEditor*> m_by_ref;
  dns::RdataParser m_parser;
};

// Removes the records of the change's resource from their RRsets, leaving every other
// record (an operator's, another resource's with the same data) where it is.
Status remove_resource(Store& store, Batch& batch, const model::ManagedChange& c) {
  auto& db = store.db();
  db::Statement rows(db,
                     "SELECT zone_id, owner, type, data FROM managed_records "
                     "WHERE plugin_name = ? AND resource_type = ? AND resource_id = ?");
  rows.bind(1, c.plugin_name);
  rows.bind(2, c.resource_type);
  rows.bind(3, c.resource_id);
  struct Row {
    int64_t zone_id;
    std::vector<uint8_t> owner;
    uint16_t type;
    std::string data;
  };
  std::vector<Row> found;
  while (rows.step()) {
    const auto* blob = rows.column(1).blob().data();
    found.push_back({rows.column(0).int64(),
                     std::vector<uint8_t>(blob, blob + rows.column(1).blob().size()),
                     static_cast<uint16_t>(rows.column(2).int32()),
                     rows.column(3).string()});
  }
  db::Statement shared(db,
                       "SELECT count(*) FROM managed_records WHERE zone_id = ? AND owner = ? "
                       "AND type = ? AND data = ? AND NOT (plugin_name = ? AND "
                       "resource_type = ? AND resource_id = ?)");
  for (const auto& r : found) {
    shared.reset();
    shared.bind(1, r.zone_id);
    shared.bind(2, r.owner.data(), static_cast<int>(r.owner.size()));
    shared.bind(3, r.type);
    shared.bind(4, r.data);
    shared.bind(5, c.plugin_name);
    shared.bind(6, c.resource_type);
    shared.bind(7, c.resource_id);
    shared.step();
    if (shared.column(0).int64() > 0) {
      continue; // another resource made the same record: it stays
    }
    DNSCTL_TRY_ASSIGN(auto* editor, batch.editor_for_id(r.zone_id));
    auto owner = dns::Name::from_sort_key(r.owner.data(), r.owner.size());
    DNSCTL_TRY_ASSIGN(auto rs, editor->get(owner, r.type));
    if (!rs) {
      continue; // the operator removed the RRset already
    }
    DNSCTL_TRY_ASSIGN(auto rdata, batch.parser().parse(editor->apex(), r.type, r.data));
    auto& list = rs->rdatas;
    list.erase(std::remove(list.begin(), list.end(), rdata), list.end());
    DNSCTL_TRY(editor->put(std::move(*rs)));
  }
  db::Statement del(db,
                    "DELETE FROM managed_records WHERE plugin_name = ? AND "
                    "resource_type = ? AND resource_id = ?");
  del.bind(1, c.plugin_name);
  del.bind(2, c.resource_type);
  del.bind(3, c.resource_id);
  del.exec();
  return {};
}

Status add_records(Store& store, Batch& batch, const model::ManagedChange& c) {
  db::Statement tag(store.db(),
                    "INSERT INTO managed_records(zone_id, owner, type, data, "
                    "plugin_type, plugin_name, resource_type, resource_id, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
  for (const auto& r : c.records) {
    ZoneEditor* editor = nullptr;
    if (r.zone.empty()) {
      DNSCTL_TRY_ASSIGN(editor, batch.enclosing(r.name));
      if (editor == nullptr) {
        continue; // no reverse zone here: no PTR, as without create_ptr
      }
    } else {
      DNSCTL_TRY_ASSIGN(editor, batch.editor_for(r.zone));
    }
    DNSCTL_TRY_ASSIGN(auto owner, dns::Name::parse(r.name));
    DNSCTL_TRY_ASSIGN(auto rdata, batch.parser().parse(editor->apex(), r.type, r.data));
    DNSCTL_TRY_ASSIGN(auto existing, editor->get(owner, r.type));
    EditRRset rs;
    if (existing) {
      rs = std::move(*existing);
    } else {
      rs.owner = owner;
      rs.type = r.type;
    }
    if (std::find(rs.rdatas.begin(), rs.rdatas.end(), rdata) == rs.rdatas.end()) {
      rs.rdatas.push_back(rdata);
    }
    auto put = editor->put(std::move(rs));
    if (!put) {
      return make_error(put.error().code,
                        r.name + " " + dns::type_to_text(r.type) + ": " + put.error().message);
    }
    auto key = owner.sort_key();
    tag.reset();
    tag.bind(1, editor->zone().id);
    tag.bind(2, key.data(), static_cast<int>(key.size()));
    tag.bind(3, r.type);
    tag.bind(4, dns::rdata_to_text(r.type, rdata));
    tag.bind(5, c.plugin_type);
    tag.bind(6, c.plugin_name);
    tag.bind(7, c.resource_type);
    tag.bind(8, c.resource_id);
    tag.bind(9, Store::now());
    tag.exec();
  }
  return {};
}

// The error of an item, carried out of the transaction so it can be retried without it.
struct ItemFailed {
  size_t index = 0;
  std::string reason;
};

} // namespace

std::string to_string(SinkOutcome::Kind k) {
  switch (k) {
  case SinkOutcome::Kind::applied:
    return "applied";
  case SinkOutcome::Kind::duplicate:
    return "duplicate";
  case SinkOutcome::Kind::ignored:
    return "ignored";
  case SinkOutcome::Kind::rejected:
    return "rejected";
  }
  return "?";
}

Result<std::vector<SinkOutcome>> apply_sink_batch(Store& store,
                                                  const std::vector<SinkItem>& items) {
  std::map<size_t, std::string> rejected;
  for (size_t i = 0; i < items.size(); ++i) {
    if (!items[i].error.empty()) {
      rejected[i] = items[i].error;
    }
  }
  // An item that fails takes the transaction down with it (a ZoneEditor's edits can't
  // be taken back one by one); the batch then runs again without it. Poison is rare,
  // and every pass sets one more aside, so this ends.
  for (;;) {
    std::vector<SinkOutcome> out(items.size());
    std::optional<ItemFailed> failed;
    auto ok = store.write("sink", [&]() -> Status {
      auto& db = store.db();
      Batch batch(store);
      db::Statement seen(db, "SELECT 1 FROM sink_messages WHERE message_id = ?");
      db::Statement record(db,
                           "INSERT INTO sink_messages(message_id, handled_at, event_type, "
                           "outcome, reason) VALUES (?, ?, ?, ?, ?)");
      std::set<std::string> in_batch;
      for (size_t i = 0; i < items.size(); ++i) {
        const auto& item = items[i];
        if (!item.message_id.empty()) {
          seen.reset();
          seen.bind(1, item.message_id);
          if (seen.step() || !in_batch.insert(item.message_id).second) {
            out[i].kind = SinkOutcome::Kind::duplicate;
            continue;
          }
        }
        if (auto r = rejected.find(i); r != rejected.end()) {
          out[i] = {SinkOutcome::Kind::rejected, r->second};
        } else if (item.change.kind == model::ManagedChange::Kind::none) {
          out[i].kind = SinkOutcome::Kind::ignored;
        } else {
          Status st = remove_resource(store, batch, item.change);
          if (st && item.change.kind == model::ManagedChange::Kind::add) {
            st = add_records(store, batch, item.change);
          }
          if (!st) {
            failed = ItemFailed{i, st.error().message};
            return st;
          }
          out[i].kind = SinkOutcome::Kind::applied;
        }
        if (!item.message_id.empty()) {
          record.reset();
          record.bind(1, item.message_id);
          record.bind(2, Store::now());
          record.bind(3, item.event_type);
          record.bind(4, to_string(out[i].kind));
          record.bind(5, out[i].reason);
          record.exec();
        }
      }
      return batch.commit_all();
    });
    if (ok) {
      return out;
    }
    if (!failed || rejected.contains(failed->index)) {
      return ok.error();
    }
    rejected[failed->index] = failed->reason;
  }
}

Result<std::vector<model::ManagedRecordRow>> list_managed_records(Store& store,
                                                                  const std::string& zone) {
  std::optional<int64_t> zone_id;
  if (!zone.empty()) {
    DNSCTL_TRY_ASSIGN(auto z, find_zone(store, zone));
    zone_id = z.id;
  }
  db::Statement q(store.db(),
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
    const auto* blob = q.column(1).blob().data();
    r.name = dns::Name::from_sort_key(blob, q.column(1).blob().size()).to_text();
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
}

Status prune_sink_messages(Store& store, int64_t age_seconds) {
  db::Statement del(store.db(), "DELETE FROM sink_messages WHERE handled_at < ?");
  del.bind(1, Store::now() - age_seconds);
  del.exec();
  return {};
}

} // namespace dnsctl::store
