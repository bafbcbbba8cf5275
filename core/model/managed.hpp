#pragma once
// What the sink asks of the store for one notification: records to add for a
// resource (an instance, a floating IP), or that resource's records to remove. Records
// carry designate-sink's tags (plugin type and name, resource type and id), so a
// delete event finds exactly them.

#include <cstdint>
#include <string>
#include <vector>

namespace dnsctl::model {

struct ManagedRecord {
  std::string name; // absolute owner name
  uint16_t type = 0;
  std::string data; // presentation form
  // The zone: an id or a name; empty: the closest enclosing zone in the store (PTRs).
  std::string zone;
};

struct ManagedChange {
  enum class Kind { none, add, remove };
  Kind kind = Kind::none;
  std::string plugin_type = "handler";
  std::string plugin_name;   // nova_fixed, neutron_floatingip
  std::string resource_type; // instance, floatingip
  std::string resource_id;
  // add: the resource's records, which replace any it had (a re-sent create, a
  // floating IP moved to another port). remove: empty.
  std::vector<ManagedRecord> records;
};

// A record the sink made, as `record list --managed` shows it.
struct ManagedRecordRow {
  std::string zone;
  std::string name;
  uint16_t type = 0;
  std::string data;
  std::string plugin_type;
  std::string plugin_name;
  std::string resource_type;
  std::string resource_id;
  int64_t created_at = 0;
};

} // namespace dnsctl::model
