#pragma once
// How mdns reads zones: the contract between the DNS answering code and the data.
// One implementation streams rows from the store (store_source.hpp); the unit tests use
// one held in memory. Everything is keyed by dns::Name sort keys (the store's
// canonical order).
//
// A source belongs to one thread. refresh() makes every change committed before it
// visible; it is cheap when nothing changed, so the server calls it for every batch of
// requests: a client never sees a SOA older than the last commit before its query.

#include "core/dns/name.hpp"
#include "core/dns/rdata.hpp"
#include "core/model/tsig_key.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace dnsctl::mdns {

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
  // kept until the catalog is read again (a source and its catalog belong to one
  // thread), so that other queries do not look the apex up each time. A catalog that
  // threads share (store_cache.hpp) has it set before they see it.
  mutable std::optional<bool> apex_dname;
};

// One RRset as stored: owner sort key, type, TTL and the packed rdata
// (dns::pack_rdata form).
struct RRsetView {
  Key owner;
  uint16_t type = 0;
  uint32_t ttl = 0;
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

// What mdns knows about the store at one moment: the zones it serves, the TSIG keys,
// and the addresses each pool's servers transfer from.
struct Catalog {
  std::unordered_map<std::string, ZoneInfo> zones; // by apex sort key (as bytes)
  std::vector<KeyInfo> keys;
  std::unordered_map<int64_t, std::vector<std::string>> pool_addresses; // IPs, by pool id

  // The zone that holds `name`: its longest apex that is `name` or an ancestor.
  const ZoneInfo* find_zone(Key name) const;
  const KeyInfo* find_key(const std::string& name) const;
};

class ZoneSource {
public:
  virtual ~ZoneSource() = default;

  virtual void refresh() = 0;
  virtual const Catalog& catalog() const = 0;

  // Calls f for every RRset at `owner` (any type). Returns the number found.
  virtual size_t
  rrsets_at(const ZoneInfo& zone, Key owner, const std::function<void(const RRsetView&)>& f) = 0;
  // True when some RRset's owner lies strictly below `name` (an empty non-terminal
  // exists, RFC 8020: not NXDOMAIN).
  virtual bool has_descendants(const ZoneInfo& zone, Key name) = 0;
  // Every RRset of the zone in canonical order; stops when f returns false. The apex
  // SOA is not among them (the caller sends it first and last). Returns false when
  // stopped.
  virtual bool for_each_rrset(const ZoneInfo& zone,
                              const std::function<bool(const RRsetView&)>& f) = 0;
  // The journal steps that lead from `serial` to the zone's current serial, in order;
  // nullopt when the journal does not reach that far back (or a step cannot be
  // replayed): the caller then sends the whole zone.
  virtual std::optional<std::vector<JournalStep>> journal_from(const ZoneInfo& zone,
                                                               uint32_t serial) = 0;
  // The RRs a step removed (added = false) or added; stops when f returns false.
  virtual bool for_each_journal_rr(const JournalStep& step,
                                   bool added,
                                   const std::function<bool(const RRsetView&)>& f) = 0;

  // A transfer is one moment of the zone: begin_snapshot() starts a read transaction
  // and returns the zone as it is in it (its serial and SOA, which may be newer than
  // the catalog's); nullopt when it is gone. Every read until end_snapshot() sees that
  // same moment, whatever commits meanwhile, so the SOA and the RRsets agree.
  virtual std::optional<ZoneInfo> begin_snapshot(const ZoneInfo& zone) = 0;
  virtual void end_snapshot() = 0;
};

} // namespace dnsctl::mdns
