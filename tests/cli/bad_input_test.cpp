// Every bad input gets a clear error on stderr, exit 2, and leaves the store exactly
// as it was (byte for byte).

#include "core/util/text.hpp"
#include "tests/cli/harness.hpp"

#include <filesystem>

using namespace dnsctl::test;

namespace {

std::string expand(std::string arg) {
  auto pos = arg.find("TESTDATA");
  if (pos != std::string::npos)
    arg.replace(pos, 8, DNSCTL_TEST_DATA);
  return arg;
}

} // namespace

class BadInput : public CliTest {};

TEST_F(BadInput, CorpusExitsTwoAndLeavesTheStoreByteIdentical) {
  standard_setup();
  std::string before = store_bytes();
  std::string dump = store_dump();
  auto lines = dnsctl::text::split(read_file(data_path("bad/cli.tsv")), '\n');
  int cases = 0;
  for (const auto& line : lines) {
    if (line.empty() || line[0] == '#')
      continue;
    auto fields = dnsctl::text::split(line, '\t');
    std::string expect = fields[0];
    std::vector<std::string> args;
    for (size_t i = 1; i < fields.size(); ++i)
      args.push_back(expand(fields[i]));
    SCOPED_TRACE(line);
    Ran r = dnsctl(args);
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_NE(r.err.find("dnsctl: error: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(expect), std::string::npos) << "stderr: " << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_TRUE(store_bytes() == before) << "store changed";
    ++cases;
  }
  EXPECT_GT(cases, 50);
  EXPECT_EQ(store_dump(), dump);
}

TEST_F(BadInput, PoolFilesNameFileLineColumnAndKey) {
  standard_setup();
  std::string before = store_bytes();
  int cases = 0;
  for (const auto& entry : std::filesystem::directory_iterator(data_path("bad/pools"))) {
    std::string path = entry.path().string();
    std::string content = read_file(path);
    auto first = content.substr(0, content.find('\n'));
    ASSERT_EQ(first.rfind("# expect: ", 0), 0u) << path;
    std::string expect = first.substr(10);
    SCOPED_TRACE(path);
    for (const char* mode : {"--dry-run", ""}) {
      std::vector<std::string> args{"pool", "update", path};
      if (*mode != '\0')
        args.emplace_back(mode);
      Ran r = dnsctl(args);
      EXPECT_EQ(r.code, 2);
      // The message starts with the file's path as given.
      EXPECT_NE(
          r.err.find("dnsctl: error: " + std::string(DNSCTL_TEST_DATA) + "/bad/pools/" + expect),
          std::string::npos)
          << r.err;
      EXPECT_TRUE(store_bytes() == before);
    }
    ++cases;
  }
  EXPECT_GE(cases, 15);
}

TEST_F(BadInput, MissingExplicitConfigIsAnError) {
  Ran r = dnsctl({"--config", "/nonexistent/dnsctl.conf", "pool", "list"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("config file /nonexistent/dnsctl.conf does not exist"), std::string::npos);
}

// [sync] error_after counts failed attempts: 0 would make every zone ERROR before its
// first try, so it is refused with the file, the key and the range.
TEST_F(BadInput, ErrorAfterOutsideItsRangeIsRefused) {
  for (const char* value : {"0", "1001", "many", "-1"}) {
    auto conf = write_temp("sync.conf", std::string("[sync]\nerror_after = ") + value + "\n");
    Ran r = dnsctl({"--config", conf, "pool", "list"});
    EXPECT_EQ(r.code, 2) << value;
    EXPECT_NE(
        r.err.find(conf + ": sync.error_after: invalid value \"" + value + "\" (expected 1..1000)"),
        std::string::npos)
        << r.err;
  }
  auto conf = write_temp("sync.conf", "[sync]\nerror_after = 1000\n");
  EXPECT_EQ(dnsctl({"--config", conf, "db", "sync"}).code, 0);
}

TEST_F(BadInput, UnknownConfigKeyNamesTheFileAndKey) {
  auto conf = write_temp("bad.conf", "[defaults]\nttl = 300\nbogus = 1\n");
  Ran r = dnsctl({"--config", conf, "pool", "list"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find(conf + ": unknown setting defaults.bogus"), std::string::npos) << r.err;
}
