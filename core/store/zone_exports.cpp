#include "core/store/zone_exports.hpp"

#include "core/store/access.hpp"
#include "core/util/text.hpp"
#include "core/util/uuid.hpp"

namespace dnsctl::store {
namespace {

constexpr const char* k_columns =
    "SELECT id, uuid, zone_uuid, project_id, status, message, created_at, updated_at "
    "FROM zone_exports ";

model::ZoneExport row(db::Statement& st) {
  model::ZoneExport e;
  e.id = st.column(0).int64();
  e.uuid = st.column(1).string();
  e.zone_uuid = st.column(2).string();
  e.project_id = st.column(3).string();
  e.status = st.column(4).string();
  e.message = st.column(5).string();
  e.created_at = st.column(6).int64();
  e.updated_at = st.column(7).int64();
  return e;
}

} // namespace

Result<model::ZoneExport> create_zone_export(Store& store, model::ZoneExport e) {
  e.uuid = uuid::generate();
  e.created_at = Store::now();
  db::Statement st(connection(store),
                   "INSERT INTO zone_exports(uuid, zone_uuid, project_id, status, message, "
                   "created_at) VALUES (?, ?, ?, ?, ?, ?)");
  st.bind(1, e.uuid);
  st.bind(2, e.zone_uuid);
  st.bind(3, e.project_id);
  st.bind(4, e.status);
  st.bind(5, e.message);
  st.bind(6, e.created_at);
  st.exec();
  return find_zone_export(store, e.uuid);
}

Result<std::vector<model::ZoneExport>>
list_zone_exports(Store& store, const std::optional<std::string>& project) {
  return store.read([&]() -> Result<std::vector<model::ZoneExport>> {
    db::Statement st(connection(store),
                     std::string(k_columns) + (project ? "WHERE project_id = ? " : "")
                         + "ORDER BY id");
    if (project) {
      st.bind(1, *project);
    }
    std::vector<model::ZoneExport> out;
    while (st.step()) {
      out.push_back(row(st));
    }
    return out;
  });
}

Result<model::ZoneExport> find_zone_export(Store& store, std::string_view uuid) {
  return store.read([&]() -> Result<model::ZoneExport> {
    db::Statement st(connection(store), std::string(k_columns) + "WHERE uuid = ?");
    st.bind(1, std::string(uuid));
    if (!st.step()) {
      return make_error(Errc::not_found, "zone export " + text::quote(uuid) + " not found");
    }
    return row(st);
  });
}

Status delete_zone_export(Store& store, const model::ZoneExport& e) {
  db::Statement st(connection(store), "DELETE FROM zone_exports WHERE id = ?");
  st.bind(1, e.id);
  st.exec();
  return {};
}

} // namespace dnsctl::store
