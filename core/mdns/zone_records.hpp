#pragma once
// One zone's RRsets held in memory, sorted as the store sorts them (owner sort key,
// then type): what the mdns answers from when its store is across the network, so
// that a query never waits on it. Built once per serial and never changed, so the
// threads share it without locks.

#include "core/mdns/zone_source.hpp"

#include <cstdint>
#include <functional>
#include <unordered_map>
#include <vector>

namespace dnsctl::mdns {

class ZoneRecords {
public:
  // Every RRset of the zone, read in the reader's snapshot.
  static ZoneRecords read(store::ZoneReader& reader, int64_t zone_id);
  // Every zone's, in one scan.
  static std::unordered_map<int64_t, ZoneRecords> read_all(store::ZoneReader& reader);
  // The RRsets at `owners` (sorted) as they are now.
  static ZoneRecords read_owners(store::ZoneReader& reader,
                                 int64_t zone_id,
                                 const std::vector<std::vector<uint8_t>>& owners);
  // `old` with every RRset at `owners` (sorted) replaced by `fresh`'s: a change applied
  // by copying the zone once, not reading it again.
  static ZoneRecords merged(const ZoneRecords& old,
                            const std::vector<std::vector<uint8_t>>& owners,
                            const ZoneRecords& fresh);

  // Appends one RRset; owners must come in order (the store's ORDER BY owner, type).
  // ttl < 0: the zone's default TTL, as a NULL in the store.
  void add(Key owner, uint16_t type, int64_t ttl, std::span<const uint8_t> packed);

  // As ZoneSource::rrsets_at and has_descendants.
  size_t at(Key owner, uint32_t default_ttl, const std::function<void(const RRsetView&)>& f) const;
  bool has_descendants(Key name) const;
  bool has(Key owner, uint16_t type) const;
  // Every RRset in order; stops when f returns false (and returns false).
  bool for_each(uint32_t default_ttl, const std::function<bool(const RRsetView&)>& f) const;

  size_t rrsets() const { return m_sets.size(); }
  size_t bytes() const { return m_bytes.size() + m_sets.size() * sizeof(Set); }

private:
  void add_stored(const store::StoredRRset& r) { add(r.owner, r.type, r.ttl, r.packed); }
  void shrink();

  struct Set {
    size_t owner = 0; // offset in m_bytes
    size_t packed = 0;
    uint32_t owner_len = 0;
    uint32_t packed_len = 0;
    int64_t ttl = -1;
    uint16_t type = 0;
  };
  Key owner_of(const Set& s) const { return {m_bytes.data() + s.owner, s.owner_len}; }
  RRsetView view(const Set& s, uint32_t default_ttl) const;
  // The first set whose owner is not less than `owner`.
  std::vector<Set>::const_iterator lower(Key owner) const;

  std::vector<Set> m_sets;
  std::vector<uint8_t> m_bytes;
};

} // namespace dnsctl::mdns
