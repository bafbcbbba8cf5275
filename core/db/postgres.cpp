#include "core/db/engines.hpp"

#include <libpq-fe.h>

#include <array>
#include <charconv>
#include <cstring>
#include <unordered_map>
#include <vector>

namespace dnsctl::db {
namespace {

constexpr unsigned k_int8_oid = 20;
constexpr unsigned k_bytea_oid = 17;
constexpr unsigned k_int4_oid = 23;
constexpr unsigned k_int2_oid = 21;
constexpr unsigned k_bool_oid = 16;
constexpr unsigned k_numeric_oid = 1700;

bool is_number(unsigned oid) {
  return oid == k_int8_oid || oid == k_int4_oid || oid == k_int2_oid || oid == k_bool_oid
         || oid == k_numeric_oid;
}

int64_t big_endian(const char* p, int len) {
  uint64_t v = 0;
  for (int i = 0; i < len; ++i) {
    v = (v << 8) | static_cast<uint8_t>(p[i]);
  }
  // Sign-extend the narrower integers.
  if (len < 8 && len > 0 && (static_cast<uint8_t>(p[0]) & 0x80) != 0) {
    v |= ~uint64_t{0} << (len * 8);
  }
  return static_cast<int64_t>(v);
}

// NUMERIC's binary form (sum() of BIGINT gives one): digit count, weight, sign, scale,
// then base-10000 digits. Only whole numbers are read here.
int64_t numeric_value(const char* p, int len) {
  if (len < 8) {
    return 0;
  }
  auto ndigits = static_cast<int>(big_endian(p, 2));
  auto weight = static_cast<int>(big_endian(p + 2, 2));
  auto sign = static_cast<uint16_t>(big_endian(p + 4, 2));
  int64_t v = 0;
  for (int i = 0; i <= weight; ++i) {
    int64_t digit = i < ndigits && 8 + 2 * i + 2 <= len
                        ? big_endian(p + 8 + static_cast<ptrdiff_t>(i) * 2, 2)
                        : 0;
    v = v * 10000 + digit;
  }
  return sign == 0x4000 ? -v : v;
}
// Every write transaction takes this advisory lock first, so writers queue one behind
// the other as they do on SQLite's write lock: the store's rules (one serial step per
// change, catalog serials, scheduling) read then write, and stay exact without
// serialization retries. Its value spells "dnsc".
constexpr int64_t k_write_lock = 0x646e7363;
constexpr const char* k_channel = "dnsctl_store";

std::string trimmed(const char* s) {
  std::string out = s != nullptr ? s : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) {
    out.pop_back();
  }
  return out;
}

Failure failure_of(PGconn* conn, const PGresult* res) {
  if (PQstatus(conn) == CONNECTION_BAD) {
    return Failure::io;
  }
  const char* state = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  if (state == nullptr) {
    return Failure::io; // no answer from the server at all
  }
  std::string_view s(state);
  if (s.starts_with("23")) {
    return Failure::constraint;
  }
  if (s == "40001" || s == "40P01" || s == "55P03") {
    return Failure::busy;
  }
  if (s.starts_with("08") || s.starts_with("53") || s.starts_with("57P") || s == "25006") {
    return Failure::io;
  }
  return Failure::other;
}

[[noreturn]] void fail(PGconn* conn, const PGresult* res) {
  Failure kind = failure_of(conn, res);
  std::string msg = trimmed(res != nullptr ? PQresultErrorMessage(res) : PQerrorMessage(conn));
  if (msg.empty()) {
    msg = trimmed(PQerrorMessage(conn));
  }
  if (PQstatus(conn) == CONNECTION_BAD) {
    msg = "lost the connection to PostgreSQL: " + msg;
  }
  throw Error(kind, msg);
}

using ResultPtr = std::unique_ptr<PGresult, void (*)(PGresult*)>;

ResultPtr wrap(PGresult* r) {
  return {r, PQclear};
}

// SQLite's `?` and `?N` placeholders as PostgreSQL's `$N`, outside quotes.
std::string numbered(std::string_view sql, int& count) {
  std::string out;
  out.reserve(sql.size() + 16);
  char quote = 0;
  count = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (quote != 0) {
      out += c;
      if (c == quote) {
        quote = 0;
      }
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      out += c;
      continue;
    }
    if (c != '?') {
      out += c;
      continue;
    }
    size_t j = i + 1;
    int n = 0;
    while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') {
      n = n * 10 + (sql[j] - '0');
      ++j;
    }
    if (j == i + 1) {
      n = count + 1;
    }
    count = std::max(count, n);
    out += '$';
    out += std::to_string(n);
    i = j - 1;
  }
  return out;
}

