#include "tests/cli/harness.hpp"

#include "core/db/engines.hpp"
#include "tests/support/postgres.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace dnsctl::test {

std::string data_path(const std::string& rel) {
  return std::string(DNSCTL_TEST_DATA) + "/" + rel;
}
std::string source_path(const std::string& rel) {
  return std::string(DNSCTL_SOURCE_DIR) + "/" + rel;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void CliTest::SetUp() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  m_dir = std::filesystem::temp_directory_path()
          / ("dnsctl-cli-" + std::to_string(::getpid()) + "-" + info->test_suite_name() + "-"
             + info->name());
  std::filesystem::remove_all(m_dir);
  std::filesystem::create_directories(m_dir);
  m_db = on_postgresql() ? create_database(std::string(info->test_suite_name()) + info->name())
                         : (m_dir / "dnsctl.db").string();
  m_config = write_temp("dnsctl.conf", "");
}

void CliTest::TearDown() {
  std::filesystem::remove_all(m_dir);
  if (m_db.rfind("postgresql://", 0) == 0) {
    drop_database(m_db);
  }
}

std::string CliTest::write_temp(const std::string& name, const std::string& content) const {
  auto p = (m_dir / name).string();
  std::ofstream(p, std::ios::binary) << content;
  return p;
}

Ran CliTest::dnsctl(const std::vector<std::string>& args, const std::string& stdin_data) {
  std::vector<std::string> argv{DNSCTL_BIN};
  if (std::find(args.begin(), args.end(), "--db") == args.end()) {
    argv.emplace_back("--db");
    argv.push_back(m_db);
  }
  if (std::find(args.begin(), args.end(), "--config") == args.end()) {
    argv.emplace_back("--config");
    argv.push_back(m_config);
  }
  argv.insert(argv.end(), args.begin(), args.end());
  process::Options o;
  o.timeout = std::chrono::seconds(120);
  o.stdin_data = stdin_data;
  auto r = process::run(argv, o);
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  if (!r)
    return {};
  return Ran{r->exit_code, r->out, r->err};
}

Ran CliTest::ok(const std::vector<std::string>& args) {
  Ran r = dnsctl(args);
  std::string cmd;
  for (const auto& a : args)
    cmd += a + " ";
  EXPECT_EQ(r.code, 0) << "dnsctl " << cmd << "\n" << r.err;
  return r;
}

nlohmann::json CliTest::json(const std::vector<std::string>& args) {
  auto a = args;
  a.insert(a.end(), {"-f", "json"});
  Ran r = ok(a);
  try {
    return nlohmann::json::parse(r.out);
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not JSON: " << e.what() << "\n" << r.out;
    return {};
  }
}

std::string CliTest::store_bytes() const {
  if (on_postgresql()) {
    return store_dump(); // no file: every row of every table instead
  }
  std::string bytes = read_file(m_db);
  if (std::filesystem::exists(m_db + "-wal"))
    bytes += "\n--wal--\n" + read_file(m_db + "-wal");
  return bytes;
}

void CliTest::fresh_store() {
  if (on_postgresql()) {
    drop_database(m_db);
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    m_db = create_database(std::string(info->test_suite_name()) + info->name());
    return;
  }
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(m_db + suffix);
  }
}

std::unique_ptr<db::Connection> CliTest::store_connection() const {
  if (m_db.rfind("postgresql://", 0) == 0) {
    return db::open_postgresql(m_db, std::chrono::seconds(30));
  }
  db::SqliteOptions o;
  o.read_only = true;
  return db::open_sqlite(m_db, o);
}

int64_t CliTest::query_int(const std::string& sql) const {
  auto c = store_connection();
  db::Statement q(*c, sql);
  return q.step() ? q.column(0).int64() : -1;
}

std::string CliTest::store_dump() const {
  if (m_db.rfind("postgresql://", 0) == 0) {
    auto c = db::open_postgresql(m_db, std::chrono::seconds(30));
    std::string s;
    db::Statement tables(*c,
                         "SELECT table_name FROM information_schema.tables "
                         "WHERE table_schema = 'public' ORDER BY 1");
    while (tables.step()) {
      std::string t = tables.column(0).string();
      s += "== " + t + "\n";
      db::Statement st(*c, "SELECT * FROM \"" + t + "\" ORDER BY 1");
      while (st.step()) {
        for (int i = 0; i < st.column_count(); ++i)
          s += st.column(i).string() + "|";
        s += "\n";
      }
    }
    return s;
  }
  SQLite::Database db(m_db, SQLite::OPEN_READONLY);
  std::string s;
  SQLite::Statement tables(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  while (tables.executeStep()) {
    std::string t = tables.getColumn(0).getString();
    s += "== " + t + "\n";
    SQLite::Statement st(db, "SELECT * FROM \"" + t + "\" ORDER BY 1");
    while (st.executeStep()) {
      for (int i = 0; i < st.getColumnCount(); ++i)
        s += st.getColumn(i).getString() + "|";
      s += "\n";
    }
  }
  return s;
}

void CliTest::standard_setup() {
  ok({"pool", "update", source_path("share/examples/pools.yaml")});
  ok({"domain", "create", "example.com", "--email", "hostmaster@example.com"});
  ok({"record", "create", "example.com", "--name", "www", "--type", "A", "--data", "192.0.2.10"});
}

} // namespace dnsctl::test
