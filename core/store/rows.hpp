#pragma once
// Recordsets rows of one zone, with statements prepared once. Writes: the ZoneEditor
// for single changes and the bulk import for a million RRsets use the same code, so
// text and wire forms are always written together the same way. Reads: the RRset an
// edit starts from, the types at a name, every row in the store's order, and the
// recordsets as the commands show them.

#include "core/dns/rdata.hpp"
#include "core/model/zone.hpp"
#include "core/util/result.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dnsctl::db {
class Statement;
} // namespace dnsctl::db

namespace dnsctl::store {

class Store;

struct RowData {
  std::span<const uint8_t> key; // dns::Name::sort_key() of the owner
  uint16_t type = 0;
  int64_t ttl = -1; // -1: the zone's TTL
  bool managed = false;
  std::string_view description;
  std::span<const uint8_t> packed; // dns::pack_rdata() of the records
  // The records' presentation form, one per line, when the caller has it already (a
  // bulk import prints it on another thread; a TXT keeps the text it was sent as);
  // nullptr: printed here from `packed`.
  const std::string* text = nullptr;
  // The row's history: created (0: now; -1: not known, a row older than schema 14),
  // last updated (0: never; update() sets now) and its version (1 when created, one
  // more each change).
  int64_t created_at = 0;
  int64_t updated_at = 0;
  int64_t version = 1;
};

class RowWriter {
public:
  RowWriter(Store& store, int64_t zone_id);
  ~RowWriter();
  RowWriter(const RowWriter&) = delete;
  RowWriter& operator=(const RowWriter&) = delete;

  void insert(const RowData& row);
  // Many rows with one statement per k_batch rows: a bulk import spends far less time
  // in SQLite's per-statement work this way. On PostgreSQL, one COPY per call.
  void insert(std::span<const RowData> rows);
  static constexpr size_t k_batch = 128;
  void update(const RowData& row); // the row of row.key and row.type
  // Many at once. On PostgreSQL the rows are deleted and copied in again (two round
  // trips per batch); SQLite updates in place, which costs it less than both.
  void update(std::span<const RowData> rows);
  void remove(std::span<const uint8_t> key, uint16_t type);
  // Many at once: one statement per k_batch rows (a round trip each on PostgreSQL).
  void remove(std::span<const std::pair<std::span<const uint8_t>, uint16_t>> keys);

private:
  void bind(db::Statement& st, const RowData& row, int first, std::string& text);
  void bind_history(db::Statement& st, const RowData& row, int first) const;
  // The row's `data` column: its text as given, or printed into `text`.
  const std::string& data_of(const RowData& row, std::string& text);

public:
  // The presentation form of the row's records, one per line: what `data` holds.
  static void format(const RowData& row, dns::RdataPrinter& printer, std::string& text);

private:
  Store& m_store;
  int64_t m_zone_id;
  int64_t m_now;
  std::unique_ptr<db::Statement> m_insert;
  std::unique_ptr<db::Statement> m_insert_batch;
  std::vector<std::string> m_texts; // one per row of a batch
  std::unique_ptr<db::Statement> m_update;
  std::unique_ptr<db::Statement> m_delete;
  std::unique_ptr<db::Statement> m_delete_batch;
  dns::RdataPrinter m_printer;
  // Statements bind these without a copy: they live until the statement has run.
  std::string m_text;
};

// One RRset row as an edit reads it.
struct EditRow {
  int64_t ttl = -1; // -1: the zone's TTL
  bool managed = false;
  std::string description;
  std::vector<dns::Rdata> rdatas;
  std::string data;        // the `data` column: each record's text, one per line
  int64_t created_at = -1; // -1: older than the column
  int64_t version = 1;
};

class RowReader {
public:
  RowReader(Store& store, int64_t zone_id);
  ~RowReader();
  RowReader(const RowReader&) = delete;
  RowReader& operator=(const RowReader&) = delete;

  std::optional<EditRow> get(std::span<const uint8_t> key, uint16_t type);
  // Every type stored at the owner.
  std::vector<uint16_t> types_at(std::span<const uint8_t> key);

  // The rows at these owners (sort keys) are read now, k_batch owners a statement, and
  // get() and types_at() answer for them from memory: a batch of 100,000 lines was two
  // round trips a line on PostgreSQL.
  static constexpr size_t k_batch = 128;
  void preload(std::vector<std::vector<uint8_t>> owners);

private:
  bool preloaded(std::span<const uint8_t> key) const;

  Store& m_store;
  int64_t m_zone_id;
  std::vector<std::vector<uint8_t>> m_owners; // preloaded, sorted
  std::map<std::pair<std::vector<uint8_t>, uint16_t>, EditRow> m_rows;
  // Prepared once per reader: compiling the SQL for every line was half the time of a
  // large `record apply`.
  std::unique_ptr<db::Statement> m_get;
  std::unique_ptr<db::Statement> m_types;
};

// A row in its stored form.
struct StoredRow {
  std::vector<uint8_t> key;
  uint16_t type = 0;
  int64_t ttl = -1;
  std::vector<uint8_t> packed;
  int64_t created_at = -1; // -1: older than the column
  int64_t version = 1;
};

// The zone's rows that dnsctl does not manage, in the store's order (owner sort key,
// then type), one at a time: an import's replace merges them with a file.
class RowCursor {
public:
  RowCursor(Store& store, int64_t zone_id);
  ~RowCursor();
  RowCursor(const RowCursor&) = delete;
  RowCursor& operator=(const RowCursor&) = delete;
  bool next(StoredRow& row);

private:
  std::unique_ptr<db::Statement> m_st;
};

// Which rows of a zone: those at `owner` and/or of `type` when given.
struct RowSelection {
  std::optional<std::vector<uint8_t>> owner; // a sort key
  std::optional<uint16_t> type;
};

// A row's place in the store's order.
struct RowKey {
  std::vector<uint8_t> owner;
  uint16_t type = 0;
};

// A stretch of the selection in the store's order (or backwards): the rows after
// `after` (before it, backwards), at most `limit` of them (0: all). A page of a large
// zone reads only its rows.
struct RowRange {
  std::optional<RowKey> after;
  size_t limit = 0;
  bool descending = false;
};

// The recordsets of a zone as the commands show them (name, type, ttl, managed,
// description, data; no id), in the store's order.
Result<std::vector<model::RecordSet>> read_recordsets(Store& store,
                                                      int64_t zone_id,
                                                      const RowSelection& rows,
                                                      const RowRange& range = {});

Result<size_t> count_recordsets(Store& store, int64_t zone_id, const RowSelection& rows);

// The first row of the selection, in the store's order, for which `match` (given the
// owner's sort key and the type) says true; only owner and type are read, so finding
// a recordset by its derived id costs a hash a row, not a read of its records.
Result<std::optional<RowKey>>
find_row(Store& store,
         int64_t zone_id,
         const RowSelection& rows,
         const std::function<bool(std::span<const uint8_t>, uint16_t)>& match);

// Every row of a zone in the store's order with its records' presentation text (one
// per line), streamed: an export's memory does not grow with the zone. ttl < 0: the
// zone's.
struct TextRow {
  std::span<const uint8_t> key;
  uint16_t type = 0;
  int64_t ttl = -1;
  std::string_view data;
};
Status
for_each_text_row(Store& store, int64_t zone_id, const std::function<void(const TextRow&)>& f);

} // namespace dnsctl::store
