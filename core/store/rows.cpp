#include "core/store/rows.hpp"

#include "core/dns/name.hpp"
#include "core/store/access.hpp"
#include "core/util/text.hpp"

#include <algorithm>
#include <array>

namespace dnsctl::store {
RowWriter::RowWriter(Store& store, int64_t zone_id)
    : m_store(store)
    , m_zone_id(zone_id)
    , m_now(Store::now()) {}

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

void RowWriter::bind_history(db::Statement& st, const RowData& row, int first) const {
  if (row.created_at < 0) {
    st.bind(first);
  } else {
    st.bind(first, row.created_at != 0 ? row.created_at : m_now);
  }
  if (row.updated_at == 0) {
    st.bind(first + 1);
  } else {
    st.bind(first + 1, row.updated_at);
  }
  st.bind(first + 2, row.version);
}

void RowWriter::insert(std::span<const RowData> rows) {
  static constexpr std::array<std::string_view, 11> k_columns{"zone_id",
                                                              "owner",
                                                              "type",
                                                              "ttl",
                                                              "managed",
                                                              "description",
                                                              "data",
                                                              "rdata",
                                                              "created_at",
                                                              "updated_at",
                                                              "version"};
  if (auto bulk = connection(m_store).bulk_insert("recordsets", k_columns)) {
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
      if (row.created_at < 0) {
        bulk->null();
      } else {
        bulk->int64(row.created_at != 0 ? row.created_at : m_now);
      }
      if (row.updated_at == 0) {
        bulk->null();
      } else {
        bulk->int64(row.updated_at);
      }
      bulk->int64(row.version);
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
           "data, rdata, created_at, updated_at, version) VALUES ";
    for (size_t i = 0; i < k_batch; ++i) {
      sql += i == 0 ? "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }
    m_insert_batch = std::make_unique<db::Statement>(connection(m_store), sql);
    m_texts.resize(k_batch);
  }
  size_t i = 0;
  for (; i + k_batch <= rows.size(); i += k_batch) {
    auto& st = *m_insert_batch;
    for (size_t k = 0; k < k_batch; ++k) {
      const RowData& row = rows[i + k];
      int base = static_cast<int>(k * 11);
      st.bind(base + 1, m_zone_id);
      st.bind_ref(base + 2, row.key.data(), static_cast<int>(row.key.size()));
      st.bind(base + 3, static_cast<int>(row.type));
      bind(st, row, base + 4, m_texts[k]);
      bind_history(st, row, base + 9);
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
        connection(m_store),
        "INSERT INTO recordsets(zone_id, owner, type, ttl, managed, description, data, rdata, "
        "created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  }
  auto& st = *m_insert;
  st.bind(1, m_zone_id);
  st.bind_ref(2, row.key.data(), static_cast<int>(row.key.size()));
  st.bind(3, static_cast<int>(row.type));
  bind(st, row, 4, m_text);
  bind_history(st, row, 9);
  st.exec();
  st.reset();
}

void RowWriter::update(const RowData& row) {
  if (!m_update) {
    m_update = std::make_unique<db::Statement>(
        connection(m_store),
        "UPDATE recordsets SET ttl = ?, managed = ?, description = ?, data = ?, "
        "rdata = ?, created_at = ?, updated_at = ?, version = ? "
        "WHERE zone_id = ? AND owner = ? AND type = ?");
  }
  auto& st = *m_update;
  RowData updated = row;
  updated.updated_at = m_now;
  bind(st, updated, 1, m_text);
  bind_history(st, updated, 6);
  st.bind(9, m_zone_id);
  st.bind_ref(10, row.key.data(), static_cast<int>(row.key.size()));
  st.bind(11, static_cast<int>(row.type));
  st.exec();
  st.reset();
}

void RowWriter::update(std::span<const RowData> rows) {
  if (!m_store.is_postgresql()) {
    for (const RowData& row : rows) {
      update(row);
    }
    return;
  }
  std::vector<std::pair<std::span<const uint8_t>, uint16_t>> keys;
  std::vector<RowData> updated(rows.begin(), rows.end());
  keys.reserve(rows.size());
  for (RowData& row : updated) {
    keys.emplace_back(row.key, row.type);
    row.updated_at = m_now;
  }
  remove(keys);
  insert(updated);
}

void RowWriter::remove(std::span<const uint8_t> key, uint16_t type) {
  if (!m_delete) {
    m_delete = std::make_unique<db::Statement>(
        connection(m_store), "DELETE FROM recordsets WHERE zone_id = ? AND owner = ? AND type = ?");
  }
  m_delete->bind(1, m_zone_id);
  m_delete->bind_ref(2, key.data(), static_cast<int>(key.size()));
  m_delete->bind(3, static_cast<int>(type));
  m_delete->exec();
  m_delete->reset();
}

void RowWriter::remove(std::span<const std::pair<std::span<const uint8_t>, uint16_t>> keys) {
  size_t i = 0;
  if (keys.size() >= k_batch) {
    if (!m_delete_batch) {
      // (owner, type) IN (VALUES ...): row values, on both engines.
      std::string sql = "DELETE FROM recordsets WHERE zone_id = ? AND (owner, type) IN (VALUES ";
      for (size_t k = 0; k < k_batch; ++k) {
        sql += k == 0 ? "(?, ?)" : ", (?, ?)";
      }
      m_delete_batch = std::make_unique<db::Statement>(connection(m_store), sql + ")");
    }
    for (; i + k_batch <= keys.size(); i += k_batch) {
      auto& st = *m_delete_batch;
      st.bind(1, m_zone_id);
      for (size_t k = 0; k < k_batch; ++k) {
        const auto& [key, type] = keys[i + k];
        st.bind_ref(static_cast<int>(2 + 2 * k), key.data(), static_cast<int>(key.size()));
        st.bind(static_cast<int>(3 + 2 * k), static_cast<int>(type));
      }
      st.exec();
      st.reset();
    }
  }
  for (; i < keys.size(); ++i) {
    remove(keys[i].first, keys[i].second);
  }
}

RowReader::RowReader(Store& store, int64_t zone_id)
    : m_store(store)
    , m_zone_id(zone_id) {}

RowReader::~RowReader() = default;

bool RowReader::preloaded(std::span<const uint8_t> key) const {
  return std::binary_search(
      m_owners.begin(), m_owners.end(), key, [](const auto& a, const auto& b) {
        return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
      });
}

void RowReader::preload(std::vector<std::vector<uint8_t>> owners) {
  std::sort(owners.begin(), owners.end());
  owners.erase(std::unique(owners.begin(), owners.end()), owners.end());
  m_owners = std::move(owners);
  m_rows.clear();
  if (m_owners.empty()) {
    return;
  }
  // k_batch owners a statement, and only their rows are read however large the zone
  // is. The last batch repeats its last owner. PostgreSQL gets a lookup per owner that
  // it cannot flatten (OFFSET 0): with `owner IN (...)` on a table not yet analyzed
  // (right after an import) it chose to read the whole zone per batch, 17 ms each.
  std::string sql;
  if (m_store.is_postgresql()) {
    sql = "SELECT r.owner, r.type, r.ttl, r.managed, r.description, r.rdata, r.data, "
          "r.created_at, r.version FROM (VALUES ";
    for (size_t k = 0; k < k_batch; ++k) {
      sql += k == 0 ? "(?::bytea)" : ", (?)";
    }
    sql += ") AS v(o) CROSS JOIN LATERAL (SELECT * FROM recordsets WHERE zone_id = ? AND "
           "owner = v.o OFFSET 0) AS r";
  } else {
    sql = "SELECT owner, type, ttl, managed, description, rdata, data, created_at, version "
          "FROM recordsets WHERE owner IN (";
    for (size_t k = 0; k < k_batch; ++k) {
      sql += k == 0 ? "?" : ", ?";
    }
    sql += ") AND zone_id = ?";
  }
  db::Statement st(connection(m_store), sql);
  for (size_t i = 0; i < m_owners.size(); i += k_batch) {
    for (size_t k = 0; k < k_batch; ++k) {
      const auto& o = m_owners[std::min(i + k, m_owners.size() - 1)];
      st.bind_ref(static_cast<int>(1 + k), o.data(), static_cast<int>(o.size()));
    }
    st.bind(static_cast<int>(1 + k_batch), m_zone_id);
    while (st.step()) {
      auto owner = st.column(0).blob();
      EditRow r;
      r.ttl = st.column(2).is_null() ? -1 : st.column(2).int64();
      r.managed = st.column(3).int32() != 0;
      r.description = st.column(4).string();
      auto blob = st.column(5).blob();
      r.rdatas = dns::unpack_rdata(blob.data(), blob.size());
      r.data = st.column(6).string();
      r.created_at = st.column(7).is_null() ? -1 : st.column(7).int64();
      r.version = st.column(8).int64();
      m_rows.emplace(std::make_pair(std::vector<uint8_t>(owner.begin(), owner.end()),
                                    static_cast<uint16_t>(st.column(1).int32())),
                     std::move(r));
    }
    st.reset();
  }
}

std::optional<EditRow> RowReader::get(std::span<const uint8_t> key, uint16_t type) {
  if (preloaded(key)) {
    auto it = m_rows.find({std::vector<uint8_t>(key.begin(), key.end()), type});
    return it == m_rows.end() ? std::nullopt : std::optional<EditRow>(it->second);
  }
  if (!m_get) {
    m_get = std::make_unique<db::Statement>(connection(m_store),
                                            "SELECT ttl, managed, description, rdata, data, "
                                            "created_at, version FROM recordsets "
                                            "WHERE zone_id = ? AND owner = ? AND type = ?");
  }
  auto& st = *m_get;
  st.reset();
  st.bind(1, m_zone_id);
  st.bind_ref(2, key.data(), static_cast<int>(key.size()));
  st.bind(3, static_cast<int>(type));
  std::optional<EditRow> out;
  if (st.step()) {
    EditRow r;
    r.ttl = st.column(0).is_null() ? -1 : st.column(0).int64();
    r.managed = st.column(1).int32() != 0;
    r.description = st.column(2).string();
    auto blob = st.column(3).blob();
    r.rdatas = dns::unpack_rdata(blob.data(), blob.size());
    r.data = st.column(4).string();
    r.created_at = st.column(5).is_null() ? -1 : st.column(5).int64();
    r.version = st.column(6).int64();
    out = std::move(r);
  }
  st.reset();
  return out;
}

std::vector<uint16_t> RowReader::types_at(std::span<const uint8_t> key) {
  if (preloaded(key)) {
    std::vector<uint16_t> types;
    std::vector<uint8_t> k(key.begin(), key.end());
    for (auto it = m_rows.lower_bound({k, 0}); it != m_rows.end() && it->first.first == k; ++it) {
      types.push_back(it->first.second);
    }
    return types;
  }
  if (!m_types) {
    m_types = std::make_unique<db::Statement>(
        connection(m_store), "SELECT type FROM recordsets WHERE zone_id = ? AND owner = ?");
  }
  auto& st = *m_types;
  st.reset();
  st.bind(1, m_zone_id);
  st.bind_ref(2, key.data(), static_cast<int>(key.size()));
  std::vector<uint16_t> types;
  while (st.step()) {
    types.push_back(static_cast<uint16_t>(st.column(0).int32()));
  }
  st.reset();
  return types;
}

RowCursor::RowCursor(Store& store, int64_t zone_id)
    : m_st(std::make_unique<db::Statement>(connection(store),
                                           "SELECT owner, type, ttl, rdata, created_at, "
                                           "version FROM recordsets "
                                           "WHERE zone_id = ? AND managed = 0 "
                                           "ORDER BY owner, type")) {
  m_st->bind(1, zone_id);
}

RowCursor::~RowCursor() = default;

bool RowCursor::next(StoredRow& r) {
  auto& st = *m_st;
  if (!st.step()) {
    return false;
  }
  auto k = st.column(0).blob();
  r.key.assign(k.begin(), k.end());
  r.type = static_cast<uint16_t>(st.column(1).int32());
  r.ttl = st.column(2).is_null() ? -1 : st.column(2).int64();
  auto d = st.column(3).blob();
  r.packed.assign(d.begin(), d.end());
  r.created_at = st.column(4).is_null() ? -1 : st.column(4).int64();
  r.version = st.column(5).int64();
  return true;
}

Status
for_each_text_row(Store& store, int64_t zone_id, const std::function<void(const TextRow&)>& f) {
  return store.read([&]() -> Status {
    db::Statement st(connection(store),
                     "SELECT owner, type, ttl, data FROM recordsets "
                     "WHERE zone_id = ? ORDER BY owner, type");
    st.bind(1, zone_id);
    st.stream();
    while (st.step()) {
      f(TextRow{st.column(0).blob(),
                static_cast<uint16_t>(st.column(1).int32()),
                st.column(2).is_null() ? -1 : st.column(2).int64(),
                st.column(3).text()});
    }
    return {};
  });
}

namespace {

// " AND ..." for the selection; bind_selection() binds its values from `first`.
std::string where_selection(const RowSelection& rows) {
  std::string sql;
  if (rows.owner) {
    sql += " AND owner = ?";
  }
  if (rows.type) {
    sql += " AND type = ?";
  }
  return sql;
}

int bind_selection(db::Statement& st, const RowSelection& rows, int i) {
  if (rows.owner) {
    st.bind(i++, rows.owner->data(), static_cast<int>(rows.owner->size()));
  }
  if (rows.type) {
    st.bind(i++, static_cast<int>(*rows.type));
  }
  return i;
}

} // namespace

Result<std::vector<model::RecordSet>>
read_recordsets(Store& store, int64_t zone_id, const RowSelection& rows, const RowRange& range) {
  return store.read([&]() -> Result<std::vector<model::RecordSet>> {
    std::string sql = "SELECT owner, type, ttl, managed, description, data, created_at, "
                      "updated_at, version FROM recordsets WHERE zone_id = ?"
                      + where_selection(rows);
    // Row values keep the primary key's order, so both engines walk the index from the
    // key on instead of sorting the zone.
    if (range.after) {
      sql += range.descending ? " AND (owner, type) < (?, ?)" : " AND (owner, type) > (?, ?)";
    }
    sql += range.descending ? " ORDER BY owner DESC, type DESC" : " ORDER BY owner, type";
    if (range.limit > 0) {
      sql += " LIMIT " + std::to_string(range.limit);
    }
    db::Statement st(connection(store), sql);
    st.bind(1, zone_id);
    int i = bind_selection(st, rows, 2);
    if (range.after) {
      st.bind(i++, range.after->owner.data(), static_cast<int>(range.after->owner.size()));
      st.bind(i++, static_cast<int>(range.after->type));
    }
    std::vector<model::RecordSet> out;
    while (st.step()) {
      model::RecordSet rs;
      auto o = st.column(0).blob();
      dns::Name::append_text_from_sort_key(o.data(), o.size(), rs.name);
      rs.zone_id = zone_id;
      rs.type = static_cast<uint16_t>(st.column(1).int32());
      rs.ttl = st.column(2).is_null() ? -1 : st.column(2).int64();
      rs.managed = st.column(3).int32() != 0;
      rs.description = st.column(4).string();
      rs.data = text::split(st.column(5).string(), '\n');
      rs.created_at = st.column(6).is_null() ? 0 : st.column(6).int64();
      rs.updated_at = st.column(7).is_null() ? 0 : st.column(7).int64();
      rs.version = st.column(8).int64();
      out.push_back(std::move(rs));
    }
    return out;
  });
}

Result<size_t> count_recordsets(Store& store, int64_t zone_id, const RowSelection& rows) {
  return store.read([&]() -> Result<size_t> {
    db::Statement st(connection(store),
                     "SELECT count(*) FROM recordsets WHERE zone_id = ?" + where_selection(rows));
    st.bind(1, zone_id);
    bind_selection(st, rows, 2);
    st.step();
    return static_cast<size_t>(st.column(0).int64());
  });
}

Result<std::optional<RowKey>>
find_row(Store& store,
         int64_t zone_id,
         const RowSelection& rows,
         const std::function<bool(std::span<const uint8_t>, uint16_t)>& match) {
  return store.read([&]() -> Result<std::optional<RowKey>> {
    db::Statement st(connection(store),
                     "SELECT owner, type FROM recordsets WHERE zone_id = ?" + where_selection(rows)
                         + " ORDER BY owner, type");
    st.bind(1, zone_id);
    bind_selection(st, rows, 2);
    st.stream();
    while (st.step()) {
      auto o = st.column(0).blob();
      auto t = static_cast<uint16_t>(st.column(1).int32());
      if (match(o, t)) {
        return std::optional<RowKey>(RowKey{{o.begin(), o.end()}, t});
      }
    }
    return std::optional<RowKey>();
  });
}

} // namespace dnsctl::store
