#pragma once
// The one place zone content changes: a ZoneEditor collects RRset edits, checks every
// rule at the moment of the edit (names inside the zone and not in a hosted sub-zone,
// CNAME exclusivity and not at the apex, managed SOA/NS untouchable), then commit()
// writes the rows and, when DNS data changed, exactly one serial step with its journal
// entry. Use inside Store::write(); nothing is written before commit().

#include "core/dns/name.hpp"
#include "core/dns/rdata.hpp"
#include "core/model/zone.hpp"
#include "core/store/journal.hpp"
#include "core/util/result.hpp"
#include "core/zone/serial.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace dnsctl::store {
class Store;
class RowReader;
} // namespace dnsctl::store

namespace dnsctl::zone {

using store::Store;

enum class Managed { refuse, allow };

struct EditRRset {
  dns::Name owner;
  uint16_t type = 0;
  int64_t ttl = -1; // -1: the zone's TTL
  std::vector<dns::Rdata> rdatas;
  bool managed = false;
  std::string description;
  // Records of a type whose text is kept as it was sent (keeps_sent_text()) paired
  // with that text: stored and shown as sent, served from the rdata. A record not
  // listed shows as printed from its rdata.
  std::vector<std::pair<dns::Rdata, std::string>> sent = {};
  // The stored row's history, carried to its next write: -1 not known, 0 not stored.
  int64_t created_at = 0;
  int64_t version = 0;
};

// TXT and SPF come back exactly as a client sent them (ACME clients such as lego
// send them unquoted and match the returned text by string): other types show in
// their canonical form, names absolute.
bool keeps_sent_text(uint16_t type);

// Writes the apex NS of a zone that was just inserted (its initial version).
Status write_apex_ns(Store& store, const model::Zone& zone, const std::vector<std::string>& hosts);

class ZoneEditor {
public:
  ZoneEditor(Store& store, model::Zone zone);
  ~ZoneEditor();
  ZoneEditor(const ZoneEditor&) = delete;
  ZoneEditor& operator=(const ZoneEditor&) = delete;

  const model::Zone& zone() const { return m_zone; }
  const dns::Name& apex() const { return m_apex; }

  // The RRset as it stands with the edits so far; nullopt when there is none.
  Result<std::optional<EditRRset>> get(const dns::Name& owner, uint16_t type);

  // Creates or replaces the RRset (rdatas de-duplicated; empty means remove).
  Status put(EditRRset rs, Managed managed = Managed::refuse);
  Status remove(const dns::Name& owner, uint16_t type, Managed managed = Managed::refuse);

  // Reads the RRsets at these owners at once: a large batch of edits then costs a round
  // trip per hundred owners instead of two per edit.
  void preload(const std::vector<dns::Name>& owners);

  // Every RRset type at `owner`, edits included.
  Result<std::vector<uint16_t>> types_at(const dns::Name& owner);

  // The RRs the edits so far remove and add (RFC 1995 deltas), without writing.
  ZoneDelta preview() const;

  // Writes the edits. `after` carries SOA field changes made together with them (the
  // MNAME when the pool's NS change). Returns the new serial, or 0 when no DNS data
  // changed (a description edit, or edits that cancel out).
  Result<uint32_t> commit(const model::Zone* after = nullptr);

  // What the last commit() changed, for messages: RRsets inserted/updated/deleted.
  struct Counts {
    size_t added = 0;
    size_t changed = 0;
    size_t removed = 0;
  };
  const Counts& counts() const { return m_counts; }

private:
  struct Slot {
    std::optional<EditRRset> before;
    std::optional<EditRRset> after;
  };
  using Key = std::pair<std::vector<uint8_t>, uint16_t>;

  Result<Slot*> slot(const dns::Name& owner, uint16_t type);
  Status check_owner(const dns::Name& owner, uint16_t type);
  Status check_cname_rules(const EditRRset& rs);

  Store& m_store;
  std::unique_ptr<store::RowReader> m_rows;
  model::Zone m_zone;
  dns::Name m_apex;
  std::map<Key, Slot> m_slots;
  std::optional<std::vector<dns::Name>> m_children;
  Counts m_counts;
};

} // namespace dnsctl::zone
