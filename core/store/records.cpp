#include "core/store/records.hpp"

#include "core/dns/name.hpp"
#include "core/dns/rdata.hpp"
#include "core/dns/rrtype.hpp"
#include "core/dns/soa.hpp"
#include "core/store/store.hpp"
#include "core/store/zone_editor.hpp"
#include "core/util/text.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

namespace dnsctl::store {
namespace {

model::RecordSet soa_recordset(const model::Zone& zone) {
  model::RecordSet rs;
  rs.zone_id = zone.id;
  rs.name = zone.name;
  rs.type = dns::rrtype::k_soa;
  rs.managed = true;
  rs.data.push_back(dns::rdata_to_text(dns::rrtype::k_soa, dns::soa_rdata(zone)));
  return rs;
}

model::RecordSet from_row(SQLite::Statement& st) {
  model::RecordSet rs;
  auto owner = st.getColumn(0);
  dns::Name::append_text_from_sort_key(
      static_cast<const uint8_t*>(owner.getBlob()), static_cast<size_t>(owner.getBytes()), rs.name);
  rs.zone_id = st.getColumn(1).getInt64();
  rs.type = static_cast<uint16_t>(st.getColumn(3).getInt());
  rs.ttl = st.getColumn(4).isNull() ? -1 : st.getColumn(4).getInt64();
  rs.managed = st.getColumn(5).getInt() != 0;
  rs.description = st.getColumn(6).getString();
  rs.data = text::split(st.getColumn(7).getString(), '\n');
  return rs;
}

constexpr const char* k_columns = "owner, zone_id, 0, type, ttl, managed, description, data";

Result<dns::Name> owner_name(const model::Zone& zone, std::string_view text) {
  auto apex = dns::Name::parse(zone.name);
  if (!apex) {
    return apex.error();
  }
  auto n = dns::Name::parse(text, &*apex);
  if (!n) {
    return make_error(Errc::invalid_input, "name " + text::quote(text) + ": " + n.error().message);
  }
  return n;
}

Result<EditRRset> build(const model::Zone& zone,
                        const dns::Name& owner,
                        uint16_t type,
                        const std::vector<std::string>& data) {
  auto apex = dns::Name::parse(zone.name);
  if (!apex) {
    return apex.error();
  }
  EditRRset rs;
  rs.owner = owner;
  rs.type = type;
  dns::RdataParser parser;
  for (const auto& d : data) {
    auto r = parser.parse(*apex, type, d);
    if (!r) {
      return r.error();
    }
    rs.rdatas.push_back(std::move(*r));
  }
  return rs;
}

} // namespace

Result<std::vector<model::RecordSet>>
list_recordsets(Store& store, const model::Zone& zone, const RecordFilter& filter) {
  std::optional<dns::Name> name;
  std::optional<uint16_t> type;
  if (!filter.name.empty()) {
    auto n = owner_name(zone, filter.name);
    if (!n) {
      return n.error();
    }
    name = *n;
  }
  if (!filter.type.empty()) {
    if (text::equals_ci(filter.type, "SOA")) {
      type = dns::rrtype::k_soa;
    } else {
      auto t = dns::parse_storable_type(filter.type);
      if (!t) {
        return t.error();
      }
      type = *t;
    }
  }
  return store.read([&]() -> Result<std::vector<model::RecordSet>> {
    std::vector<model::RecordSet> out;
    bool want_soa =
        (!type || *type == dns::rrtype::k_soa) && (!name || name->to_text() == zone.name);
    if (want_soa) {
      out.push_back(soa_recordset(zone));
    }
    if (type && *type == dns::rrtype::k_soa) {
      return out;
    }
    std::string sql = std::string("SELECT ") + k_columns + " FROM recordsets WHERE zone_id = ?";
    if (name) {
      sql += " AND owner = ?";
    }
    if (type) {
      sql += " AND type = ?";
    }
    sql += " ORDER BY owner, type";
    SQLite::Statement st(store.db(), sql);
    int i = 1;
    st.bind(i++, zone.id);
    std::vector<uint8_t> key;
    if (name) {
      key = name->sort_key();
      st.bind(i++, key.data(), static_cast<int>(key.size()));
    }
    if (type) {
      st.bind(i++, static_cast<int>(*type));
    }
    while (st.executeStep()) {
      out.push_back(from_row(st));
    }
    return out;
  });
}

Result<model::RecordSet> find_recordset(Store& store,
                                        const model::Zone& zone,
                                        std::string_view name_or_id,
                                        std::string_view type) {
  auto found =
      list_recordsets(store, zone, RecordFilter{std::string(name_or_id), std::string(type)});
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
  auto owner = owner_name(zone, spec.name);
  if (!owner) {
    return owner.error();
  }
  auto type = dns::parse_storable_type(spec.type);
  if (!type) {
    return type.error();
  }
  auto rs = build(zone, *owner, *type, spec.data);
  if (!rs) {
    return rs.error();
  }
  if (spec.ttl) {
    rs->ttl = *spec.ttl;
  }
  rs->description = spec.description.value_or("");
  ZoneEditor editor(store, zone);
  auto existing = editor.get(*owner, *type);
  if (!existing) {
    return existing.error();
  }
  // A managed RRset (apex NS) exists from the start: put() says why it can't change.
  if (*existing && !(*existing)->managed) {
    return make_error(Errc::conflict,
                      "recordset " + owner->to_text() + " " + dns::type_to_text(*type)
                          + " already exists (change it with `record set`)");
  }
  if (auto ok = editor.put(std::move(*rs)); !ok) {
    return ok.error();
  }
  auto serial = editor.commit();
  if (!serial) {
    return serial.error();
  }
  store.log_change(zone.name,
                   "record create " + owner->to_text() + " " + dns::type_to_text(*type)
                       + ", serial " + std::to_string(*serial));
  return find_recordset(store, zone, owner->to_text(), dns::type_to_text(*type));
}

Result<model::RecordSet> update_recordset(Store& store,
                                          const model::Zone& zone,
                                          const model::RecordSet& current,
                                          const RecordSetSpec& spec) {
  if (zone.action == model::ZoneAction::remove) {
    return make_error(Errc::conflict, "zone " + zone.name + " is being deleted");
  }
  if (current.type == dns::rrtype::k_soa) {
    return make_error(Errc::invalid_input,
                      "the SOA record is managed by dnsctl (change it with `domain set`)");
  }
  auto owner = dns::Name::parse(current.name);
  if (!owner) {
    return owner.error();
  }
  ZoneEditor editor(store, zone);
  auto existing = editor.get(*owner, current.type);
  if (!existing) {
    return existing.error();
  }
  if (!*existing) {
    return make_error(Errc::not_found, "recordset " + current.name + " is gone");
  }
  EditRRset rs = **existing;
  if (!spec.data.empty()) {
    auto parsed = build(zone, *owner, current.type, spec.data);
    if (!parsed) {
      return parsed.error();
    }
    rs.rdatas = std::move(parsed->rdatas);
  }
  if (spec.clear_ttl) {
    rs.ttl = -1;
  } else if (spec.ttl) {
    rs.ttl = *spec.ttl;
  }
  if (spec.description) {
    rs.description = *spec.description;
  }
  if (auto ok = editor.put(std::move(rs)); !ok) {
    return ok.error();
  }
  auto serial = editor.commit();
  if (!serial) {
    return serial.error();
  }
  if (*serial != 0) {
    store.log_change(zone.name,
                     "record set " + current.name + " " + dns::type_to_text(current.type)
                         + ", serial " + std::to_string(*serial));
  }
  return find_recordset(store, zone, current.name, dns::type_to_text(current.type));
}

Status delete_recordset(Store& store, const model::Zone& zone, const model::RecordSet& current) {
  if (zone.action == model::ZoneAction::remove) {
    return make_error(Errc::conflict, "zone " + zone.name + " is being deleted");
  }
  if (current.type == dns::rrtype::k_soa) {
    return make_error(Errc::invalid_input, "the SOA record is managed by dnsctl");
  }
  auto owner = dns::Name::parse(current.name);
  if (!owner) {
    return owner.error();
  }
  ZoneEditor editor(store, zone);
  if (auto ok = editor.remove(*owner, current.type); !ok) {
    return ok;
  }
  auto serial = editor.commit();
  if (!serial) {
    return serial.error();
  }
  store.log_change(zone.name,
                   "record delete " + current.name + " " + dns::type_to_text(current.type)
                       + ", serial " + std::to_string(*serial));
  return {};
}

} // namespace dnsctl::store
