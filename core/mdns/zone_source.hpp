#pragma once
// How mdns reads zones: the contract between the DNS answering code and the data.
// One implementation reads the store through its ZoneReader (store_source.hpp); the
// unit tests use one held in memory. Everything is keyed by dns::Name sort keys (the
// store's canonical order).
//
// A source belongs to one thread. refresh() makes every change committed before it
// visible; it is cheap when nothing changed, so the server calls it for every batch of
// requests: a client never sees a SOA older than the last commit before its query.

#include "core/store/serve.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace dnsctl::mdns {

// The data the mdns serves, as the store's reader gives it (core/store/serve.hpp).
using store::JournalStep;
using store::Key;
using store::KeyInfo;
using store::RRsetView;
using store::ServedSet;
using store::ZoneInfo;

class ZoneSource {
public:
  virtual ~ZoneSource() = default;

  virtual void refresh() = 0;
  // The zones served, the keys, who may transfer: as of the last refresh().
  virtual const ServedSet& served() const = 0;

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
