#include "core/store/quotas.hpp"

#include "core/store/access.hpp"

namespace dnsctl::store {

Result<QuotaValues> read_project_quotas(Store& store, const std::string& project) {
  return store.read([&]() -> Result<QuotaValues> {
    db::Statement st(connection(store),
                     "SELECT resource, hard_limit FROM quotas WHERE project_id = ?");
    st.bind(1, project);
    QuotaValues out;
    while (st.step()) {
      // A resource this version does not know (written by a newer one) is left alone.
      if (auto r = model::quota_resource(st.column(0).string())) {
        out.emplace_back(*r, st.column(1).int64());
      }
    }
    return out;
  });
}

Status set_project_quota(Store& store,
                         const std::string& project,
                         model::QuotaResource resource,
                         int64_t hard_limit) {
  db::Statement st(connection(store),
                   "INSERT INTO quotas(project_id, resource, hard_limit) VALUES (?, ?, ?) "
                   "ON CONFLICT (project_id, resource) DO UPDATE SET hard_limit = "
                   "excluded.hard_limit");
  st.bind(1, project);
  st.bind(2, std::string(model::to_string(resource)));
  st.bind(3, hard_limit);
  st.exec();
  return {};
}

Result<bool> reset_project_quotas(Store& store, const std::string& project) {
  db::Statement st(connection(store), "DELETE FROM quotas WHERE project_id = ?");
  st.bind(1, project);
  return st.exec() > 0;
}

Result<int64_t> count_project_zones(Store& store, const std::string& project) {
  return store.read([&]() -> Result<int64_t> {
    db::Statement st(connection(store), "SELECT count(*) FROM zones WHERE project_id = ?");
    st.bind(1, project);
    st.step();
    return st.column(0).int64();
  });
}

Result<int64_t> count_zone_records(Store& store, int64_t zone_id, Managed managed) {
  return store.read([&]() -> Result<int64_t> {
    // `data` holds one record per line and never a line break inside one.
    db::Statement st(connection(store),
                     "SELECT coalesce(sum(length(data) - length(replace(data, ?, '')) + 1), 0) "
                         + std::string("FROM recordsets WHERE zone_id = ?")
                         + (managed == Managed::without ? " AND managed = 0" : ""));
    st.bind(1, std::string("\n"));
    st.bind(2, zone_id);
    st.step();
    return st.column(0).int64();
  });
}

} // namespace dnsctl::store
