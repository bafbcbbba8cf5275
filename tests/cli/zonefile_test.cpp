// domain import / domain export / record apply, on the built binary.

#include "core/util/text.hpp"
#include "tests/cli/harness.hpp"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

using namespace dnsctl::test;

namespace {

bool have(const char* tool) {
  std::string cmd = std::string("command -v ") + tool + " >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0; // NOLINT(cert-env33-c): a test probing for a tool
}

// Checkers of the real servers must be here in CI (DNSCTL_REQUIRE_DAEMONS); on a
// developer's machine without them the check is skipped, saying why.
bool require(const char* tool) {
  if (have(tool)) {
    return true;
  }
  if (std::getenv("DNSCTL_REQUIRE_DAEMONS") != nullptr) { // NOLINT(concurrency-mt-unsafe)
    ADD_FAILURE() << tool << " is not installed (make deps)";
  }
  return false;
}

} // namespace

class ZoneFileCli : public CliTest {
protected:
  void SetUp() override {
    CliTest::SetUp();
    ok({"pool", "update", source_path("share/examples/pools.yaml")});
  }
  std::string zones(const std::string& rel) { return data_path("zones/" + rel); }
};

TEST_F(ZoneFileCli, BadZoneFilesNameFileAndLineAndWriteNothing) {
  ok({"domain", "import", zones("good/all.zone")}); // a zone already there, to be left alone
  std::string before = store_bytes();
  int cases = 0;
  for (const auto& entry : std::filesystem::directory_iterator(zones("bad"))) {
    if (entry.path().extension() != ".zone") {
      continue;
    }
    std::string path = entry.path().string();
    std::vector<std::string> expects;
    std::vector<std::string> args{"domain", "import", path};
    for (const auto& line : dnsctl::text::split(read_file(path), '\n')) {
      if (line.rfind("; expect: ", 0) == 0) {
        expects.push_back(line.substr(10));
      } else if (line.rfind("; args: ", 0) == 0) {
        for (const auto& a : dnsctl::text::split(line.substr(8), ' ')) {
          args.push_back(a);
        }
      }
    }
    ASSERT_FALSE(expects.empty()) << path;
    SCOPED_TRACE(path);
    for (bool dry : {true, false}) {
      auto a = args;
      if (dry) {
        a.emplace_back("--dry-run");
      }
      Ran r = dnsctl(a);
      EXPECT_EQ(r.code, 2) << r.err;
      for (const auto& e : expects) {
        EXPECT_NE(r.err.find(e), std::string::npos) << "want: " << e << "\ngot: " << r.err;
      }
      EXPECT_TRUE(store_bytes() == before) << "store changed";
    }
    ++cases;
  }
  EXPECT_GE(cases, 15);
}

TEST_F(ZoneFileCli, ExportImportRoundTripIsIdentical) {
  ok({"domain", "import", zones("good/all.zone")});
  auto first = (m_dir / "first.zone").string();
  ok({"domain", "export", "example.net", "-o", first});
  // Into another store, from the export: the same zone comes out again.
  auto other_db = (m_dir / "other.db").string();
  std::string saved = m_db;
  m_db = other_db;
  ok({"pool", "update", source_path("share/examples/pools.yaml")});
  ok({"domain", "import", first});
  Ran second = ok({"domain", "export", "example.net"});
  m_db = saved;
  // Only the serial moves on (the second import continues after the first's).
  auto strip_serial = [](std::string z) {
    std::string out;
    for (auto& line : dnsctl::text::split(z, '\n')) {
      if (line.find("\tSOA\t") == std::string::npos && line.rfind("; zone ", 0) != 0) {
        out += line + "\n";
      }
    }
    return out;
  };
  EXPECT_EQ(strip_serial(second.out), strip_serial(read_file(first)));
  auto a = json({"record", "list", "example.net"});
  EXPECT_GT(a.size(), 30u);
}

TEST_F(ZoneFileCli, ExportsAreAcceptedByNamedCheckzoneAndKzonecheck) {
  ok({"domain", "import", zones("good/all.zone")});
  ok({"domain", "import", zones("good/with_include.zone"), "--allow-include"});
  for (const char* zone : {"example.net.", "example.com."}) {
    auto file = (m_dir / (std::string(zone) + "zone")).string();
    ok({"domain", "export", zone, "-o", file});
    if (require("named-checkzone")) {
      auto r = dnsctl::process::run({"named-checkzone", zone, file});
      ASSERT_TRUE(r);
      EXPECT_EQ(r->exit_code, 0) << r->out << r->err;
    }
    if (require("kzonecheck")) {
      auto r = dnsctl::process::run({"kzonecheck", "-o", zone, file});
      ASSERT_TRUE(r);
      EXPECT_EQ(r->exit_code, 0) << r->out << r->err;
    }
  }
}

