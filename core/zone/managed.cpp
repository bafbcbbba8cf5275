#include "core/zone/managed.hpp"

#include "core/dns/name.hpp"
#include "core/dns/rdata.hpp"
#include "core/dns/rrtype.hpp"
#include "core/store/managed_rows.hpp"
#include "core/store/store.hpp"
#include "core/store/zone_rows.hpp"
#include "core/util/text.hpp"
#include "core/zone/editor.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

namespace dnsctl::zone {
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
    auto zone = store::find_zone(m_store, zone_ref);
    if (!zone) {
      return make_error(Errc::not_found, "zone " + zone_ref + ": " + zone.error().message);
    }
    return open(*zone, zone_ref);
  }

  Result<ZoneEditor*> editor_for_id(int64_t zone_id) {
    if (auto it = m_by_id.find(zone_id); it != m_by_id.end()) {
      return it->second.get();
    }
    DNSCTL_TRY_ASSIGN(auto uuid, store::zone_uuid(m_store, zone_id));
    return editor_for(uuid);
  }

  // The closest enclosing zone of `name` (a PTR's reverse zone); nullptr when none.
  Result<ZoneEditor*> enclosing(const std::string& name) {
    auto parsed = dns::Name::parse(name);
    if (!parsed) {
      return parsed.error();
    }
    std::string n = parsed->to_text();
    while (!n.empty() && n != ".") {
      if (auto z = store::find_zone(m_store, n)) {
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
Status remove_resource(Store& store,
                       Batch& batch,
                       const model::ManagedChange& c,
                       std::vector<std::string>& removed) {
  DNSCTL_TRY_ASSIGN(auto found, store::managed_rows_of(store, c));
  for (const auto& r : found) {
    DNSCTL_TRY_ASSIGN(bool shared, store::tagged_by_another(store, r, c));
    if (shared) {
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
    size_t had = list.size();
    list.erase(std::remove(list.begin(), list.end(), rdata), list.end());
    if (list.size() != had) {
      removed.push_back(owner.to_text() + " " + dns::type_to_text(r.type) + " " + r.data);
    }
    DNSCTL_TRY(editor->put(std::move(*rs)));
  }
  store::delete_managed_rows(store, c);
  return {};
}

Status add_records(Store& store,
                   Batch& batch,
                   const model::ManagedChange& c,
                   std::vector<std::string>& added) {
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
    auto rdata = batch.parser().parse(editor->apex(), r.type, r.data);
    if (!rdata) {
      return make_error(rdata.error().code,
                        r.name + " " + dns::type_to_text(r.type) + ": " + rdata.error().message);
    }
    DNSCTL_TRY_ASSIGN(auto existing, editor->get(owner, r.type));
    EditRRset rs;
    if (existing) {
      rs = std::move(*existing);
    } else {
      rs.owner = owner;
      rs.type = r.type;
    }
    if (std::find(rs.rdatas.begin(), rs.rdatas.end(), *rdata) == rs.rdatas.end()) {
      rs.rdatas.push_back(*rdata);
    }
    auto put = editor->put(std::move(rs));
    if (!put) {
      return make_error(put.error().code,
                        r.name + " " + dns::type_to_text(r.type) + ": " + put.error().message);
    }
    std::string data = dns::rdata_to_text(r.type, *rdata);
    store::tag_managed_row(store, {editor->zone().id, owner.sort_key(), r.type, data}, c);
    added.push_back(owner.to_text() + " " + dns::type_to_text(r.type) + " " + data);
  }
  return {};
}

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

Status apply_sink_items(Store& store,
                        const std::vector<SinkItem>& items,
                        const std::map<size_t, std::string>& rejected,
                        std::vector<SinkOutcome>& out,
                        std::optional<size_t>& failed) {
  out.assign(items.size(), SinkOutcome{});
  Batch batch(store);
  std::set<std::string> in_batch;
  for (size_t i = 0; i < items.size(); ++i) {
    const auto& item = items[i];
    if (!item.message_id.empty()) {
      DNSCTL_TRY_ASSIGN(bool seen, store::sink_message_seen(store, item.message_id));
      if (seen || !in_batch.insert(item.message_id).second) {
        out[i].kind = SinkOutcome::Kind::duplicate;
        continue;
      }
    }
    if (auto r = rejected.find(i); r != rejected.end()) {
      out[i] = {SinkOutcome::Kind::rejected, r->second, {}, {}};
    } else if (item.change.kind == model::ManagedChange::Kind::none) {
      out[i].kind = SinkOutcome::Kind::ignored;
    } else {
      Status st = remove_resource(store, batch, item.change, out[i].removed);
      if (st && item.change.kind == model::ManagedChange::Kind::add) {
        st = add_records(store, batch, item.change, out[i].added);
      }
      if (!st) {
        failed = i;
        return st;
      }
      out[i].kind = SinkOutcome::Kind::applied;
    }
    if (!item.message_id.empty()) {
      store::record_sink_message(
          store, item.message_id, item.event_type, to_string(out[i].kind), out[i].reason);
    }
  }
  return batch.commit_all();
}

} // namespace dnsctl::zone