class PgConnection;

class PgStatement final : public StatementImpl {
public:
  PgStatement(PgConnection& c, std::string_view sql);
  ~PgStatement() override {
    if (m_stream_open) {
      stop_stream();
    }
  }
  PgStatement(const PgStatement&) = delete;
  PgStatement& operator=(const PgStatement&) = delete;
  PgStatement(PgStatement&&) = delete;
  PgStatement& operator=(PgStatement&&) = delete;

  void bind_null(int index) override { slot(index) = Param{}; }
  void bind_int64(int index, int64_t v) override {
    Param& p = slot(index);
    p = Param{};
    p.owned = std::to_string(v);
    p.type = k_int8_oid;
    p.null = false;
  }
  void bind_text(int index, std::string_view v, bool /*copy*/) override {
    Param& p = slot(index);
    p = Param{};
    p.owned.assign(v.data(), v.size());
    p.null = false;
  }
  void bind_blob(int index, std::span<const uint8_t> v, bool /*copy*/) override {
    Param& p = slot(index);
    p = Param{};
    p.owned.assign(reinterpret_cast<const char*>(v.data()), v.size());
    p.type = k_bytea_oid;
    p.binary = true;
    p.null = false;
  }
  bool step() override {
    if (m_streaming) {
      return stream_step();
    }
    if (!m_result) {
      run();
      m_row = -1;
    }
    ++m_row;
    return m_row < PQntuples(m_result.get());
  }
  void set_streaming() override { m_streaming = true; }
  int exec() override {
    run();
    const char* n = PQcmdTuples(m_result.get());
    int changed = 0;
    std::from_chars(n, n + std::strlen(n), changed);
    return changed;
  }
  void reset() override {
    if (m_stream_open) {
      stop_stream();
    }
    m_result.reset();
  }
  int column_count() override { return m_result ? PQnfields(m_result.get()) : 0; }
  std::string column_name(int index) override { return PQfname(m_result.get(), index); }
  Value column_value(int index) override {
    if (PQgetisnull(m_result.get(), m_row, index) != 0) {
      return Value::null;
    }
    switch (PQftype(m_result.get(), index)) {
    case k_int8_oid:
    case k_int4_oid:
    case k_int2_oid:
    case k_bool_oid:
    case k_numeric_oid:
      return Value::integer;
    case k_bytea_oid:
      return Value::blob;
    default:
      return Value::text;
    }
  }
  // Results come in binary: BYTEA as its octets (no hex to decode: a transfer of a
  // million RRsets spent most of its time there), integers big-endian.
  int64_t column_int64(int index) override {
    const char* v = PQgetvalue(m_result.get(), m_row, index);
    int len = PQgetlength(m_result.get(), m_row, index);
    switch (PQftype(m_result.get(), index)) {
    case k_int8_oid:
    case k_int4_oid:
    case k_int2_oid:
    case k_bool_oid:
      return big_endian(v, len);
    case k_numeric_oid:
      return numeric_value(v, len);
    default: {
      int64_t out = 0;
      std::from_chars(v, v + len, out);
      return out;
    }
    }
  }
  std::string_view column_text(int index) override {
    if (is_number(PQftype(m_result.get(), index))) {
      auto& text = m_texts[index];
      text = std::to_string(column_int64(index));
      return text;
    }
    return {PQgetvalue(m_result.get(), m_row, index),
            static_cast<size_t>(PQgetlength(m_result.get(), m_row, index))};
  }
  bool column_is_null(int index) override { return PQgetisnull(m_result.get(), m_row, index) != 0; }
  std::span<const uint8_t> column_blob(int index) override;

private:
  struct Param {
    std::string owned;
    unsigned type = 0; // unknown: the server infers it from where it is used
    bool binary = false;
    bool null = true;
  };
  Param& slot(int index) {
    if (index < 1 || index > static_cast<int>(m_params.size())) {
      throw Error(Failure::other, "bind index " + std::to_string(index) + " out of range");
    }
    return m_params[static_cast<size_t>(index - 1)];
  }
  void run();
  bool stream_step();
  void stop_stream();
  void collect(std::vector<unsigned>& types,
               std::vector<const char*>& values,
               std::vector<int>& lengths,
               std::vector<int>& formats);

