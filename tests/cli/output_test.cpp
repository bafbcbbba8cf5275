#include "core/util/text.hpp"
#include "tests/cli/harness.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <cstdlib>

using namespace dnsctl::test;

class OutputCli : public CliTest {};

TEST_F(OutputCli, JsonOutputParsesForEveryCommandThatPrintsData) {
  standard_setup();
  std::vector<std::vector<std::string>> commands{
      {"pool", "list"},
      {"pool", "show", "default"},
      {"domain", "list"},
      {"domain", "show", "example.com"},
      {"record", "list", "example.com"},
      {"record", "show", "example.com", "www"},
      {"rndc", "render"},
      {"db", "version"},
      {"pool", "update", source_path("share/examples/pools.yaml"), "--dry-run"},
  };
  for (const auto& c : commands)
    json(c);
  auto rs = json({"record",
                  "create",
                  "example.com",
                  "--name",
                  "mail",
                  "--type",
                  "MX",
                  "--data",
                  "10 mx1",
                  "--data",
                  "20 mx2.example.net.",
                  "--ttl",
                  "1h"});
  EXPECT_EQ(rs["ttl"], 3600);
  EXPECT_EQ(rs["data"], nlohmann::json({"10 mx1.example.com.", "20 mx2.example.net."}));
}

TEST_F(OutputCli, ColumnsAndFormats) {
  standard_setup();
  Ran v = ok({"domain", "list", "-f", "value", "-c", "name", "-c", "status"});
  EXPECT_EQ(v.out, "example.com. PENDING\n");
  Ran csv = ok({"domain", "list", "-f", "csv", "-c", "name", "-c", "serial"});
  EXPECT_EQ(csv.out.substr(0, csv.out.find('\n')), "\"name\",\"serial\"");
  Ran yaml = ok({"domain", "show", "example.com", "-f", "yaml", "-c", "name"});
  EXPECT_EQ(yaml.out, "name: example.com.\n");
  Ran table = ok({"record", "list", "example.com", "--type", "A"});
  EXPECT_NE(table.out.find("| www.example.com. | A    |"), std::string::npos) << table.out;
  Ran show = ok({"domain", "show", "example.com", "-c", "name"});
  EXPECT_NE(show.out.find("| name  | example.com. |"), std::string::npos) << show.out;
}

TEST_F(OutputCli, ErrorsGoToStderrOnly) {
  ok({"db", "sync"}); // a store to read
  Ran r = dnsctl({"domain", "show", "nope.example.com"});
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(r.out.empty());
  EXPECT_EQ(r.err, "dnsctl: error: zone \"nope.example.com\" not found\n");
}

TEST_F(OutputCli, HelpEverywhere) {
  for (std::vector<std::string> c : {std::vector<std::string>{"--help"},
                                     {"pool", "--help"},
                                     {"pool", "update", "--help"},
                                     {"zone", "create", "--help"},
                                     {"recordset", "list", "--help"},
                                     {"rndc", "render", "--help"},
                                     {"db", "sync", "--help"},
                                     {"help", "zone", "create"}}) {
    Ran r = ok(c);
    EXPECT_NE(r.out.find("Usage:"), std::string::npos) << r.out;
  }
}

size_t widest_line(const std::string& text) {
  size_t widest = 0;
  for (const auto& line : dnsctl::text::split(text, '\n')) {
    widest = std::max(widest, line.size());
  }
  return widest;
}

// Issue 29, item 10: status was 143 columns wide, record list 86; help lines ran on.
TEST_F(OutputCli, TablesAndHelpFitEightyColumns) {
  standard_setup();
  // Fitted by wrapping the widest columns; -c picks fewer for a roomier table.
  Ran usual = ok({"record", "list", "example.com", "--max-width", "80"});
  EXPECT_LE(widest_line(usual.out), 80u) << usual.out;
  Ran few = ok({"record",
                "list",
                "example.com",
                "--max-width",
                "80",
                "-c",
                "name",
                "-c",
                "type",
                "-c",
                "data"});
  EXPECT_NE(few.out.find(" www.example.com. "), std::string::npos) << few.out;
  ok({"record",
      "create",
      "example.com",
      "--name",
      "txt",
      "--type",
      "TXT",
      "--data",
      "\"a text record long enough to need a wrapped column in any table that "
      "must fit eighty columns\""});
  for (std::vector<std::string> c : {std::vector<std::string>{"record", "list", "example.com"},
                                     {"status"},
                                     {"status", "--long"},
                                     {"domain", "list"},
                                     {"pool", "list"}}) {
    c.insert(c.end(), {"--max-width", "80"});
    Ran r = dnsctl(c);
    EXPECT_LE(widest_line(r.out), 80u) << c[0] << " " << c[1] << ":\n" << r.out;
    EXPECT_GT(r.out.size(), 0u) << c[0] << " " << c[1];
  }
  // status's narrow default: five columns, the rest under --long.
  Ran narrow = dnsctl({"status"});
  EXPECT_NE(narrow.out.find("| zone "), std::string::npos) << narrow.out;
  EXPECT_EQ(narrow.out.find("last_attempt"), std::string::npos) << narrow.out;
  EXPECT_NE(dnsctl({"status", "--long"}).out.find("last_attempt"), std::string::npos);
  // --help wraps to $COLUMNS when standard output is not a terminal.
  ::setenv("COLUMNS", "80", 1);
  for (std::vector<std::string> c : {std::vector<std::string>{"--help"},
                                     {"sync", "--help"},
                                     {"sink", "--help"},
                                     {"domain", "create", "--help"},
                                     {"record", "apply", "--help"},
                                     {"status", "--help"}}) {
    Ran r = ok(c);
    EXPECT_LE(widest_line(r.out), 80u) << r.out;
  }
  ::setenv("COLUMNS", "60", 1);
  EXPECT_LE(widest_line(ok({"sync", "--help"}).out), 60u);
  ::unsetenv("COLUMNS");
}

