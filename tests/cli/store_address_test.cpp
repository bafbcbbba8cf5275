// Where the store is: a path or a postgresql:// URI, nothing else; and `db copy` between
// the engines.

#include "tests/cli/harness.hpp"

#include <fstream>
#include <thread>

using namespace dnsctl::test;

namespace {

class StoreAddressCli : public CliTest {};

std::string run_in(const std::filesystem::path& dir, const std::vector<std::string>& args) {
  std::string cmd = "cd '" + dir.string() + "' && '" + DNSCTL_BIN + "'";
  for (const auto& a : args) {
    cmd += " '" + a + "'";
  }
  return cmd;
}

} // namespace

// A mistyped or unsupported scheme used to be taken for a file name: a folder named
// "mysql:" appeared in the working directory with a new store in it.
TEST_F(StoreAddressCli, AnUnknownSchemeIsAnErrorNotAFolder) {
  for (const char* url :
       {"mysql://dnsctl:s3cret@127.0.0.1/dnsctl", "sqlite3:///x.db", "postgresq://h/d"}) {
    SCOPED_TRACE(url);
    auto r = dnsctl::process::run(
        {"bash",
         "-c",
         run_in(m_dir, {"--db", url, "--config", m_config, "pool", "list"}) + " 2>&1"});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->exit_code, 2) << r->out;
    EXPECT_NE(r->out.find("unknown scheme"), std::string::npos) << r->out;
    EXPECT_EQ(r->out.find("s3cret"), std::string::npos) << r->out;
    auto w = dnsctl::process::run(
        {"bash",
         "-c",
         run_in(m_dir, {"--db", url, "--config", m_config, "tsigkey", "create", "k."}) + " 2>&1"});
    ASSERT_TRUE(w);
    EXPECT_EQ(w->exit_code, 2) << w->out;
  }
  // Nothing but the harness's config file was made.
  int entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(m_dir)) {
    ++entries;
  }
  EXPECT_EQ(entries, 1);
}

// Designate's own form, sqlite:///PATH (SQLAlchemy's: three slashes and a relative
// path, four for an absolute one), names a SQLite file; any other "sqlite:" address is
// an error, never a folder named "sqlite:" with a store in it.
TEST_F(StoreAddressCli, SqliteUrlsNameAFile) {
  DNSCTL_SQLITE_ONLY();
  std::string abs = (m_dir / "abs.db").string();
  auto make = [&](const std::string& url) {
    return dnsctl::process::run(
        {"bash",
         "-c",
         run_in(m_dir, {"--db", url, "--config", m_config, "tsigkey", "create", "k."}) + " 2>&1"});
  };
  auto r = make("sqlite:///rel.db");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->exit_code, 0) << r->out;
  EXPECT_TRUE(std::filesystem::is_regular_file(m_dir / "rel.db"));
  r = make("sqlite:///" + abs); // four slashes
  ASSERT_TRUE(r);
  EXPECT_EQ(r->exit_code, 0) << r->out;
  EXPECT_TRUE(std::filesystem::is_regular_file(abs));
  for (const char* bad : {"sqlite:/tmp/x.db", "sqlite://", "sqlite:x.db", "sqlite://host/x.db"}) {
    SCOPED_TRACE(bad);
    r = make(bad);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->exit_code, 2) << r->out;
    EXPECT_NE(r->out.find("a SQLite URL names a file"), std::string::npos) << r->out;
  }
  EXPECT_FALSE(std::filesystem::exists(m_dir / "sqlite:"));
}

// The password of a URI never reaches output or errors.
TEST_F(StoreAddressCli, APasswordInTheUriIsNeverShown) {
  Ran r = dnsctl({"--db", "postgresql://dnsctl:hunter2@127.0.0.1:1/dnsctl", "pool", "list"});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("cannot open store postgresql://dnsctl@127.0.0.1:1/dnsctl"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("hunter2"), std::string::npos) << r.err;
  Ran q = dnsctl(
      {"--db", "postgresql://127.0.0.1:1/dnsctl?user=dnsctl&password=hunter2", "pool", "list"});
  EXPECT_EQ(q.code, 1) << q.err;
  EXPECT_EQ(q.err.find("hunter2"), std::string::npos) << q.err;
}