  PgConnection& m_conn;
  std::string m_sql;
  std::vector<Param> m_params;
  ResultPtr m_result{nullptr, PQclear};
  int m_row = -1;
  std::unordered_map<int, std::string> m_texts; // numbers printed for column_text()
  bool m_streaming = false;
  bool m_stream_open = false;
};

// COPY … FROM STDIN (FORMAT binary): the file header, then per row a field count and
// each field as a length and its octets (BIGINT as 8 big-endian octets), then -1.
class PgBulkWriter final : public BulkWriter {
public:
  PgBulkWriter(PGconn* conn, const std::string& sql, size_t columns)
      : m_conn(conn)
      , m_columns(static_cast<uint16_t>(columns)) {
    auto res = wrap(PQexec(conn, sql.c_str()));
    if (PQresultStatus(res.get()) != PGRES_COPY_IN) {
      fail(conn, res.get());
    }
    m_open = true;
    static constexpr char k_signature[] = "PGCOPY\n\377\r\n"; // and its 0 octet
    m_buf.append(k_signature, sizeof(k_signature));
    put32(0); // flags
    put32(0); // header extension length
  }
  ~PgBulkWriter() override {
    if (m_open) {
      // Given up (an exception on the caller's side): the server discards the rows and
      // the transaction is rolled back by the caller.
      PQputCopyEnd(m_conn, "abandoned");
      while (PGresult* r = PQgetResult(m_conn)) {
        PQclear(r);
      }
    }
  }
  PgBulkWriter(const PgBulkWriter&) = delete;
  PgBulkWriter& operator=(const PgBulkWriter&) = delete;
  PgBulkWriter(PgBulkWriter&&) = delete;
  PgBulkWriter& operator=(PgBulkWriter&&) = delete;

  void null() override {
    field();
    put32(-1);
  }
  void int64(int64_t v) override {
    field();
    put32(8);
    auto u = static_cast<uint64_t>(v);
    for (int shift = 56; shift >= 0; shift -= 8) {
      m_buf += static_cast<char>((u >> shift) & 0xff);
    }
  }
  void text(std::string_view v) override {
    field();
    put32(static_cast<int32_t>(v.size()));
    m_buf.append(v);
  }
  void blob(std::span<const uint8_t> v) override {
    field();
    put32(static_cast<int32_t>(v.size()));
    m_buf.append(reinterpret_cast<const char*>(v.data()), v.size());
  }
  void end_row() override {
    m_in_row = false;
    if (m_buf.size() >= k_send_at) {
      send();
    }
  }
  void finish() override {
    put16(0xffff); // the trailer: a field count of -1
    send();
    m_open = false;
    if (PQputCopyEnd(m_conn, nullptr) != 1) {
      fail(m_conn, nullptr);
    }
    auto res = wrap(PQgetResult(m_conn));
    while (PGresult* r = PQgetResult(m_conn)) {
      PQclear(r);
    }
    if (PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
      fail(m_conn, res.get());
    }
  }

private:
  static constexpr size_t k_send_at = size_t{256} * 1024;

  void field() {
    if (!m_in_row) {
      put16(m_columns);
      m_in_row = true;
    }
  }
  void put16(uint16_t v) {
    m_buf += static_cast<char>(v >> 8);
    m_buf += static_cast<char>(v & 0xff);
  }
  void put32(int32_t v) {
    auto u = static_cast<uint32_t>(v);
    for (int shift = 24; shift >= 0; shift -= 8) {
      m_buf += static_cast<char>((u >> shift) & 0xff);
    }
  }
  void send() {
    if (!m_buf.empty()
        && PQputCopyData(m_conn, m_buf.data(), static_cast<int>(m_buf.size())) != 1) {
      fail(m_conn, nullptr);
    }
    m_buf.clear();
  }

  PGconn* m_conn;
  uint16_t m_columns;
  std::string m_buf;
  bool m_in_row = false;
  bool m_open = false;
};