// Issue 29, item 12: zone and pool names complete from the store, read-only.
TEST_F(OutputCli, CompletionOffersZoneAndPoolNamesAndWritesNothing) {
  standard_setup();
  ok({"zone", "create", "example.net", "--email", "h@example.net"});
  ok({"zone", "create", "other.org", "--email", "h@other.org"});
  std::string before = store_bytes();
  EXPECT_EQ(ok({"completion-names", "zones", "ex"}).out, "example.com.\nexample.net.\n");
  EXPECT_EQ(ok({"completion-names", "pools", ""}).out, "default\n");
  EXPECT_EQ(ok({"completion-names", "zones", "zz"}).out, "");
  EXPECT_TRUE(store_bytes() == before);
  // No store yet: nothing offered, none created.
  auto none = (m_dir / "none.db").string();
  Ran empty = dnsctl({"--db", none, "completion-names", "zones", ""});
  EXPECT_EQ(empty.out, "");
  EXPECT_FALSE(std::filesystem::exists(none));
  // The script asks for them where a zone or a pool goes, with the same --db, and keeps
  // its helper out of the commands it offers.
  Ran script = ok({"completion", "bash"});
  auto file = write_temp("dnsctl.bash", script.out);
  auto complete = [&](const std::string& words) {
    std::string bin = DNSCTL_BIN;
    std::string prog = "PATH=" + bin.substr(0, bin.rfind('/')) + ":$PATH; source " + file
                       + "; COMP_WORDS=(" + words + "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); "
                       + "_dnsctl; echo \"${COMPREPLY[*]}\"";
    auto r = dnsctl::process::run({"bash", "-c", prog}, {});
    return r ? r->out : std::string();
  };
  EXPECT_EQ(complete("dnsctl --db " + m_db + " record list ex"), "example.com. example.net.\n");
  EXPECT_EQ(complete("dnsctl --db " + m_db + " zone create o.org --pool d"), "default\n");
  auto top = script.out.substr(script.out.find("  \"\") echo"));
  top = top.substr(0, top.find('\n'));
  EXPECT_NE(top.find(" completion "), std::string::npos) << top;
  EXPECT_EQ(top.find("completion-names"), std::string::npos) << top;
}

TEST_F(OutputCli, DbSyncAndVersion) {
  auto v = json({"db", "sync"});
  EXPECT_EQ(v["version"], 16);
  auto ver = json({"db", "version"});
  EXPECT_EQ(ver["version"], ver["latest"]);
}

// Issue 15, item 1: a bad -c after a write exited 2 ("nothing written") though the
// write was committed. Columns are checked before anything is written.
TEST_F(OutputCli, ABadColumnFailsBeforeTheWrite) {
  standard_setup();
  std::string before = store_dump();
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"record",
            "create",
            "example.com",
            "--name",
            "probe",
            "--type",
            "A",
            "--data",
            "192.0.2.1",
            "-f",
            "value",
            "-c",
            "nosuch"},
           {"zone", "create", "delta.test", "--email", "h@delta.test", "-c", "nosuch"},
           {"domain", "set", "example.com", "--ttl", "600", "-c", "nosuch"},
           {"tsigkey", "create", "k.", "-c", "nosuch"},
           {"domain", "import", data_path("zones/good/all.zone"), "-c", "nosuch"}}) {
    Ran r = dnsctl(args);
    EXPECT_EQ(r.code, 2) << args[0] << " " << args[1];
    EXPECT_NE(r.err.find("unknown column \"nosuch\""), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("nothing was written"), std::string::npos) << r.err;
  }
  EXPECT_EQ(store_dump(), before);
  // A good column still works, after the write.
  EXPECT_EQ(
      ok({"zone", "create", "delta.test", "--email", "h@delta.test", "-f", "value", "-c", "name"})
          .out,
      "delta.test.\n");
}

