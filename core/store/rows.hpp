#pragma once
// Writes recordsets rows of one zone, with statements prepared once: the ZoneEditor
// for single changes and the bulk import for a million RRsets use the same code, so
// text and wire forms are always written together the same way.

#include "core/dns/rdata.hpp"

#include <cstdint>
#include <memory>
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
  // The records' presentation form, one per line, when the caller printed it already
  // (a bulk import does it on another thread); nullptr: printed here from `packed`.
  const std::string* text = nullptr;
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
  void remove(std::span<const uint8_t> key, uint16_t type);

private:
  void bind(db::Statement& st, const RowData& row, int first, std::string& text);
  // The row's `data` column: its text as given, or printed into `text`.
  const std::string& data_of(const RowData& row, std::string& text);

public:
  // The presentation form of the row's records, one per line: what `data` holds.
  static void format(const RowData& row, dns::RdataPrinter& printer, std::string& text);

private:
  Store& m_store;
  int64_t m_zone_id;
  std::unique_ptr<db::Statement> m_insert;
  std::unique_ptr<db::Statement> m_insert_batch;
  std::vector<std::string> m_texts; // one per row of a batch
  std::unique_ptr<db::Statement> m_update;
  std::unique_ptr<db::Statement> m_delete;
  dns::RdataPrinter m_printer;
  // Statements bind these without a copy: they live until the statement has run.
  std::string m_text;
};

} // namespace dnsctl::store
