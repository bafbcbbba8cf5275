#pragma once
// What the mdns reads from the store, and the one place it is read: the served set
// (the zones served, the TSIG keys, who may transfer without a key), one zone's row,
// its RRsets at a name or in order, the journal steps IXFR is served from. The server
// holds no SQL (PowerDNS's "a backend contains zero DNS logic", mirrored): it asks a
// ZoneReader, one per thread, each with a connection of its own.

#include "core/dns/name.hpp"
#include "core/dns/rdata.hpp"
#include "core/model/pool.hpp"
#include "core/model/tsig_key.hpp"
#include "core/store/store.hpp"
#include "core/util/result.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace dnsctl::store {

using Key = std::span<const uint8_t>; // a dns::Name sort key

struct ZoneInfo {
  int64_t id = 0;
  std::string uuid;
  dns::Name apex;
  std::vector<uint8_t> apex_key;
  uint32_t serial = 0;
  uint32_t ttl = 0;     // the zone's default TTL, also the SOA's and apex NS's
  dns::Rdata soa;       // with the current serial
  uint32_t minimum = 0; // SOA minimum: negative answers' TTL cap (RFC 2308)
  int64_t pool_id = 0;
  std::string pool_uuid;
  // A catalog zone with a key of its own (pools.yaml catalog_zone_tsig_key): only that
  // key, or one that covers it, transfers it; addresses alone never do.
  bool needs_key = false;
  // Whether a DNAME sits at the apex: found by the first query below the apex and
  // kept until the served set is read again (a source and its set belong to one
  // thread), so that other queries do not look the apex up each time. A set that
  // threads share (the mdns's StoreCache) has it set before they see it.
  mutable std::optional<bool> apex_dname;
};

// One RRset as served: owner sort key, type, TTL and the packed rdata
// (dns::pack_rdata form).
struct RRsetView {
  Key owner;
  uint16_t type = 0;
  uint32_t ttl = 0;
  std::span<const uint8_t> packed;
};

// One RRset as stored: ttl < 0 when it follows the zone's (a NULL in the store).
struct StoredRRset {
  Key owner;
  uint16_t type = 0;
  int64_t ttl = -1;
  std::span<const uint8_t> packed;
};

struct JournalStep {
  int64_t id = 0;
  uint32_t serial_from = 0;
  uint32_t serial_to = 0;
  dns::Rdata soa_from;
  dns::Rdata soa_to;
  uint32_t soa_ttl = 0;
};

struct KeyInfo {
  std::string name; // absolute, lower case
  std::string algorithm;
  std::string secret; // base64
  model::KeyScope scope = model::KeyScope::all;
  std::string resource_id; // pool or zone uuid
};

// What the mdns serves at one moment: its zones (not those being deleted from their
// targets), the TSIG keys, and the addresses each pool's servers transfer from.
// (Not an RFC 9432 catalog zone: those are zones of the set like any other.)
struct ServedSet {
  std::unordered_map<std::string, ZoneInfo> zones; // by apex sort key (as bytes)
  std::vector<KeyInfo> keys;
  std::unordered_map<int64_t, std::vector<std::string>> pool_addresses; // IPs, by pool id

  // The zone that holds `name`: its longest apex that is `name` or an ancestor.
  const ZoneInfo* find_zone(Key name) const;
  const KeyInfo* find_key(const std::string& name) const;
};

// The addresses a target's server transfers from: the backend knows (core/store does
// not link the backends; the caller passes backends::transfer_sources).
using TransferSources = std::function<std::vector<std::string>(const model::Target&)>;

class ZoneReader {
public:
  // A reader on a connection of its own to the store at `address`.
  static Result<std::unique_ptr<ZoneReader>> open(const std::string& address);
  ~ZoneReader();
  ZoneReader(const ZoneReader&) = delete;
  ZoneReader& operator=(const ZoneReader&) = delete;

  Store& store() { return m_store; }
  // False once the server dropped the connection (PostgreSQL): open a new reader.
  bool usable();

  // Every read below throws on a store failure (the caller answers from what it
  // has and reconnects); none changes anything.
  ServedSet served_set(const TransferSources& sources);
  // The zone with this id as it is now; nullopt when it is gone or being deleted.
  std::optional<ZoneInfo> zone(int64_t id);

  // Calls f for every RRset at `owner` (any type), TTLs resolved; returns how many.
  size_t rrsets_at(const ZoneInfo& zone, Key owner, const std::function<void(const RRsetView&)>& f);
  // True when some RRset's owner lies strictly below `name`.
  bool has_descendants(const ZoneInfo& zone, Key name);
  // Every RRset of the zone in canonical order, streamed; stops when f returns false
  // (and returns false).
  bool for_each_rrset(const ZoneInfo& zone, const std::function<bool(const RRsetView&)>& f);

  // The journal steps from `serial` to the zone's current serial, in order; nullopt
  // when the journal does not reach that far back or a step cannot be replayed.
  std::optional<std::vector<JournalStep>> journal_from(const ZoneInfo& zone, uint32_t serial);
  // The owners whose RRs the steps removed or added, sorted, each once.
  std::vector<std::vector<uint8_t>> journal_owners(const std::vector<JournalStep>& steps);
  // The RRs a step removed (added = false) or added; stops when f returns false.
  bool for_each_journal_rr(const JournalStep& step,
                           bool added,
                           const std::function<bool(const RRsetView&)>& f);

  // The stored rows, for a copy held in memory: one zone's in order, every zone's in
  // one scan (zone by zone, each in order), or those at some owners (sorted).
  void stored_rrsets(int64_t zone_id, const std::function<void(const StoredRRset&)>& f);
  void all_stored_rrsets(const std::function<void(int64_t zone_id, const StoredRRset&)>& f);
  void stored_rrsets_at(int64_t zone_id,
                        const std::vector<std::vector<uint8_t>>& owners,
                        const std::function<void(const StoredRRset&)>& f);

  // One moment of the store for several reads (a transfer, a copy): a deferred read
  // transaction, whose first SELECT fixes the moment; end_snapshot() ends it (also
  // after a failure).
  void begin_snapshot();
  void end_snapshot();

private:
  struct Statements;
  explicit ZoneReader(Store store);
  Statements& statements();

  Store m_store;
  std::unique_ptr<Statements> m_st; // prepared on first use
};

} // namespace dnsctl::store
