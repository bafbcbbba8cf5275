// What an operator names as a file may be a folder, a pipe, a FIFO or something huge
// (issue 14, items 14-15): each gets a clear error, or is read as a stream, and never
// hangs or eats memory.

#include "tests/cli/harness.hpp"

#include <sys/stat.h>

#include <chrono>
#include <fstream>

using namespace dnsctl::test;

class InputFilesTest : public CliTest {};

TEST_F(InputFilesTest, AFolderIsNamedAsOneEverywhere) {
  standard_setup();
  std::filesystem::create_directories(m_dir / "adir");
  std::string dir = (m_dir / "adir").string();
  std::string before = store_dump();
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"domain", "import", dir},
                                             {"pool", "update", dir},
                                             {"record", "apply", "example.com.", dir}}) {
    Ran r = dnsctl(args);
    EXPECT_EQ(r.code, 2) << args[0] << " " << args[1] << ": " << r.err;
    EXPECT_NE(r.err.find(dir + " is a folder, not a file"), std::string::npos) << r.err;
  }
  EXPECT_EQ(store_dump(), before);
}

TEST_F(InputFilesTest, APipeIsReadAsAStream) {
  standard_setup();
  Ran r = dnsctl({"domain", "import", "/dev/stdin"},
                 "$ORIGIN piped.test.\n@ SOA ns h 1 2 3 4 5\n@ NS ns1.example.org.\nwww A "
                 "192.0.2.1\n");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(ok({"record", "list", "piped.test.", "-f", "value", "-c", "data", "--type", "A"}).out,
            "192.0.2.1\n");
  Ran batch = dnsctl({"record", "apply", "piped.test.", "/dev/stdin"}, "add mail A 192.0.2.25\n");
  EXPECT_EQ(batch.code, 0) << batch.err;
}

TEST_F(InputFilesTest, IncludesMustBeRegularFilesWithinABudget) {
  standard_setup();
  // A FIFO nobody writes to: refused at once instead of waiting forever.
  std::string fifo = (m_dir / "fifo").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string zone = write_temp("fifo.zone",
                                "$ORIGIN f.test.\n@ SOA ns h 1 2 3 4 5\n@ NS ns1.example.org.\n"
                                "$INCLUDE fifo\n");
  Ran r = dnsctl({"domain", "import", "--allow-include", zone});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("fifo is not a regular file"), std::string::npos) << r.err;
  // A file that includes itself three times, ten deep: 3^10 reads without a budget.
  write_temp("self.zone", "$INCLUDE self.zone\n$INCLUDE self.zone\n$INCLUDE self.zone\n");
  std::string top = write_temp("fan.zone",
                               "$ORIGIN g.test.\n@ SOA ns h 1 2 3 4 5\n@ NS ns1.example.org.\n"
                               "$INCLUDE self.zone\n");
  auto t0 = std::chrono::steady_clock::now();
  Ran fan = dnsctl({"domain", "import", "--allow-include", top});
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(10));
  EXPECT_EQ(fan.code, 2);
  EXPECT_NE(fan.err.find("more than 256 files read through $INCLUDE"), std::string::npos)
      << fan.err;
}

TEST_F(InputFilesTest, AHugePoolsFileIsRefusedBeforeItIsParsed) {
  std::string path = (m_dir / "huge.yaml").string();
  {
    std::ofstream out(path);
    std::string comment(1023, '#');
    for (int i = 0; i < 5 * 1024; ++i) {
      out << comment << "\n";
    }
  }
  Ran r = dnsctl({"pool", "update", path});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find(path + " is larger than 4 MiB"), std::string::npos) << r.err;
}
