#include "core/store/targets.hpp"

#include "core/store/access.hpp"
#include "core/store/store.hpp"

namespace dnsctl::store {

namespace {

constexpr const char* k_target_state_select =
    "SELECT s.target_id, t.uuid, s.action, s.status, s.serial, s.last_error, "
    "s.last_attempt, s.zone_id, s.failures FROM target_zone_state s "
    "JOIN pool_targets t ON t.id = s.target_id ";

model::TargetState target_state(db::Statement& st) {
  model::TargetState s;
  s.target_id = st.column(0).int64();
  s.target_uuid = st.column(1).string();
  s.action = model::parse_target_action(st.column(2).string());
  s.status = model::parse_target_status(st.column(3).string());
  s.serial = static_cast<uint32_t>(st.column(4).int64());
  s.last_error = st.column(5).string();
  s.last_attempt = st.column(6).int64();
  s.zone_id = st.column(7).int64();
  s.failures = static_cast<int>(st.column(8).int64());
  return s;
}

} // namespace

Result<std::vector<model::TargetState>> target_states(Store& store, int64_t zone_id) {
  return store.read([&]() -> Result<std::vector<model::TargetState>> {
    db::Statement st(connection(store),
                     std::string(k_target_state_select)
                         + "WHERE s.zone_id = ? ORDER BY t.position");
    st.bind(1, zone_id);
    std::vector<model::TargetState> out;
    while (st.step()) {
      out.push_back(target_state(st));
    }
    return out;
  });
}

Result<std::map<int64_t, std::vector<model::TargetState>>> all_target_states(Store& store) {
  return store.read([&]() -> Result<std::map<int64_t, std::vector<model::TargetState>>> {
    db::Statement st(connection(store),
                     std::string(k_target_state_select) + "ORDER BY s.zone_id, t.position");
    std::map<int64_t, std::vector<model::TargetState>> out;
    while (st.step()) {
      auto s = target_state(st);
      out[s.zone_id].push_back(std::move(s));
    }
    return out;
  });
}

} // namespace dnsctl::store
