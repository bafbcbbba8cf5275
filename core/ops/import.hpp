#pragma once
// `domain import`: a master file into the store. Everything is parsed and checked
// (every record as `record create` would check it) before anything is written; then
// a new zone is written in one pass, or an existing one (`--replace`) is made equal to
// the file in one transaction with one serial bump and a journal entry holding just
// the difference. The SOA sets the timers (the serial stays dnsctl's and only moves
// forward); the apex NS comes from the pool, and the file's is reported if it differs.

#include "core/model/settings.hpp"
#include "core/model/zone.hpp"
#include "core/zone/bulk.hpp"
#include "core/zone/serial.hpp"
#include "core/zonefile/reader.hpp"

#include <string>
#include <vector>

namespace dnsctl::store {
class Store;
}

namespace dnsctl::ops {

enum class DryRun { no, yes };

struct ImportOptions {
  std::string file;
  std::string name;  // zone name; empty: the owner of the file's SOA
  std::string pool;  // for a new zone; empty: the default pool
  std::string email; // empty: from the SOA RNAME
  bool replace = false;
  bool force = false; // a new zone matching a blacklist pattern is created anyway
  zonefile::Includes includes = zonefile::Includes::refuse;
  DryRun dry_run = DryRun::no;
  zone::Progress progress; // rows written so far, for a progress line
};

struct ImportReport {
  model::Zone zone;     // as it is after the import (or would be, on a dry run)
  bool created = false; // a new zone (else --replace of an existing one)
  size_t rrsets = 0;    // in the file, SOA and apex NS included
  size_t records = 0;
  std::vector<std::string> warnings; // TTL mismatches, apex NS replaced
  zone::ReplaceStats stats;          // --replace: what changed
  zone::ZoneDelta delta;             // --replace: the RRs removed and added
  double parse_seconds = 0;
  double write_seconds = 0;
};

Result<ImportReport>
import_zone(store::Store& store, const ImportOptions& options, const model::Settings& settings);

// Several files, all or none: every file is read and checked first, then one
// transaction writes them all, so each pool's catalog takes one serial step for the
// batch. options.file is ignored; --name is refused with more than one file.
Result<std::vector<ImportReport>> import_zones(store::Store& store,
                                               const ImportOptions& options,
                                               const std::vector<std::string>& files,
                                               const model::Settings& settings);

} // namespace dnsctl::ops