TEST_F(ZoneFileCli, ImportKeepsTimersAndContinuesAfterTheFilesSerial) {
  auto z = json({"domain", "import", zones("good/all.zone")});
  EXPECT_EQ(z["serial"], 2024010102); // the file says 2024010101, ahead of the clock
  auto show = json({"domain", "show", "example.net"});
  EXPECT_EQ(show["email"], "first.last@example.net");
  EXPECT_EQ(show["ttl"], 3600);
  EXPECT_EQ(show["refresh"], 7200);
  EXPECT_EQ(show["minimum"], 300);
  auto ns = json({"record", "show", "example.net", "@", "--type", "NS"})["data"];
  EXPECT_EQ(ns, nlohmann::json({"ns1-1.example.org.", "ns1-2.example.org."}));
  Ran again = dnsctl({"domain", "import", zones("good/all.zone")});
  EXPECT_EQ(again.code, 2);
  EXPECT_NE(again.err.find("already exists: --replace makes it equal to the file"),
            std::string::npos);
}

TEST_F(ZoneFileCli, ReplaceJournalsOnlyTheDifference) {
  ok({"domain", "import", zones("good/all.zone")});
  std::string z = read_file(zones("good/all.zone"));
  auto replace = [&](const std::string& from, const std::string& to) {
    auto pos = z.find(from);
    ASSERT_NE(pos, std::string::npos) << from;
    z.replace(pos, from.size(), to);
  };
  replace("mail\tIN\tA\t192.0.2.25", "mail\tIN\tA\t192.0.2.26");
  replace("ptr\tIN\tPTR\thost.example.org.\n", "");
  z += "newname\tIN\tA\t192.0.2.77\n";
  auto file = write_temp("changed.zone", z);
  std::string before = store_bytes();
  Ran dry = ok({"domain", "import", file, "--replace", "--dry-run"});
  EXPECT_TRUE(store_bytes() == before);
  EXPECT_NE(dry.out.find("- mail.example.net. 3600 IN A 192.0.2.25"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("+ mail.example.net. 3600 IN A 192.0.2.26"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("- ptr.example.net. 3600 IN PTR host.example.org."), std::string::npos);
  EXPECT_NE(dry.out.find("+ newname.example.net. 60 IN A 192.0.2.77"), std::string::npos)
      << dry.out;
  auto r = json({"domain", "import", file, "--replace"});
  EXPECT_EQ(r["added"], 1);
  EXPECT_EQ(r["changed"], 1);
  EXPECT_EQ(r["removed"], 1);

  EXPECT_EQ(query_int("SELECT count(*) FROM zone_journal"), 1);
  EXPECT_EQ(query_int("SELECT count(*) FROM zone_journal_rrs WHERE added = 0"), 2);
  EXPECT_EQ(query_int("SELECT count(*) FROM zone_journal_rrs WHERE added = 1"), 2);
  // The same file again changes nothing: no serial bump, no journal entry.
  auto serial = json({"domain", "show", "example.net"})["serial"];
  ok({"domain", "import", file, "--replace"});
  EXPECT_EQ(json({"domain", "show", "example.net"})["serial"], serial);
  EXPECT_EQ(query_int("SELECT count(*) FROM zone_journal"), 1);
}

TEST_F(ZoneFileCli, ExportToAPipeOrDeviceWritesIntoIt) {
  ok({"domain", "import", zones("good/all.zone")});
  auto fifo = (m_dir / "fifo").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string got;
  std::thread reader([&] { got = read_file(fifo); });
  ok({"domain", "export", "example.net", "-o", fifo});
  reader.join();
  EXPECT_NE(got.find("$ORIGIN example.net."), std::string::npos);
  struct stat st {};
  ASSERT_EQ(::stat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode)) << "the FIFO was replaced by a file";
}

TEST_F(ZoneFileCli, RecordApplyIsAllOrNothing) {
  ok({"domain", "create", "example.com", "--email", "hostmaster@example.com"});
  ok({"record", "create", "example.com", "--name", "old", "--type", "A", "--data", "192.0.2.9"});
  auto serial = json({"domain", "show", "example.com"})["serial"].get<int64_t>();
  std::string before = store_bytes();
  // The last line is bad: nothing of the batch may be applied.
  auto bad = write_temp("bad.batch", "add www 300 A 192.0.2.1\ndel old\nadd x A 192.0.2.999\n");
  Ran r = dnsctl({"record", "apply", "example.com", bad});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find(bad + ":3: invalid A data \"192.0.2.999\""), std::string::npos) << r.err;
  EXPECT_TRUE(store_bytes() == before);
  // A conflict found while applying (line 2 against line 1) also rolls everything back.
  auto conflict = write_temp("c.batch", "add www A 192.0.2.1\nadd www CNAME other\n");
  Ran c = dnsctl({"record", "apply", "example.com", conflict});
  EXPECT_EQ(c.code, 2);
  EXPECT_NE(c.err.find(conflict + ":2: CNAME at www.example.com. conflicts"), std::string::npos)
      << c.err;
  EXPECT_TRUE(store_bytes() == before);

  std::string batch = "# move www, drop old, in one change\n"
                      "replace www 300 A 192.0.2.20\n"
                      "replace www 300 A 192.0.2.21\n"
                      "del old\n"
                      "add @ MX 10 mail\n"
                      "add mail AAAA 2001:db8::25\n";
  Ran dry = ok({"record", "apply", "example.com", "--dry-run"});
  EXPECT_TRUE(store_bytes() == before);
  Ran applied = dnsctl({"record", "apply", "example.com", "-"}, batch);
  EXPECT_EQ(applied.code, 0) << applied.err;
  EXPECT_NE(applied.out.find("- old.example.com. 3600 IN A 192.0.2.9"), std::string::npos)
      << applied.out;
  EXPECT_NE(applied.out.find("+ www.example.com. 300 IN A 192.0.2.20"), std::string::npos);
  auto www = json({"record", "show", "example.com", "www"});
  EXPECT_EQ(www["data"], nlohmann::json({"192.0.2.20", "192.0.2.21"}));
  EXPECT_EQ(www["ttl"], 300);
  Ran missing = dnsctl({"record", "show", "example.com", "old"});
  EXPECT_EQ(missing.code, 2);
  // create + record create + one batch: three serial steps after the zone's first.
  EXPECT_EQ(query_int("SELECT count(*) FROM zone_journal"), 2);
  EXPECT_GT(json({"domain", "show", "example.com"})["serial"].get<int64_t>(), serial);
  // The same batch again: replace and add are idempotent, del of a name that is gone
  // too. Nothing changes.
  Ran again = dnsctl({"record", "apply", "example.com", "-"}, batch);
  EXPECT_EQ(again.code, 0) << again.err;
  EXPECT_NE(again.out.find("no changes"), std::string::npos) << again.out;
  EXPECT_EQ(query_int("SELECT count(*) FROM zone_journal"), 2);
}

