// An operator coming from designate-manage and the OpenStack client: their names,
// cliff's output contract, readable times, and errors that name the mistake.

#include "tests/cli/harness.hpp"

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

using namespace dnsctl::test;

class DesignateCli : public CliTest {};

namespace {

size_t lines(const std::string& s) {
  return static_cast<size_t>(std::count(s.begin(), s.end(), '\n'));
}

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) {
    out.push_back(l);
  }
  return out;
}

} // namespace

// Every Designate-named flag and column, as a table: the command, and what its
// output must hold.
TEST_F(DesignateCli, DesignateFlagsAndColumns) {
  standard_setup();
  ok({"tsigkey", "create", "--name", "k1", "--scope", "pool", "--resource-id", "default"});
  struct Case {
    std::vector<std::string> args;
    std::string expect; // a substring of standard output
  };
  const std::vector<Case> cases{
      {{"recordset",
        "create",
        "example.com",
        "mail",
        "--type",
        "MX",
        "--record",
        "10 mx1",
        "--record",
        "20 mx2",
        "-f",
        "value",
        "-c",
        "records"},
       "10 mx1.example.com. 20 mx2.example.com.\n"},
      {{"recordset", "list", "example.com", "--type", "MX", "-f", "value", "-c", "zone_name"},
       "example.com.\n"},
      {{"recordset", "list", "example.com", "--data", "192.0.2.*", "-f", "value", "-c", "name"},
       "www.example.com.\n"},
      {{"recordset", "list", "example.com", "--records", "*MX2*", "-f", "value", "-c", "name"},
       "mail.example.com.\n"},
      {{"recordset",
        "list",
        "example.com",
        "--status",
        "pending",
        "-f",
        "value",
        "-c",
        "name",
        "--type",
        "A"},
       "www.example.com.\n"},
      {{"recordset", "show", "example.com", "www", "-f", "value", "-c", "status"}, "PENDING\n"},
      {{"zone", "show", "example.com", "-f", "value", "-c", "type"}, "PRIMARY\n"},
      {{"zone", "list", "--name", "example.com", "-f", "value", "-c", "name"}, "example.com.\n"},
      {{"zone", "list", "--name", "EX*", "-f", "value", "-c", "name"}, "example.com.\n"},
      {{"zone", "list", "--email", "hostmaster@*", "-f", "value", "-c", "name"}, "example.com.\n"},
      {{"zone", "list", "--type", "PRIMARY", "-f", "value", "-c", "name"}, "example.com.\n"},
      {{"tsigkey", "list", "-f", "value", "-c", "name", "-c", "scope"}, "k1. POOL\n"},
      {{"tsigkey",
        "set",
        "k1",
        "--name",
        "k2",
        "--scope",
        "all",
        "-f",
        "value",
        "-c",
        "name",
        "-c",
        "scope"},
       "k2.\nALL\n"},
  };
  for (const auto& c : cases) {
    Ran r = ok(c.args);
    EXPECT_NE(r.out.find(c.expect), std::string::npos)
        << c.args[0] << " " << c.args[1] << ": " << r.out;
  }
  // Filters that match nothing print nothing.
  EXPECT_EQ(ok({"zone", "list", "--name", "other.*", "-f", "value"}).out, "");
  EXPECT_EQ(ok({"zone", "list", "--type", "SECONDARY", "-f", "value"}).out, "");
  EXPECT_EQ(ok({"recordset", "list", "example.com", "--status", "ACTIVE", "-f", "value"}).out, "");
  // pool_id is the pool's id.
  auto pool = json({"pool", "show", "default"});
  EXPECT_EQ(ok({"zone", "list", "-f", "value", "-c", "pool_id"}).out,
            pool["id"].get<std::string>() + "\n");
}

