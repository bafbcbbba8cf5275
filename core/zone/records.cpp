#include "core/zone/records.hpp"

#include "core/dns/name.hpp"
#include "core/dns/rdata.hpp"
#include "core/dns/rrtype.hpp"
#include "core/dns/soa.hpp"
#include "core/store/managed_rows.hpp"
#include "core/store/rows.hpp"
#include "core/store/store.hpp"
#include "core/util/text.hpp"
#include "core/util/uuid.hpp"
#include "core/zone/editor.hpp"

#include <algorithm>

namespace dnsctl::zone {
namespace {

model::RecordSet soa_recordset(const model::Zone& zone) {
  model::RecordSet rs;
  rs.zone_id = zone.id;
  rs.name = zone.name;
  rs.type = dns::rrtype::k_soa;
  rs.managed = true;
  rs.data.push_back(dns::rdata_to_text(dns::rrtype::k_soa, dns::soa_rdata(zone)));
  // The SOA is made from the zone's row: it changes when the zone does.
  rs.created_at = zone.created_at;
  rs.updated_at = zone.updated_at > zone.created_at ? zone.updated_at : 0;
  rs.version = zone.version;
  return rs;
}

Result<dns::Name> owner_name(const model::Zone& zone, std::string_view text) {
  DNSCTL_TRY_ASSIGN(auto apex, dns::Name::parse(zone.name));
  auto n = dns::Name::parse(text, &apex);
  if (!n) {
    return make_error(Errc::invalid_input, "name " + text::quote(text) + ": " + n.error().message);
  }
  return n;
}

Result<EditRRset> build(const model::Zone& zone,
                        const dns::Name& owner,
                        uint16_t type,
                        const std::vector<std::string>& data) {
  DNSCTL_TRY_ASSIGN(auto apex, dns::Name::parse(zone.name));
  EditRRset rs;
  rs.owner = owner;
  rs.type = type;
  dns::RdataParser parser;
  for (const auto& d : data) {
    DNSCTL_TRY_ASSIGN(auto r, parser.parse(apex, type, d));
    // A line break would split the `data` column's lines: such a text shows printed.
    if (keeps_sent_text(type) && d.find_first_of("\r\n") == std::string::npos) {
      rs.sent.emplace_back(r, d);
    }
    rs.rdatas.push_back(std::move(r));
  }
  return rs;
}

// The sink's records in an RRset: a change needs --edit-managed.
Status check_sink_records(Store& store,
                          const model::Zone& zone,
                          const dns::Name& owner,
                          uint16_t type,
                          EditManaged managed) {
  if (managed == EditManaged::yes) {
    return {};
  }
  DNSCTL_TRY_ASSIGN(auto tags, store::managed_rows_at(store, zone.id, owner.sort_key(), type));
  if (tags.empty()) {
    return {};
  }
  return make_error(Errc::invalid_input,
                    owner.to_text() + " " + dns::type_to_text(type)
                        + " holds records `dnsctl sink` manages (record list --managed): "
                          "--edit-managed changes it anyway");
}

} // namespace

namespace {

// What a filter's exact name and type select: rows of the table, and the SOA, which
// is not a row (it is made from the zone).
struct Selection {
  store::RowSelection rows;
  bool soa = false;      // the SOA is in it
  bool only_soa = false; // nothing else can be
};

Result<Selection> select(const model::Zone& zone, const RecordFilter& filter) {
  Selection sel;
  std::optional<dns::Name> name;
  if (!filter.name.empty()) {
    DNSCTL_TRY_ASSIGN(auto n, owner_name(zone, filter.name));
    name = n;
    sel.rows.owner = n.sort_key();
  }
  if (!filter.type.empty()) {
    if (text::equals_ci(filter.type, "SOA")) {
      sel.rows.type = dns::rrtype::k_soa;
    } else {
      DNSCTL_TRY_ASSIGN(auto t, dns::parse_storable_type(filter.type));
      sel.rows.type = t;
    }
  }
  sel.soa = (!sel.rows.type || *sel.rows.type == dns::rrtype::k_soa)
            && (!name || name->to_text() == zone.name);
  sel.only_soa = sel.rows.type && *sel.rows.type == dns::rrtype::k_soa;
  return sel;
}

// The id of the row at (owner sort key, type): recordset_id() without a RecordSet.
std::string
row_id(const model::Zone& zone, std::span<const uint8_t> key, uint16_t type, std::string& scratch) {
  scratch = zone.uuid;
  scratch += ' ';
  dns::Name::append_text_from_sort_key(key.data(), key.size(), scratch);
  scratch += ' ';
  scratch += std::to_string(type);
  return uuid::from_name(scratch);
}

} // namespace

Result<std::vector<model::RecordSet>>
list_recordsets(Store& store, const model::Zone& zone, const RecordFilter& filter) {
  DNSCTL_TRY_ASSIGN(auto sel, select(zone, filter));
  std::vector<model::RecordSet> out;
  if (sel.soa) {
    out.push_back(soa_recordset(zone));
    out.back().id = recordset_id(zone, out.back());
  }
  if (sel.only_soa) {
    return out;
  }
  DNSCTL_TRY_ASSIGN(auto rows, store::read_recordsets(store, zone.id, sel.rows));
  for (auto& rs : rows) {
    out.push_back(std::move(rs));
  }
  std::vector<model::RecordSet> kept;
  kept.reserve(out.size());
  for (auto& rs : out) {
    if (!filter.data.empty()
        && std::none_of(rs.data.begin(), rs.data.end(), [&](const std::string& d) {
             return text::glob_match(filter.data, d);
           })) {
      continue;
    }
    if ((!filter.name_pattern.empty() && !text::glob_match(filter.name_pattern, rs.name))
        || (filter.ttl && *filter.ttl != rs.ttl)
        || (!filter.description.empty() && !text::glob_match(filter.description, rs.description))) {
      continue;
    }
    rs.id = recordset_id(zone, rs);
    kept.push_back(std::move(rs));
  }
  return kept;
}

bool store_pages(const RecordFilter& filter) {
  return filter.data.empty() && filter.name_pattern.empty() && !filter.ttl
         && filter.description.empty();
}

Result<RecordPage> page_recordsets(Store& store,
                                   const model::Zone& zone,
                                   const RecordFilter& filter,
                                   const std::string& marker,
                                   size_t limit,
                                   bool descending) {
  DNSCTL_TRY_ASSIGN(auto sel, select(zone, filter));
  RecordPage page;
  size_t rows = 0;
  if (!sel.only_soa) {
    DNSCTL_TRY_ASSIGN(rows, store::count_recordsets(store, zone.id, sel.rows));
  }
  page.total = rows + (sel.soa ? 1 : 0);
  auto soa = soa_recordset(zone);
  soa.id = recordset_id(zone, soa);
  // The order is the SOA, then the rows; backwards, the rows, then the SOA.
  store::RowRange range;
  range.descending = descending;
  bool after_soa = !marker.empty() && sel.soa && marker == soa.id;
  if (!marker.empty() && !after_soa) {
    std::string scratch;
    DNSCTL_TRY_ASSIGN(
        auto key,
        store::find_row(store, zone.id, sel.rows, [&](std::span<const uint8_t> k, uint16_t t) {
          return row_id(zone, k, t, scratch) == marker;
        }));
    if (!key || sel.only_soa) {
      page.marker_found = false;
      return page;
    }
    range.after = std::move(*key);
  }
  bool soa_first = !descending && sel.soa && marker.empty();
  bool soa_last = descending && sel.soa && !after_soa;
  bool rows_left = !sel.only_soa && !(descending && after_soa);
  if (soa_first) {
    page.items.push_back(soa);
  }
  if (rows_left && (limit == 0 || page.items.size() < limit)) {
    // One more than fits tells whether another page follows.
    range.limit = limit == 0 ? 0 : limit - page.items.size() + 1;
    DNSCTL_TRY_ASSIGN(auto got, store::read_recordsets(store, zone.id, sel.rows, range));
    if (limit != 0 && got.size() == range.limit) {
      got.pop_back();
      page.more = true;
    }
    for (auto& rs : got) {
      rs.id = recordset_id(zone, rs);
      page.items.push_back(std::move(rs));
    }
  } else if (rows_left && rows > 0) {
    page.more = true;
  }
  if (soa_last && !page.more) {
    if (limit == 0 || page.items.size() < limit) {
      page.items.push_back(soa);
    } else {
      page.more = true;
    }
  }
  return page;
}

std::string recordset_id(const model::Zone& zone, const model::RecordSet& rs) {
  return uuid::from_name(zone.uuid + " " + rs.name + " " + std::to_string(rs.type));
}

Result<model::RecordSet> find_recordset(Store& store,
                                        const model::Zone& zone,
                                        std::string_view name_or_id,
                                        std::string_view type) {
  if (uuid::is_valid(name_or_id)) {
    std::string id = text::lower(name_or_id);
    auto soa = soa_recordset(zone);
    soa.id = recordset_id(zone, soa);
    if (soa.id == id) {
      return soa;
    }
    std::string scratch;
    DNSCTL_TRY_ASSIGN(
        auto key, store::find_row(store, zone.id, {}, [&](std::span<const uint8_t> k, uint16_t t) {
          return row_id(zone, k, t, scratch) == id;
        }));
    if (key) {
      DNSCTL_TRY_ASSIGN(auto rows, store::read_recordsets(store, zone.id, {key->owner, key->type}));
      if (!rows.empty()) {
        rows.front().id = id;
        return std::move(rows.front());
      }
    }
    return make_error(Errc::not_found,
                      "no recordset with id " + std::string(name_or_id) + " in zone " + zone.name);
  }
  auto found = list_recordsets(
      store, zone, RecordFilter{std::string(name_or_id), std::string(type), {}, {}, {}, {}});
  if (!found) {
    return found.error();
  }
  if (found->empty()) {
    return make_error(Errc::not_found,
                      "no recordset " + std::string(name_or_id)
                          + (type.empty() ? "" : " " + std::string(type)) + " in zone "
                          + zone.name);
  }
  if (found->size() > 1) {
    std::vector<std::string> types;
    for (const auto& rs : *found) {
      types.push_back(dns::type_to_text(rs.type));
    }
    return make_error(Errc::invalid_input,
                      std::string(name_or_id) + " has several recordsets (" + text::join(types, " ")
                          + "): give --type");
  }
  return found->front();
}

Result<model::RecordSet>
create_recordset(Store& store, const model::Zone& zone, const RecordSetSpec& spec) {
  if (zone.action == model::ZoneAction::remove) {
    return make_error(Errc::conflict, "zone " + zone.name + " is being deleted");
  }
  if (spec.data.empty()) {
    return make_error(Errc::invalid_input, "--data is required (once per record)");
  }
  DNSCTL_TRY_ASSIGN(auto owner, owner_name(zone, spec.name));
  DNSCTL_TRY_ASSIGN(auto type, dns::parse_storable_type(spec.type));
  DNSCTL_TRY_ASSIGN(auto rs, build(zone, owner, type, spec.data));
  if (spec.ttl) {
    rs.ttl = *spec.ttl;
  }
  rs.description = spec.description.value_or("");
  ZoneEditor editor(store, zone);
  DNSCTL_TRY_ASSIGN(auto existing, editor.get(owner, type));
  // A managed RRset (apex NS) exists from the start: put() says why it can't change.
  if (existing && !(existing)->managed) {
    return make_error(Errc::conflict,
                      "recordset " + owner.to_text() + " " + dns::type_to_text(type)
                          + " already exists (change it with `record set`)");
  }
  DNSCTL_TRY(editor.put(std::move(rs)));
  auto serial = editor.commit();
  if (!serial) {
    return serial.error();
  }
  store.log_change(zone.name,
                   "record create " + owner.to_text() + " " + dns::type_to_text(type) + ", serial "
                       + std::to_string(*serial));
  return find_recordset(store, zone, owner.to_text(), dns::type_to_text(type));
}

Result<model::RecordSet> update_recordset(Store& store,
                                          const model::Zone& zone,
                                          const model::RecordSet& current,
                                          const RecordSetSpec& spec,
                                          EditManaged managed) {
  if (zone.action == model::ZoneAction::remove) {
    return make_error(Errc::conflict, "zone " + zone.name + " is being deleted");
  }
  if (current.type == dns::rrtype::k_soa) {
    return make_error(Errc::invalid_input,
                      "the SOA record is managed by dnsctl (change it with `domain set`)");
  }
  DNSCTL_TRY_ASSIGN(auto owner, dns::Name::parse(current.name));
  DNSCTL_TRY(check_sink_records(store, zone, owner, current.type, managed));
  ZoneEditor editor(store, zone);
  DNSCTL_TRY_ASSIGN(auto existing, editor.get(owner, current.type));
  if (!existing) {
    return make_error(Errc::not_found, "recordset " + current.name + " is gone");
  }
  EditRRset rs = *existing;
  if (!spec.data.empty()) {
    DNSCTL_TRY_ASSIGN(auto parsed, build(zone, owner, current.type, spec.data));
    rs.rdatas = std::move(parsed.rdatas);
    rs.sent = std::move(parsed.sent);
  }
  if (spec.clear_ttl) {
    rs.ttl = -1;
  } else if (spec.ttl) {
    rs.ttl = *spec.ttl;
  }
  if (spec.description) {
    rs.description = *spec.description;
  }
  DNSCTL_TRY(editor.put(std::move(rs)));
  auto serial = editor.commit();
  if (!serial) {
    return serial.error();
  }
  if (*serial != 0) {
    store.log_change(zone.name,
                     "record set " + current.name + " " + dns::type_to_text(current.type)
                         + ", serial " + std::to_string(*serial));
  }
  DNSCTL_TRY_ASSIGN(auto after,
                    find_recordset(store, zone, current.name, dns::type_to_text(current.type)));
  store::untag_missing(store, zone.id, owner.sort_key(), current.type, after.data);
  return after;
}

Status delete_recordset(Store& store,
                        const model::Zone& zone,
                        const model::RecordSet& current,
                        EditManaged managed) {
  if (zone.action == model::ZoneAction::remove) {
    return make_error(Errc::conflict, "zone " + zone.name + " is being deleted");
  }
  if (current.type == dns::rrtype::k_soa) {
    return make_error(Errc::invalid_input, "the SOA record is managed by dnsctl");
  }
  DNSCTL_TRY_ASSIGN(auto owner, dns::Name::parse(current.name));
  DNSCTL_TRY(check_sink_records(store, zone, owner, current.type, managed));
  ZoneEditor editor(store, zone);
  DNSCTL_TRY(editor.remove(owner, current.type));
  store::untag_missing(store, zone.id, owner.sort_key(), current.type, {});
  auto serial = editor.commit();
  if (!serial) {
    return serial.error();
  }
  store.log_change(zone.name,
                   "record delete " + current.name + " " + dns::type_to_text(current.type)
                       + ", serial " + std::to_string(*serial));
  return {};
}

} // namespace dnsctl::zone