TEST_F(ZoneFileCli, ProgressStaysQuietWhenNotATerminal) {
  Ran r = ok({"domain", "import", zones("good/all.zone")});
  EXPECT_EQ(r.err.find("RRsets written"), std::string::npos);
}

// Issue 14: a label holding octet 0 stays one label through record create, import,
// list, export and delete ("x\000y" was stored as "y.x", "ab\000" as an empty owner).
TEST_F(ZoneFileCli, LabelsWithZeroOctetsStayWhole) {
  ok({"domain", "create", "zero.test", "--email", "h@zero.test"});
  ok({"record", "create", "zero.test", "--name", "x\\000y", "--type", "A", "--data", "192.0.2.1"});
  ok({"record", "create", "zero.test", "--name", "ab\\000", "--type", "A", "--data", "192.0.2.2"});
  std::string file = (m_dir / "zero.zone").string();
  std::ofstream(file) << "$ORIGIN imp.test.\n$TTL 300\n"
                         "@ SOA ns1.example.org. h.imp.test. 1 3600 600 86400 300\n"
                         "@ NS ns1.example.org.\nbin\\000ary A 192.0.2.3\n";
  ok({"domain", "import", file});
  Ran names = ok({"record", "list", "zero.test", "-f", "value", "-c", "name"});
  EXPECT_NE(names.out.find("x\\000y.zero.test."), std::string::npos) << names.out;
  EXPECT_NE(names.out.find("ab\\000.zero.test."), std::string::npos) << names.out;
  EXPECT_EQ(names.out.find("y.x.zero.test."), std::string::npos) << names.out;
  Ran imported = ok({"record", "list", "imp.test", "-f", "value", "-c", "name"});
  EXPECT_NE(imported.out.find("bin\\000ary.imp.test."), std::string::npos) << imported.out;
  Ran exported = ok({"domain", "export", "zero.test"});
  EXPECT_NE(exported.out.find("ab\\000"), std::string::npos) << exported.out;
  ok({"record", "delete", "zero.test", "ab\\000", "--type", "A"});
  Ran after = ok({"record", "list", "zero.test", "-f", "value", "-c", "name"});
  EXPECT_EQ(after.out.find("ab\\000"), std::string::npos) << after.out;
}

// Issue 14, items 7 and 15: CRLF line ends load as BIND and NSD load them, and the
// count printed is the records the zone holds (the SOA and NS were counted twice).
TEST_F(ZoneFileCli, CrlfFilesLoadAndTheCountIsWhatTheZoneHolds) {
  std::string zone = write_temp("crlf.zone",
                                "$ORIGIN crlf.test.\r\n$TTL 300\r\n@ SOA ns h 1 2 3 4 5\r\n"
                                "@ NS ns1.example.org.\r\n@ NS ns2.example.org.\r\n"
                                "www A 192.0.2.1\r\nwww A 192.0.2.2\r\nt TXT \"a b\"\r\n");
  auto j = json({"domain", "import", zone});
  auto sets = json({"record", "list", "crlf.test."});
  size_t records = 0;
  for (const auto& rs : sets) {
    records += rs["data"].size();
  }
  EXPECT_EQ(j["records"].get<size_t>(), records) << sets.dump();
  auto stored = ok({"record", "list", "crlf.test.", "-f", "value", "-c", "data"});
  EXPECT_NE(stored.out.find("\"a b\"\n"), std::string::npos) << stored.out; // no CR kept
}
