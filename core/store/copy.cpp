#include "core/store/copy.hpp"

#include "core/store/access.hpp"
#include "core/store/store.hpp"

#include <array>
#include <cstdio>

namespace dnsctl::store {
namespace {

// Parents before children, so that every foreign key finds its row. A table added by
// a later migration must be listed here (the copy refuses a store with one it misses).
constexpr std::array k_tables{
    "pools",
    "pool_attributes",
    "pool_ns_records",
    "pool_nameservers",
    "pool_also_notifies",
    "pool_targets",
    "pool_target_options",
    "pool_target_masters",
    "pool_catalog",
    "zones",
    "recordsets",
    "zone_journal",
    "zone_journal_rrs",
    "target_zone_state",
    "change_log",
    "tsigkeys",
    "nameserver_zone_state",
    "tlds",
    "blacklists",
    "zone_attributes",
    "zone_moves",
    "managed_records",
    "sink_messages",
    "quotas",
    "zone_exports",
};

// Tables whose `id` is generated: PostgreSQL's sequence must continue after the copied ids.
constexpr std::array k_id_tables{
    "pools",
    "pool_attributes",
    "pool_ns_records",
    "pool_nameservers",
    "pool_also_notifies",
    "pool_targets",
    "pool_target_options",
    "pool_target_masters",
    "zones",
    "zone_journal",
    "change_log",
    "tsigkeys",
    "tlds",
    "blacklists",
    "zone_exports",
};

// Rows per INSERT: one round trip to PostgreSQL carries many rows.
constexpr size_t k_batch_rows = 200;

std::string hex(std::span<const uint8_t> b) {
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(b.size() * 2);
  for (uint8_t c : b) {
    out += k_digits[c >> 4];
    out += k_digits[c & 15];
  }
  return out;
}

// FNV-1a over the canonical text of each row (its table, then each value with its
// kind), summed over the rows: the sum does not depend on the order rows come in, which
// differs between engines (NULLs sort first on SQLite, last on PostgreSQL).
struct RowHash {
  uint64_t h = 1469598103934665603ULL;
  void add(std::string_view s) {
    for (char c : s) {
      h ^= static_cast<uint8_t>(c);
      h *= 1099511628211ULL;
    }
  }
};

struct Digest {
  uint64_t sum = 0;
  int64_t rows = 0;
};

void digest_table(db::Connection& db, const char* table, Digest& digest) {
  db::Statement q(db, std::string("SELECT * FROM ") + table);
  while (q.step()) {
    ++digest.rows;
    RowHash d;
    d.add(table);
    for (int i = 0; i < q.column_count(); ++i) {
      switch (q.column_value(i)) {
      case db::Value::null:
        d.add("\x01N");
        break;
      case db::Value::integer:
        d.add("\x01I" + std::to_string(q.column(i).int64()));
        break;
      case db::Value::blob:
        d.add("\x01B" + hex(q.column(i).blob()));
        break;
      case db::Value::text:
        d.add("\x01T");
        d.add(q.column(i).text());
        break;
      }
    }
    digest.sum += d.h;
  }
}

int64_t count_rows(db::Connection& db, const std::string& sql) {
  db::Statement q(db, sql);
  return q.step() ? q.column(0).int64() : 0;
}

struct Row {
  std::vector<db::Value> kinds;
  std::vector<int64_t> ints;
  std::vector<std::string> bytes; // text, or a blob's octets
};

void flush(db::Connection& to,
           const std::string& table,
           const std::vector<std::string>& cols,
           std::vector<Row>& rows) {
  if (rows.empty()) {
    return;
  }
  std::string sql = "INSERT INTO " + table + "(";
  std::string one = "(";
  for (size_t i = 0; i < cols.size(); ++i) {
    sql += (i == 0 ? "" : ", ") + cols[i];
    one += i == 0 ? "?" : ", ?";
  }
  sql += ") VALUES ";
  one += ")";
  for (size_t r = 0; r < rows.size(); ++r) {
    sql += (r == 0 ? "" : ", ") + one;
  }
  db::Statement ins(to, sql);
  int n = 1;
  for (const auto& row : rows) {
    for (size_t i = 0; i < cols.size(); ++i, ++n) {
      switch (row.kinds[i]) {
      case db::Value::null:
        ins.bind(n);
        break;
      case db::Value::integer:
        ins.bind(n, row.ints[i]);
        break;
      case db::Value::text:
        ins.bind_ref(n, row.bytes[i]);
        break;
      case db::Value::blob:
        ins.bind_ref(n, row.bytes[i].data(), static_cast<int>(row.bytes[i].size()));
        break;
      }
    }
  }
  ins.exec();
  rows.clear();
}

int64_t copy_table(db::Connection& from, db::Connection& to, const char* table) {
  db::Statement q(from, std::string("SELECT * FROM ") + table);
  std::vector<std::string> cols;
  std::vector<Row> batch;
  int64_t n = 0;
  while (q.step()) {
    if (cols.empty()) {
      for (int i = 0; i < q.column_count(); ++i) {
        cols.push_back(q.column_name(i));
      }
    }
    Row row;
    row.kinds.resize(cols.size());
    row.ints.resize(cols.size());
    row.bytes.resize(cols.size());
    for (size_t i = 0; i < cols.size(); ++i) {
      auto c = q.column(static_cast<int>(i));
      row.kinds[i] = q.column_value(static_cast<int>(i));
      if (row.kinds[i] == db::Value::integer) {
        row.ints[i] = c.int64();
      } else if (row.kinds[i] == db::Value::text) {
        row.bytes[i] = c.string();
      } else if (row.kinds[i] == db::Value::blob) {
        auto b = c.blob();
        row.bytes[i].assign(reinterpret_cast<const char*>(b.data()), b.size());
      }
    }
    batch.push_back(std::move(row));
    ++n;
    if (batch.size() * cols.size() >= k_batch_rows * 8) {
      flush(to, table, cols, batch);
    }
  }
  flush(to, table, cols, batch);
  return n;
}

Status check_tables(db::Connection& db, const std::string& where) {
  // The list above must name every table the schema has.
  std::string sql = db.engine() == db::Engine::postgresql
                        ? "SELECT table_name FROM information_schema.tables "
                          "WHERE table_schema = current_schema() AND table_name != 'dnsctl_schema'"
                        : "SELECT name FROM sqlite_master WHERE type = 'table'";
  db::Statement q(db, sql);
  while (q.step()) {
    std::string t = q.column(0).string();
    bool known = false;
    for (const char* k : k_tables) {
      known = known || t == k;
    }
    if (!known) {
      std::string msg = where;
      msg += " has a table db copy does not know: ";
      msg += t;
      return make_error(Errc::internal, msg);
    }
  }
  return {};
}

} // namespace

Result<std::string> content_digest(Store& store) {
  return store.read([&]() -> Result<std::string> {
    Digest d;
    for (const char* t : k_tables) {
      digest_table(connection(store), t, d);
    }
    std::array<char, 17> buf{};
    (void)std::snprintf(buf.data(), buf.size(), "%016llx", static_cast<unsigned long long>(d.sum));
    return std::string(buf.data()) + " " + std::to_string(d.rows) + " rows";
  });
}

Result<std::vector<CopiedTable>> copy_store(Store& from, Store& to) {
  DNSCTL_TRY(from.read([&]() { return check_tables(connection(from), from.path()); }));
  auto copied = to.write("db copy", [&]() -> Result<std::vector<CopiedTable>> {
    DNSCTL_TRY(check_tables(connection(to), to.path()));
    for (const char* t : k_tables) {
      if (count_rows(connection(to), std::string("SELECT count(*) FROM ") + t) > 0) {
        return make_error(Errc::conflict,
                          "the target store " + to.path() + " is not empty (table " + t
                              + " has rows); db copy fills an empty store");
      }
    }
    // One snapshot of the source for the copy and the comparison after it, whatever
    // its writers do meanwhile.
    connection(from).begin_read();
    std::vector<CopiedTable> tables;
    Digest a;
    Digest b;
    try {
      for (const char* t : k_tables) {
        tables.push_back({t, copy_table(connection(from), connection(to), t)});
      }
      // Compare inside the transaction: a copy that differs is never committed.
      for (const char* t : k_tables) {
        digest_table(connection(from), t, a);
        digest_table(connection(to), t, b);
      }
      connection(from).commit();
    } catch (...) {
      connection(from).rollback();
      throw;
    }
    if (to.is_postgresql()) {
      for (const char* t : k_id_tables) {
        connection(to).exec(std::string("SELECT setval(pg_get_serial_sequence('") + t + "', 'id'), "
                            + "coalesce((SELECT max(id) FROM " + t + "), 0) + 1, false)");
      }
    }
    if (a.sum != b.sum || a.rows != b.rows) {
      return make_error(Errc::internal,
                        "the copy in " + to.path() + " differs from " + from.path()
                            + " after writing it; nothing was committed");
    }
    return tables;
  });
  return copied;
}

} // namespace dnsctl::store
