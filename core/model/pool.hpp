#pragma once
// A pool as pools.yaml describes it (Designate's schema, reference/designate.md §1.2).
// Plain data: no I/O, no validation. Child ids are the store's row ids (0 = not stored).

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace dnsctl::model {

// Where a value came from in pools.yaml, for error messages that point at it.
struct SourceMark {
  int line = 0;   // 1-based; 0 when unknown (from the store)
  int column = 0; // 1-based
};

struct NsRecord {
  int64_t id = 0;
  std::string hostname; // absolute, lower case, with the trailing dot
  int priority = 1;
  SourceMark mark;
};

struct HostPort {
  int64_t id = 0;
  std::string host; // an IP address, or a host name (absolute, with the trailing dot)
  uint16_t port = 53;
  SourceMark mark;
  std::string tsigkey_id = {}; // nameservers only (Designate 2026): their polls are signed with it
};

using KeyValues = std::vector<std::pair<std::string, std::string>>; // file order

struct Target {
  int64_t id = 0;
  std::string uuid;
  std::string type; // a backend in backends/registry.cpp
  std::string description;
  std::vector<HostPort> masters; // the mdns addresses this target transfers from
  KeyValues options;             // backend options, values as strings (as Designate stores them)
  std::string tsigkey_id;        // empty when none
  SourceMark mark;

  const std::string* option(const std::string& key) const {
    for (const auto& [k, v] : options) {
      if (k == key) {
        return &v;
      }
    }
    return nullptr;
  }
};

struct CatalogZone {
  std::string fqdn; // absolute
  std::optional<uint32_t> refresh;
  std::string tsig_key;
  std::string tsig_algorithm;
  bool operator==(const CatalogZone&) const = default;
};

struct Pool {
  int64_t id = 0;
  std::string uuid;
  std::string name;
  std::string description;
  KeyValues attributes;
  std::vector<NsRecord> ns_records;
  std::vector<HostPort> nameservers;
  std::vector<Target> targets;
  std::vector<HostPort> also_notifies;
  std::optional<CatalogZone> catalog_zone;
  SourceMark mark;
};

} // namespace dnsctl::model
