#include "core/pools/consumer_config.hpp"

#include "backends/backend.hpp"
#include "core/util/text.hpp"

#include <algorithm>

namespace dnsctl::pools {
namespace {

using Source = backends::ConsumerInput::Source;

// Where the members come from: the masters of the pool's targets, each once.
std::vector<Source> masters(const model::Pool& pool) {
  std::vector<Source> out;
  for (const auto& t : pool.targets) {
    for (const auto& m : t.masters) {
      bool seen = std::any_of(out.begin(), out.end(), [&](const Source& s) {
        return s.host == m.host && s.port == m.port;
      });
      if (!seen) {
        out.push_back({m.host, m.port});
      }
    }
  }
  return out;
}

std::vector<std::string> notifiers(const std::vector<Source>& from,
                                   const std::vector<std::string>& extra) {
  std::vector<std::string> out;
  for (const auto& s : from) {
    if (std::find(out.begin(), out.end(), s.host) == out.end()) {
      out.push_back(s.host);
    }
  }
  for (const auto& e : extra) {
    if (std::find(out.begin(), out.end(), e) == out.end()) {
      out.push_back(e);
    }
  }
  return out;
}

} // namespace

std::vector<std::string> consumer_servers() {
  return backends::names_with(
      [](const backends::BackendInfo& b) { return b.consumer_config != nullptr; });
}

Result<std::string>
consumer_config(const model::Pool& pool, std::string_view server, const ConsumerOptions& options) {
  const backends::BackendInfo* type = backends::find_server(server);
  if (type == nullptr || type->consumer_config == nullptr) {
    return make_error(Errc::invalid_input,
                      "unknown server " + text::quote(server) + " (expected "
                          + text::join(consumer_servers(), ", ")
                          + "; NSD 4.6 has no catalog consumer)");
  }
  if (!pool.catalog_zone) {
    return make_error(Errc::invalid_input,
                      "pool " + pool.name
                          + " has no catalog_zone: add one to pools.yaml (catalog_zone_fqdn) "
                            "and run `dnsctl pool update`");
  }
  auto from = masters(pool);
  if (from.empty()) {
    return make_error(Errc::invalid_input,
                      "pool " + pool.name
                          + " has no masters: consumers would not know where "
                            "to transfer from");
  }
  const auto& key = options.member_key;
  if (key) {
    bool covers = key->scope == model::KeyScope::all
                  || (key->scope == model::KeyScope::pool && key->resource_id == pool.uuid);
    if (!covers) {
      return make_error(Errc::invalid_input,
                        "--member-key " + key->name + " does not cover pool " + pool.name
                            + "'s zones (its scope is " + model::to_string(key->scope)
                            + "): use a key of scope ALL or of scope POOL for this pool");
    }
  }
  backends::ConsumerInput in;
  in.pool = &pool;
  in.masters = std::move(from);
  in.notify_from = notifiers(in.masters, options.notify_from);
  in.member_key = key;
  return type->consumer_config(in);
}

} // namespace dnsctl::pools