class PgConnection final : public Connection {
public:
  PgConnection(const std::string& conninfo, std::chrono::milliseconds busy_timeout)
      : m_conn(PQconnectdb(conninfo.c_str())) {
    if (m_conn == nullptr) {
      throw Error(Failure::io, "cannot connect to PostgreSQL: out of memory");
    }
    if (PQstatus(m_conn) != CONNECTION_OK) {
      std::string msg = trimmed(PQerrorMessage(m_conn));
      PQfinish(m_conn);
      m_conn = nullptr;
      throw Error(Failure::io, "cannot connect to PostgreSQL: " + msg);
    }
    // Notices (a NOTICE on CREATE ... IF NOT EXISTS) are not for the operator.
    PQsetNoticeProcessor(
        m_conn, [](void*, const char*) {}, nullptr);
    // Waiting for the write lock is bounded as SQLite's busy timeout bounds it.
    exec("SET lock_timeout = " + std::to_string(busy_timeout.count())
         + "; SET client_min_messages = warning; SET TIME ZONE 'UTC'");
    m_pid = PQbackendPID(m_conn);
  }
  ~PgConnection() override {
    if (m_conn != nullptr) {
      PQfinish(m_conn);
    }
  }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;
  PgConnection(PgConnection&&) = delete;
  PgConnection& operator=(PgConnection&&) = delete;

  Engine engine() const override { return Engine::postgresql; }
  std::unique_ptr<StatementImpl> prepare(std::string_view sql) override {
    return std::make_unique<PgStatement>(*this, sql);
  }
  void exec(const std::string& sql) override {
    auto res = wrap(PQexec(m_conn, sql.c_str()));
    auto st = PQresultStatus(res.get());
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      fail(m_conn, res.get());
    }
  }
  void begin_write() override {
    exec("BEGIN; SELECT pg_advisory_xact_lock(" + std::to_string(k_write_lock) + ")");
    m_writing = true;
  }
  void begin_read() override {
    exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    m_writing = false;
  }
  void commit() override {
    // Inside the transaction: listeners hear of it only once it is committed.
    exec(m_writing ? std::string("NOTIFY ") + k_channel + "; COMMIT" : std::string("COMMIT"));
    m_writing = false;
  }
  void rollback() override {
    m_writing = false;
    if (in_transaction()) {
      PQclear(PQexec(m_conn, "ROLLBACK"));
    }
  }
  bool in_transaction() override {
    auto s = PQtransactionStatus(m_conn);
    return s == PQTRANS_INTRANS || s == PQTRANS_INERROR || s == PQTRANS_ACTIVE;
  }
  int64_t data_version() override {
    if (!m_listening) {
      exec(std::string("LISTEN ") + k_channel);
      m_listening = true;
    }
    // What arrived before a lost connection still counts: read it before failing.
    bool alive = PQconsumeInput(m_conn) != 0;
    while (PGnotify* n = PQnotifies(m_conn)) {
      if (n->be_pid != m_pid) {
        ++m_version;
      }
      PQfreemem(n);
    }
    if (!alive) {
      fail(m_conn, nullptr);
    }
    return m_version;
  }

  std::unique_ptr<BulkWriter> bulk_insert(std::string_view table,
                                          std::span<const std::string_view> columns) override {
    std::string sql = "COPY ";
    sql += table;
    sql += '(';
    for (size_t i = 0; i < columns.size(); ++i) {
      sql += i == 0 ? "" : ", ";
      sql += columns[i];
    }
    sql += ") FROM STDIN (FORMAT binary)";
    return std::make_unique<PgBulkWriter>(m_conn, sql, columns.size());
  }

  int change_fd() override { return m_listening ? PQsocket(m_conn) : -1; }
  bool usable() override { return PQstatus(m_conn) == CONNECTION_OK; }

  PGconn* conn() { return m_conn; }

  // Server-side prepared statements, one per SQL text and parameter types: the store
  // makes a Statement per call, and a parse per call would be a round trip each.
  const std::string&
  prepared(const std::string& sql, const std::vector<unsigned>& types, int count) {
    std::string key = sql;
    key += '\0';
    for (unsigned t : types) {
      key += std::to_string(t);
      key += ',';
    }
    auto it = m_prepared.find(key);
    if (it != m_prepared.end()) {
      return it->second;
    }
    std::string name = "s" + std::to_string(m_prepared.size() + 1);
    std::vector<unsigned> oids(types.begin(), types.end());
    auto res = wrap(PQprepare(m_conn, name.c_str(), sql.c_str(), count, oids.data()));
    if (PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
      fail(m_conn, res.get());
    }
    return m_prepared.emplace(std::move(key), std::move(name)).first->second;
  }

private:
  PGconn* m_conn;
  int m_pid = 0;
  bool m_writing = false;
  bool m_listening = false;
  int64_t m_version = 0;
  std::unordered_map<std::string, std::string> m_prepared;
};