TEST_F(DesignateCli, RecordsetIdsShowSetAndDelete) {
  standard_setup();
  std::string id = ok({"recordset",
                       "create",
                       "example.com",
                       "txt",
                       "--type",
                       "TXT",
                       "--record",
                       "\"hello\"",
                       "--description",
                       "greeting",
                       "--ttl",
                       "60",
                       "-f",
                       "value",
                       "-c",
                       "id"})
                       .out;
  ASSERT_FALSE(id.empty());
  id.pop_back();
  EXPECT_TRUE(std::regex_match(id,
                               std::regex("[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                                          "[0-9a-f]{12}")))
      << id;
  // The id is stable: list gives the same one, and each recordset has its own.
  auto all = json({"recordset", "list", "example.com"});
  std::set<std::string> ids;
  for (const auto& rs : all) {
    ids.insert(rs["id"].get<std::string>());
  }
  EXPECT_EQ(ids.size(), all.size());
  EXPECT_TRUE(ids.contains(id));
  EXPECT_EQ(ok({"recordset", "show", "example.com", id, "-f", "value", "-c", "name"}).out,
            "txt.example.com.\n");
  auto set = json({"recordset", "set", "example.com", id, "--no-ttl", "--no-description"});
  EXPECT_TRUE(set["ttl"].is_null());
  EXPECT_EQ(set["description"], "");
  EXPECT_EQ(set["id"], id);
  ok({"recordset", "delete", "example.com", id});
  Ran gone = dnsctl({"recordset", "show", "example.com", id});
  EXPECT_EQ(gone.code, 2);
  EXPECT_NE(gone.err.find("no recordset with id " + id), std::string::npos) << gone.err;
  // --no-description and --description exclude each other; nothing written.
  std::string before = store_dump();
  Ran both = dnsctl({"zone", "set", "example.com", "--description", "x", "--no-description"});
  EXPECT_EQ(both.code, 2);
  EXPECT_EQ(store_dump(), before);
  // NAME is positional or --name, not both and not neither.
  EXPECT_EQ(
      dnsctl({"recordset", "create", "example.com", "--type", "A", "--record", "192.0.2.1"}).code,
      2);
  EXPECT_EQ(store_dump(), before);
}

TEST_F(DesignateCli, BarePoolUpdateReadsTheConfiguredFile) {
  std::ofstream(m_config) << "[pools]\nfile = " << source_path("share/examples/pools.yaml") << "\n";
  ok({"pool", "update"});
  EXPECT_EQ(ok({"pool", "list", "-f", "value", "-c", "name"}).out, "default\n");
  std::ofstream(m_config, std::ios::trunc)
      << "[pools]\nfile = " << (m_dir / "none.yaml").string() << "\n";
  Ran r = dnsctl({"pool", "update"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("none.yaml: No such file or directory"), std::string::npos) << r.err;
}

// cliff: -f value and -f csv print one line per row, never a raw newline in a cell.
TEST_F(DesignateCli, ValueAndCsvAreOneLinePerRow) {
  standard_setup();
  ok({"recordset",
      "create",
      "example.com",
      "mx",
      "--type",
      "MX",
      "--record",
      "10 a",
      "--record",
      "20 b",
      "--record",
      "30 c"});
  Ran v = ok({"recordset", "list", "example.com", "--type", "MX", "-f", "value"});
  EXPECT_EQ(lines(v.out), 1u) << v.out;
  EXPECT_NE(v.out.find("10 a.example.com. 20 b.example.com. 30 c.example.com."), std::string::npos);
  Ran csv = ok({"recordset", "list", "example.com", "--type", "MX", "-f", "csv"});
  EXPECT_EQ(lines(csv.out), 2u) << csv.out;
  Ran show = ok({"recordset", "show", "example.com", "mx", "-f", "value", "-c", "data"});
  EXPECT_EQ(show.out, "10 a.example.com. 20 b.example.com. 30 c.example.com.\n");
}

TEST_F(DesignateCli, ShellSortWidthAndNoindent) {
  standard_setup();
  ok({"zone", "create", "a.example", "--email", "h@a.example"});
  ok({"zone", "create", "z.example", "--email", "h@z.example"});
  Ran sh = ok({"zone",
               "show",
               "example.com",
               "-f",
               "shell",
               "--prefix",
               "zone_",
               "-c",
               "name",
               "-c",
               "pool_id"});
  EXPECT_TRUE(std::regex_match(sh.out,
                               std::regex("zone_name=\"example\\.com\\.\"\n"
                                          "zone_pool_id=\"[0-9a-f-]{36}\"\n")))
      << sh.out;
  // What eval makes of it.
  auto pool_id = json({"zone", "show", "example.com"})["pool_id"].get<std::string>();
  dnsctl::process::Options o;
  auto r = dnsctl::process::run({"bash", "-c", "eval \"$0\"; echo \"$zone_pool_id\"", sh.out}, o);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->out, pool_id + "\n");
  // -f shell is for one item.
  EXPECT_EQ(dnsctl({"zone", "list", "-f", "shell"}).code, 2);

  EXPECT_EQ(ok({"zone", "list", "--sort-column", "name", "-f", "value", "-c", "name"}).out,
            "a.example.\nexample.com.\nz.example.\n");
  EXPECT_EQ(ok({"zone",
                "list",
                "--sort-column",
                "name",
                "--sort-descending",
                "-f",
                "value",
                "-c",
                "name"})
                .out,
            "z.example.\nexample.com.\na.example.\n");
  Ran bad_sort = dnsctl({"zone", "list", "--sort-column", "nosuch"});
  EXPECT_EQ(bad_sort.code, 2);
  EXPECT_NE(bad_sort.err.find("nosuch"), std::string::npos);

  Ran one = ok({"zone", "list", "-f", "json", "--noindent"});
  EXPECT_EQ(lines(one.out), 1u);
  EXPECT_EQ(nlohmann::json::parse(one.out).size(), 3u);

  Ran narrow = ok({"zone", "show", "example.com", "--max-width", "50"});
  for (const auto& l : split_lines(narrow.out)) {
    EXPECT_LE(l.size(), 50u) << l;
  }
  EXPECT_NE(narrow.out.find("| pool_id"), std::string::npos);
  Ran wide = ok({"zone", "show", "example.com"});
  EXPECT_GT(wide.out.find('\n'), 50u); // it did need the wrapping
}

TEST_F(DesignateCli, TimesAreIso8601AndNeverIsEmpty) {
  standard_setup();
  auto z = json({"zone", "show", "example.com"});
  std::regex iso("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.000000");
  EXPECT_TRUE(std::regex_match(z["created_at"].get<std::string>(), iso)) << z["created_at"];
  EXPECT_TRUE(std::regex_match(z["updated_at"].get<std::string>(), iso)) << z["updated_at"];
  // Never synced: last_attempt and last_seen are empty, not 0.
  Ran st = dnsctl({"status", "-f", "json"});
  EXPECT_EQ(st.code, 1); // nothing is in sync yet
  auto rows = nlohmann::json::parse(st.out);
  ASSERT_FALSE(rows.empty());
  for (const auto& r : rows) {
    EXPECT_TRUE(r["last_attempt"].is_null()) << r;
    EXPECT_TRUE(r["last_seen"].is_null()) << r;
  }
  EXPECT_EQ(ok({"zone", "show", "example.com", "-f", "value", "-c", "created_at"}).out.size(), 27u);
}

TEST_F(DesignateCli, StatusProblemsShowsOnlyWhatIsNotInSync) {
  standard_setup();
  Ran all = dnsctl({"status", "-f", "value", "-c", "server"});
  Ran problems = dnsctl({"status", "--problems", "-f", "value", "-c", "server"});
  EXPECT_EQ(problems.code, 1);
  // Nothing synced: every row is a problem.
  EXPECT_EQ(problems.out, all.out);
  EXPECT_GT(lines(problems.out), 0u);
}

TEST_F(DesignateCli, TsigkeyShowPrintsEachServersClause) {
  ok({"db", "sync"});
  ok({"tsigkey", "create", "xfr-key", "--secret", "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI="});
  const std::string secret = "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=";
  EXPECT_EQ(ok({"tsigkey", "show", "xfr-key", "-f", "bind"}).out,
            "key \"xfr-key\" {\n\talgorithm hmac-sha256;\n\tsecret \"" + secret + "\";\n};\n");
  EXPECT_EQ(ok({"tsigkey", "show", "xfr-key", "-f", "knot"}).out,
            "key:\n  - id: xfr-key.\n    algorithm: hmac-sha256\n    secret: " + secret + "\n");
  EXPECT_EQ(ok({"tsigkey", "show", "xfr-key", "-f", "nsd"}).out,
            "key:\n\tname: \"xfr-key\"\n\talgorithm: hmac-sha256\n\tsecret: \"" + secret + "\"\n");
  // One vocabulary of server types: the backend type names give the same clauses, and
  // a type without one (pdns4) is no format.
  EXPECT_EQ(ok({"tsigkey", "show", "xfr-key", "-f", "bind9"}).out,
            ok({"tsigkey", "show", "xfr-key", "-f", "bind"}).out);
  EXPECT_EQ(ok({"tsigkey", "show", "xfr-key", "-f", "nsd4"}).out,
            ok({"tsigkey", "show", "xfr-key", "-f", "nsd"}).out);
  EXPECT_EQ(ok({"tsigkey", "show", "xfr-key", "-f", "knot2"}).out,
            ok({"tsigkey", "show", "xfr-key", "-f", "knot"}).out);
  EXPECT_EQ(dnsctl({"tsigkey", "show", "xfr-key", "-f", "pdns4"}).code, 2);
  // named-checkconf accepts the clause as it is printed.
  std::string conf = write_temp("named.conf", ok({"tsigkey", "show", "xfr-key", "-f", "bind"}).out);
  dnsctl::process::Options o;
  auto r = dnsctl::process::run({"named-checkconf", conf}, o);
  if (r && r->exit_code != 127) {
    EXPECT_EQ(r->exit_code, 0) << r->out << r->err;
  }
  // A new algorithm without a secret gets one of its size.
  auto k = json({"tsigkey", "set", "xfr-key", "--algorithm", "hmac-sha512"});
  EXPECT_EQ(k["algorithm"], "hmac-sha512");
  EXPECT_EQ(k["secret"].get<std::string>().size(), 88u);
}

TEST_F(DesignateCli, ZoneImportNamesTheOwnerOfEveryBadLine) {
  ok({"pool", "update", source_path("share/examples/pools.yaml")});
  std::string file = write_temp("imp.zone",
                                "$ORIGIN imp.test.\n"
                                "$TTL 300\n"
                                "@ IN SOA ns1.imp.test. h.imp.test. 1 3600 600 86400 300\n"
                                "@ IN NS ns1.example.org.\n"
                                "www IN A 192.0.2.300\n"
                                "mail IN MX x mail\n"
                                "ok IN A 192.0.2.1\n"
                                "    IN AAAA 1.2.3.4\n");
  std::string before = store_dump();
  Ran r = dnsctl({"zone", "import", file, "--email", "h@imp.test"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err,
            "dnsctl: error: " + file
                + ":5: www.imp.test. A: invalid IPv4 address\n"
                  "dnsctl: error: "
                + file
                + ":6: mail.imp.test. MX: invalid number\n"
                  "dnsctl: error: "
                + file + ":8: ok.imp.test. AAAA: invalid IPv6 address\n");
  EXPECT_EQ(store_dump(), before);
}

TEST_F(DesignateCli, VersionNamesTheLibraries) {
  Ran v = ok({"--version"});
  for (const char* lib :
       {"dnsctl ", "libknot ", "SQLite ", "libpq ", "libcurl ", "yaml-cpp ", "CLI11 "}) {
    EXPECT_NE(v.out.find(lib), std::string::npos) << lib << " in " << v.out;
  }
}

TEST_F(DesignateCli, JournalGetsSyslogPriorities) {
  ok({"db", "sync"});
  // JOURNAL_STREAM names stderr's device and inode when systemd connects it to the
  // journal; here stderr is a file with the same identity.
  std::string err = (m_dir / "stderr").string();
  std::string script = "exec 2>\"$1\"; JOURNAL_STREAM=$(stat -c %d:%i \"$1\") \"$2\" --db \"$3\" "
                       "--config /dev/null zone show nosuch.example; true";
  dnsctl::process::Options o;
  auto r = dnsctl::process::run({"bash", "-c", script, "_", err, DNSCTL_BIN, m_db}, o);
  ASSERT_TRUE(r);
  EXPECT_EQ(read_file(err), "<3>dnsctl: error: zone \"nosuch.example\" not found\n");
  // Not the journal: no prefix.
  EXPECT_EQ(dnsctl({"zone", "show", "nosuch.example"}).err,
            "dnsctl: error: zone \"nosuch.example\" not found\n");
}

TEST_F(DesignateCli, PoolShowYamlIsPoolsYamlThatAppliesBack) {
  ok({"pool", "update", source_path("share/examples/pools.yaml")});
  std::string yaml = ok({"pool", "show", "default", "-f", "yaml"}).out;
  EXPECT_NE(yaml.find("ns_records:"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("targets:"), std::string::npos) << yaml;
  // One pool as pools.yaml has it: a list of one applies with no change.
  std::string file = write_temp(
      "one.yaml", "- " + [&] {
        std::string indented;
        for (char c : yaml) {
          indented += c;
          if (c == '\n') {
            indented += "  ";
          }
        }
        return indented;
      }());
  EXPECT_NE(ok({"pool", "update", file, "--dry-run"}).out.find("no changes"), std::string::npos);
}

TEST_F(DesignateCli, CliffMaxTermWidthLimitsTables) {
  standard_setup();
  std::string script = "CLIFF_MAX_TERM_WIDTH=40 \"$0\" --db \"$1\" --config /dev/null zone show "
                       "example.com";
  dnsctl::process::Options o;
  auto r = dnsctl::process::run({"bash", "-c", script, DNSCTL_BIN, m_db}, o);
  ASSERT_TRUE(r);
  for (const auto& l : split_lines(r->out)) {
    EXPECT_LE(l.size(), 40u) << l;
  }
  EXPECT_NE(r->out.find("| id "), std::string::npos) << r->out;
}