// SQLite -> PostgreSQL -> SQLite: every row comes back as it was (ids, serials, the
// journal, keys, sync state, catalogs, tags), and the PostgreSQL copy goes on from there.
TEST_F(StoreAddressCli, DbCopyToPostgresqlAndBackKeepsEveryRow) {
  if (on_postgresql()) {
    GTEST_SKIP() << "starts from SQLite";
  }
  std::string pg = create_database("dbcopy");
  std::string back = (m_dir / "back.db").string();
  // A store with a bit of everything, and 100,000 records.
  ok({"pool",
      "update",
      write_temp("p.yaml",
                 "- name: default\n  ns_records: [{hostname: ns1.example.org., priority: 1}]\n"
                 "  targets: [{type: bind9, masters: [{host: 192.0.2.1, port: 5354}]}]\n"
                 "  catalog_zone:\n    catalog_zone_fqdn: cat.example.org.\n"
                 "    catalog_zone_tsig_key: c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=\n")});
  ok({"tsigkey", "create", "k1.", "--algorithm", "hmac-sha256"});
  ok({"tld", "create", "com"});
  ok({"domain", "create", "example.com", "--email", "h@example.com", "--attributes", "tier:gold"});
  std::string zone = "$ORIGIN big.com.\n$TTL 300\n@ SOA ns1.example.org. h.big.com. 5 3600 600 "
                     "86400 300\n@ NS ns1.example.org.\n";
  for (int i = 0; i < 100000; ++i) {
    zone += "h" + std::to_string(i) + " A 192.0.2." + std::to_string(i % 250) + "\n";
  }
  ok({"domain", "import", write_temp("big.zone", zone)});
  for (int i = 0; i < 5; ++i) {
    ok({"record",
        "create",
        "example.com",
        "--name",
        "w" + std::to_string(i),
        "--type",
        "A",
        "--data",
        "192.0.2.1"});
  }
  ok({"record", "delete", "example.com", "w0", "--type", "A"});
  ok({"quota", "set", "project-a", "--zones", "3", "--zone-records", "-1"});
  std::string before = store_dump();
  auto exports = [&](const std::string& db) {
    std::string all;
    for (const char* z : {"example.com.", "big.com."}) {
      Ran r = dnsctl({"--db", db, "domain", "export", z});
      EXPECT_EQ(r.code, 0) << r.err;
      all += r.out;
    }
    return all;
  };
  std::string exported = exports(m_db);

  auto there = json({"db", "copy", "--to", pg});
  EXPECT_EQ(there["from"], m_db);
  EXPECT_GT(there["rows"].get<int64_t>(), 100000);
  EXPECT_EQ(there["tables"]["recordsets"], query_int("SELECT count(*) FROM recordsets"));
  EXPECT_EQ(exports(pg), exported);
  EXPECT_EQ(json({"--db", pg, "quota", "show", "project-a"})["zones"], 3);
  // A store copied onto itself is refused before anything is read.
  Ran self = dnsctl({"db", "copy", "--from", pg, "--to", pg});
  EXPECT_EQ(self.code, 2) << self.err;
  EXPECT_NE(self.err.find("--from and --to are the same store"), std::string::npos) << self.err;
  // Copying into a store that holds anything is refused, and leaves it as it was.
  Ran again = dnsctl({"db", "copy", "--to", pg});
  EXPECT_EQ(again.code, 2) << again.err;
  EXPECT_NE(again.err.find("not empty"), std::string::npos) << again.err;

  auto home = json({"db", "copy", "--from", pg, "--to", back});
  EXPECT_EQ(home["content"], there["content"]);
  std::string kept = m_db;
  m_db = back;
  EXPECT_EQ(store_dump(), before); // row for row, ids and serials
  m_db = kept;
  EXPECT_EQ(exports(back), exported);

  // The PostgreSQL copy is a store like any other: new rows take the next ids.
  m_db = pg;
  int64_t zones = query_int("SELECT max(id) FROM zones");
  int64_t journal = query_int("SELECT max(id) FROM zone_journal");
  ok({"domain", "create", "copied.com", "--email", "h@copied.com"});
  EXPECT_EQ(query_int("SELECT max(id) FROM zones"), zones + 1);
  EXPECT_GT(query_int("SELECT max(id) FROM zone_journal"), journal);
  m_db = kept;
  drop_database(pg);
}