PgStatement::PgStatement(PgConnection& c, std::string_view sql)
    : m_conn(c) {
  int count = 0;
  m_sql = numbered(sql, count);
  m_params.resize(static_cast<size_t>(count));
}

void PgStatement::collect(std::vector<unsigned>& types,
                          std::vector<const char*>& values,
                          std::vector<int>& lengths,
                          std::vector<int>& formats) {
  types.reserve(m_params.size());
  values.reserve(m_params.size());
  lengths.reserve(m_params.size());
  formats.reserve(m_params.size());
  for (auto& p : m_params) {
    types.push_back(p.type);
    values.push_back(p.null ? nullptr : p.owned.c_str());
    lengths.push_back(static_cast<int>(p.owned.size()));
    formats.push_back(p.binary ? 1 : 0);
  }
}

void PgStatement::run() {
  m_result.reset();
  m_texts.clear();
  std::vector<unsigned> types;
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;
  collect(types, values, lengths, formats);
  const std::string& name = m_conn.prepared(m_sql, types, static_cast<int>(m_params.size()));
  m_result = wrap(PQexecPrepared(m_conn.conn(),
                                 name.c_str(),
                                 static_cast<int>(m_params.size()),
                                 values.data(),
                                 lengths.data(),
                                 formats.data(),
                                 1));
  auto st = PQresultStatus(m_result.get());
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    auto res = std::move(m_result);
    m_result = ResultPtr(nullptr, PQclear);
    fail(m_conn.conn(), res.get());
  }
}

// A million-row zone transfer read as one result waits for the last row before the
// first is sent, and holds them all; one row at a time overlaps the database and the
// network and keeps memory flat. The connection serves nothing else until the rows end.
bool PgStatement::stream_step() {
  PGconn* conn = m_conn.conn();
  m_texts.clear();
  if (!m_stream_open) {
    std::vector<unsigned> types;
    std::vector<const char*> values;
    std::vector<int> lengths;
    std::vector<int> formats;
    collect(types, values, lengths, formats);
    const std::string& name = m_conn.prepared(m_sql, types, static_cast<int>(m_params.size()));
    if (PQsendQueryPrepared(conn,
                            name.c_str(),
                            static_cast<int>(m_params.size()),
                            values.data(),
                            lengths.data(),
                            formats.data(),
                            1)
        == 0) {
      fail(conn, nullptr);
    }
    PQsetSingleRowMode(conn);
    m_stream_open = true;
  }
  m_result = wrap(PQgetResult(conn));
  m_row = 0;
  auto st = PQresultStatus(m_result.get());
  if (m_result && st == PGRES_SINGLE_TUPLE) {
    return true;
  }
  // The end (TUPLES_OK with no rows) or an error: read up to the NULL that ends it.
  auto last = std::move(m_result);
  m_result = ResultPtr(nullptr, PQclear);
  while (PGresult* r = PQgetResult(conn)) {
    PQclear(r);
  }
  m_stream_open = false;
  if (last && st != PGRES_TUPLES_OK) {
    fail(conn, last.get());
  }
  if (!last) {
    fail(conn, nullptr);
  }
  return false;
}

void PgStatement::stop_stream() {
  // Left before its end (a client that went away): ask the server to stop sending.
  PGconn* conn = m_conn.conn();
  if (PGcancel* cancel = PQgetCancel(conn)) {
    std::array<char, 256> err{};
    PQcancel(cancel, err.data(), static_cast<int>(err.size()));
    PQfreeCancel(cancel);
  }
  while (PGresult* r = PQgetResult(conn)) {
    PQclear(r);
  }
  m_stream_open = false;
}

std::span<const uint8_t> PgStatement::column_blob(int index) {
  return {reinterpret_cast<const uint8_t*>(PQgetvalue(m_result.get(), m_row, index)),
          static_cast<size_t>(PQgetlength(m_result.get(), m_row, index))};
}

} // namespace

std::unique_ptr<Connection> open_postgresql(const std::string& conninfo,
                                            std::chrono::milliseconds busy_timeout) {
  return std::make_unique<PgConnection>(conninfo, busy_timeout);
}

std::string postgresql_library_version() {
  int v = PQlibVersion();
  return std::to_string(v / 10000) + "." + std::to_string(v % 10000);
}

} // namespace dnsctl::db
