#pragma once
// Recordsets (name + type, one or more records) in presentation form: what the
// `record` commands work with. Each write parses the data with the DNS parser for its
// type and goes through a ZoneEditor: one transaction, one serial step.

#include "core/model/zone.hpp"
#include "core/util/result.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dnsctl::store {
class Store;
}

namespace dnsctl::zone {

using store::Store;

struct RecordFilter {
  std::string name; // relative or absolute; empty: all
  std::string type; // mnemonic; empty: all
  std::string data; // a pattern (* any text, ? one character) one record must match
  // Designate's filters: an absolute name pattern, a TTL, a description pattern.
  std::string name_pattern;
  std::optional<int64_t> ttl;
  std::string description;
};

// The recordset's id: a name-based UUID of its zone, owner and type (see
// uuid::from_name), so the same RRset keeps its id and needs no column.
std::string recordset_id(const model::Zone& zone, const model::RecordSet& rs);

// The zone's RRsets in canonical order, the managed SOA first.
Result<std::vector<model::RecordSet>>
list_recordsets(Store& store, const model::Zone& zone, const RecordFilter& filter);

// Whether page_recordsets() can apply the filter in the store: an exact name and type
// can; patterns, TTL and description need every recordset read.
bool store_pages(const RecordFilter& filter);

struct RecordPage {
  std::vector<model::RecordSet> items;
  size_t total = 0;         // recordsets the filter selects, on every page
  bool more = false;        // another page follows
  bool marker_found = true; // false: no recordset of the selection has the marker's id
};

// One page in the zone's canonical order (backwards when `descending`), from after the
// recordset whose id is `marker` (empty: from the start), `limit` recordsets at most
// (0: all). Reads the page's rows and a count, not the zone: the API's default page of
// a large zone. Only for filters store_pages() accepts.
Result<RecordPage> page_recordsets(Store& store,
                                   const model::Zone& zone,
                                   const RecordFilter& filter,
                                   const std::string& marker,
                                   size_t limit,
                                   bool descending);

// By id, or by name (relative to the zone, absolute, or @) plus type; without a type
// the name must hold exactly one RRset.
Result<model::RecordSet> find_recordset(Store& store,
                                        const model::Zone& zone,
                                        std::string_view name_or_id,
                                        std::string_view type);

struct RecordSetSpec {
  std::string name; // relative to the zone, absolute, or "@"
  std::string type;
  std::vector<std::string> data;
  std::optional<uint32_t> ttl;
  bool clear_ttl = false; // back to the zone's TTL
  std::optional<std::string> description;
};

// Records the sink made (`record list --managed` shows them) change only when the
// caller says so (Designate's --edit-managed): they follow their instances and
// floating IPs. After an allowed change the sink's tags stay true: a record no longer
// in the RRset loses its tag.
enum class EditManaged { no, yes };

Result<model::RecordSet>
create_recordset(Store& store, const model::Zone& zone, const RecordSetSpec& spec);
// Replaces data, TTL and/or description of an existing RRset; fields not given stay.
Result<model::RecordSet> update_recordset(Store& store,
                                          const model::Zone& zone,
                                          const model::RecordSet& current,
                                          const RecordSetSpec& spec,
                                          EditManaged managed = EditManaged::no);
Status delete_recordset(Store& store,
                        const model::Zone& zone,
                        const model::RecordSet& current,
                        EditManaged managed = EditManaged::no);

} // namespace dnsctl::zone
