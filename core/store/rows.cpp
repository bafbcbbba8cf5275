#include "core/store/rows.hpp"

#include "core/db/connection.hpp"
#include "core/store/store.hpp"

#include <array>

namespace dnsctl::store {
RowWriter::RowWriter(Store& store, int64_t zone_id)
    : m_store(store)
    , m_zone_id(zone_id) {}

RowWriter::~RowWriter() = default;

void RowWriter::format(const RowData& row, dns::RdataPrinter& printer, std::string& text) {
  // The presentation form of every record, one per line, printed from the wire form
  // we were given: what is displayed is what is served.
  text.clear();
  const uint8_t* p = row.packed.data();
  const uint8_t* end = p + row.packed.size();
  while (p + 2 <= end) {
    size_t len = (static_cast<size_t>(p[0]) << 8) | p[1];
    p += 2;
    if (p + len > end) {
      break;
    }
    if (!text.empty()) {
      text += '\n';
    }
    printer.append(row.type, p, len, text);
    p += len;
  }
}

const std::string& RowWriter::data_of(const RowData& row, std::string& text) {
  if (row.text != nullptr) {
    return *row.text;
  }
  format(row, m_printer, text);
  return text;
}

// `text` must live until the statement has run.
void RowWriter::bind(db::Statement& st, const RowData& row, int first, std::string& text) {
  const std::string& data = data_of(row, text);
  if (row.ttl < 0) {
    st.bind(first);
  } else {
    st.bind(first, row.ttl);
  }
  st.bind(first + 1, row.managed ? 1 : 0);
  if (row.description.empty()) {
    st.bind_ref(first + 2, "");
  } else {
    st.bind(first + 2, std::string(row.description));
  }
  st.bind_ref(first + 3, data);
  st.bind_ref(first + 4, row.packed.data(), static_cast<int>(row.packed.size()));
}

void RowWriter::insert(std::span<const RowData> rows) {
  static constexpr std::array<std::string_view, 8> k_columns{
      "zone_id", "owner", "type", "ttl", "managed", "description", "data", "rdata"};
  if (auto bulk = m_store.db().bulk_insert("recordsets", k_columns)) {
    for (const RowData& row : rows) {
      bulk->int64(m_zone_id);
      bulk->blob(row.key);
      bulk->int64(row.type);
      if (row.ttl < 0) {
        bulk->null();
      } else {
        bulk->int64(row.ttl);
      }
      bulk->int64(row.managed ? 1 : 0);
      bulk->text(row.description);
      bulk->text(data_of(row, m_text));
      bulk->blob(row.packed);
      bulk->end_row();
    }
    bulk->finish();
    return;
  }
  if (m_insert_batch == nullptr) {
    // OR FAIL: a constraint error fails the statement without undoing its earlier rows,
    // so SQLite keeps no statement journal for it (measured: 546 MB of temp-file writes
    // for a 1M-record import). The whole transaction is rolled back on any error anyway.
    std::string sql =
        m_store.is_postgresql() ? "INSERT INTO recordsets(" : "INSERT OR FAIL INTO recordsets(";
    sql += "zone_id, owner, type, ttl, managed, description, "
           "data, rdata) VALUES ";
    for (size_t i = 0; i < k_batch; ++i) {
      sql += i == 0 ? "(?, ?, ?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?, ?, ?)";
    }
    m_insert_batch = std::make_unique<db::Statement>(m_store.db(), sql);
    m_texts.resize(k_batch);
  }
  size_t i = 0;
  for (; i + k_batch <= rows.size(); i += k_batch) {
    auto& st = *m_insert_batch;
    for (size_t k = 0; k < k_batch; ++k) {
      const RowData& row = rows[i + k];
      int base = static_cast<int>(k * 8);
      st.bind(base + 1, m_zone_id);
      st.bind_ref(base + 2, row.key.data(), static_cast<int>(row.key.size()));
      st.bind(base + 3, static_cast<int>(row.type));
      bind(st, row, base + 4, m_texts[k]);
    }
    st.exec();
    st.reset();
  }
  for (; i < rows.size(); ++i) {
    insert(rows[i]);
  }
}

void RowWriter::insert(const RowData& row) {
  if (!m_insert) {
    m_insert = std::make_unique<db::Statement>(
        m_store.db(),
        "INSERT INTO recordsets(zone_id, owner, type, ttl, managed, description, data, rdata) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  }
  auto& st = *m_insert;
  st.bind(1, m_zone_id);
  st.bind_ref(2, row.key.data(), static_cast<int>(row.key.size()));
  st.bind(3, static_cast<int>(row.type));
  bind(st, row, 4, m_text);
  st.exec();
  st.reset();
}

void RowWriter::update(const RowData& row) {
  if (!m_update) {
    m_update = std::make_unique<db::Statement>(
        m_store.db(),
        "UPDATE recordsets SET ttl = ?, managed = ?, description = ?, data = ?, "
        "rdata = ? WHERE zone_id = ? AND owner = ? AND type = ?");
  }
  auto& st = *m_update;
  bind(st, row, 1, m_text);
  st.bind(6, m_zone_id);
  st.bind_ref(7, row.key.data(), static_cast<int>(row.key.size()));
  st.bind(8, static_cast<int>(row.type));
  st.exec();
  st.reset();
}

void RowWriter::remove(std::span<const uint8_t> key, uint16_t type) {
  if (!m_delete) {
    m_delete = std::make_unique<db::Statement>(
        m_store.db(), "DELETE FROM recordsets WHERE zone_id = ? AND owner = ? AND type = ?");
  }
  m_delete->bind(1, m_zone_id);
  m_delete->bind_ref(2, key.data(), static_cast<int>(key.size()));
  m_delete->bind(3, static_cast<int>(type));
  m_delete->exec();
  m_delete->reset();
}

} // namespace dnsctl::store
