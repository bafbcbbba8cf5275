#pragma once
// `record apply`: a batch of changes to one zone, in the spirit of nsupdate, applied
// in one transaction with one serial bump, all or nothing.
//
//   add NAME [TTL] TYPE DATA       add one record (the RRset takes TTL when given)
//   del NAME [TYPE [DATA]]         delete every RRset at NAME, one RRset, or one record
//   replace NAME [TTL] TYPE DATA   the RRset becomes DATA (further replace lines for the
//                                  same NAME and TYPE add to it)
//
// Names are relative to the zone, absolute, or @; DATA is zone-file data. Blank lines
// and lines starting with '#' or ';' are skipped. Every line is checked before any is
// applied; errors are "SOURCE:LINE: message".

#include "core/model/zone.hpp"
#include "core/util/result.hpp"
#include "core/zone/serial.hpp"

#include <string>
#include <string_view>

namespace dnsctl::store {
class Store;
}

namespace dnsctl::ops {

struct BatchReport {
  model::Zone zone;      // as it is after the batch
  zone::ZoneDelta delta; // the RRs removed and added
  uint32_t serial = 0;   // the new serial; 0 when nothing changed (or a dry run)
  size_t operations = 0;
};

enum class BatchMode { apply, dry_run };

// `zone`: its name or id.
Result<BatchReport> apply_batch(store::Store& store,
                                std::string_view zone_ref,
                                std::string_view text,
                                const std::string& source,
                                BatchMode mode);

} // namespace dnsctl::ops
