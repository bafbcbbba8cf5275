#pragma once
// Quotas per project, as Designate has them: how many zones a project may hold, and
// how big each of its zones may grow. -1 is no limit. The defaults are the site's
// ([quota] in dnsctl.conf, Designate's quota_* options and values); a project's own
// values (`dnsctl quota set`, PATCH /v2/quotas/{project}) replace them one by one.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace dnsctl::model {

enum class QuotaResource : uint8_t {
  zones,             // zones of the project
  zone_recordsets,   // recordsets of one zone, its SOA and NS included
  zone_records,      // records of one zone, without the managed ones (SOA, NS, the sink's)
  recordset_records, // records of one recordset
  api_export_size,   // records of one zone an export may hold
};

inline constexpr size_t k_quota_resources = 5;

// Designate's names, in the order above: the API's keys and the CLI's.
inline constexpr std::array<std::string_view, k_quota_resources> k_quota_names{
    "zones", "zone_recordsets", "zone_records", "recordset_records", "api_export_size"};

inline constexpr int64_t k_quota_unlimited = -1;
inline constexpr int64_t k_quota_max = 2147483647; // Designate's MAX_QUOTA

inline std::string_view to_string(QuotaResource r) {
  return k_quota_names[static_cast<size_t>(r)];
}

inline std::optional<QuotaResource> quota_resource(std::string_view name) {
  for (size_t i = 0; i < k_quota_names.size(); ++i) {
    if (k_quota_names[i] == name) {
      return static_cast<QuotaResource>(i);
    }
  }
  return std::nullopt;
}

struct Quotas {
  // Designate's defaults: quota_zones 10, quota_zone_recordsets 500, quota_zone_records
  // 500, quota_recordset_records 20, quota_api_export_size 1000.
  std::array<int64_t, k_quota_resources> limit{10, 500, 500, 20, 1000};

  int64_t operator[](QuotaResource r) const { return limit[static_cast<size_t>(r)]; }
  int64_t& operator[](QuotaResource r) { return limit[static_cast<size_t>(r)]; }
  // Whether `count` of `r` is more than the limit allows.
  bool exceeded(QuotaResource r, int64_t count) const {
    int64_t l = (*this)[r];
    return l != k_quota_unlimited && count > l;
  }
  bool operator==(const Quotas&) const = default;
};

} // namespace dnsctl::model