// Issue 15, item 6: "A subcommand is required" for every kind of mistake.
TEST_F(OutputCli, AnUnknownCommandNamesItselfAndTheValidOnes) {
  struct Case {
    std::vector<std::string> args;
    std::string expect;
  };
  for (const auto& c : std::vector<Case>{
           {{"tsigkey", "rotate"},
            "unknown command \"rotate\" for dnsctl tsigkey (commands: create, list, show, set, "
            "delete)"},
           {{"zone", "relocate", "x"},
            "unknown command \"relocate\" for dnsctl zone (commands: create"},
           {{"nosuchcmd"}, "unknown command \"nosuchcmd\" for dnsctl (commands: pool, domain"},
           {{"tsigkey"}, "dnsctl tsigkey needs a command (commands: create, list"}}) {
    Ran r = dnsctl(c.args);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find(c.expect), std::string::npos) << r.err;
  }
}

// Issue 15, item 2: a typo in --db made folders and an empty store, and "no zones".
TEST_F(OutputCli, AReadNeverCreatesAStore) {
  std::string typo = (m_dir / "typo" / "a" / "b" / "s.db").string();
  m_db = typo;
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"domain", "list"}, {"pool", "show", "default"}, {"status"}, {"tsigkey", "list"}}) {
    Ran r = dnsctl(args);
    EXPECT_EQ(r.code, 2) << args[0];
    EXPECT_NE(r.err.find("no store at " + typo), std::string::npos) << r.err;
  }
  EXPECT_FALSE(std::filesystem::exists(m_dir / "typo"));
  ok({"pool", "update", source_path("share/examples/pools.yaml")}); // a write makes it
  EXPECT_EQ(ok({"domain", "list", "-f", "value"}).out, "");
}

TEST_F(OutputCli, OlderSchemaNeedsDbSync) {
  DNSCTL_SQLITE_ONLY();
  ok({"db", "sync"}); // creates the store at the latest version
  {
    // Make it look like a store from before migrations 2 and 3.
    SQLite::Database db(m_db, SQLite::OPEN_READWRITE);
    db.exec(
        "DROP TABLE tsigkeys; DROP TABLE nameserver_zone_state; DROP TABLE tlds; "
        "DROP TABLE blacklists; DROP TABLE zone_attributes; DROP TABLE zone_moves; DROP INDEX "
        "zones_catalog_of; ALTER TABLE zones DROP COLUMN catalog_of; DROP TABLE managed_records; "
        "DROP TABLE sink_messages; DROP INDEX zones_project; ALTER TABLE zones DROP COLUMN "
        "project_id; ALTER TABLE zones DROP COLUMN version; "
        "ALTER TABLE pool_nameservers DROP COLUMN tsigkey_id; ALTER TABLE target_zone_state "
        "DROP COLUMN failures; ALTER TABLE recordsets DROP COLUMN created_at; ALTER TABLE "
        "recordsets DROP COLUMN updated_at; ALTER TABLE recordsets DROP COLUMN version; "
        "DROP TABLE quotas; DROP TABLE zone_exports; PRAGMA user_version = 1;");
  }
  Ran r = dnsctl({"pool", "list"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("has schema version 1, this dnsctl needs 16: run `dnsctl db sync`"),
            std::string::npos)
      << r.err;
  auto v = json({"db", "sync"});
  EXPECT_EQ(v["applied"], nlohmann::json({2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}));
  ok({"tsigkey", "list"});
  ok({"status"});
}

// On PostgreSQL the version lives in dnsctl_schema and is checked the same way: older
// needs `db sync`, newer is refused, a database without the schema is no store to read.
TEST_F(OutputCli, PostgresqlSchemaVersionIsCheckedAsSqlites) {
  if (!on_postgresql()) {
    GTEST_SKIP() << "the PostgreSQL store";
  }
  Ran none = dnsctl({"pool", "list"});
  EXPECT_EQ(none.code, 2) << none.err;
  EXPECT_NE(none.err.find("no store at postgresql://"), std::string::npos) << none.err;
  // db sync creates the schema (the open does, as on SQLite), and then has nothing to do.
  EXPECT_EQ(json({"db", "sync"})["version"], 16);
  EXPECT_EQ(json({"db", "version"})["version"], 16);
  EXPECT_EQ(json({"db", "sync"})["applied"], nlohmann::json::array());
  auto set_version = [&](int v) {
    auto conn = store_connection();
    conn->exec("UPDATE dnsctl_schema SET version = " + std::to_string(v));
  };
  set_version(10);
  Ran old = dnsctl({"pool", "list"});
  EXPECT_EQ(old.code, 2);
  EXPECT_NE(old.err.find("has schema version 10, this dnsctl needs 16: run `dnsctl db sync`"),
            std::string::npos)
      << old.err;
  set_version(17);
  Ran newer = dnsctl({"pool", "list"});
  EXPECT_EQ(newer.code, 2);
  EXPECT_NE(newer.err.find("newer than this dnsctl knows (16)"), std::string::npos) << newer.err;
  auto v = json({"db", "version"});
  EXPECT_EQ(v["version"], 17);
  EXPECT_EQ(v["latest"], 16);
}
