#include "core/dns/name.hpp"
#include "core/zonefile/reader.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

using namespace dnsctl;

namespace {

class ReaderTest : public ::testing::Test {
protected:
  void SetUp() override {
    m_dir = std::filesystem::temp_directory_path()
            / ("dnsctl-reader-" + std::to_string(::getpid()) + "-"
               + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(m_dir / "sub");
  }
  void TearDown() override { std::filesystem::remove_all(m_dir); }

  std::string write(const std::string& name, const std::string& text) {
    auto p = (m_dir / name).string();
    std::ofstream(p) << text;
    return p;
  }

  // Reads a file; returns the error text ("" when it read) and fills content.
  std::string read(const std::string& path,
                   zone::ZoneContent& content,
                   zonefile::Includes inc = zonefile::Includes::refuse) {
    zonefile::ReadOptions o;
    o.includes = inc;
    zonefile::Reader reader(o, content);
    auto ok = reader.read(path, [](zonefile::Record&) -> Status { return {}; });
    content.finish();
    return ok ? "" : ok.error().message;
  }

  std::vector<std::string> owners(const zone::ZoneContent& c) {
    std::vector<std::string> out;
    for (const auto& rs : c.rrsets()) {
      auto k = c.key(rs);
      out.push_back(dns::Name::from_sort_key(k.data(), k.size()).to_text());
    }
    return out;
  }

  std::filesystem::path m_dir;
};

// A zone big enough to be read by two threads (over 1 MiB), with $ORIGIN and $TTL
// changes in the first half that the second half depends on.
std::string big_zone(bool paren_across_middle) {
  std::string z = "$ORIGIN example.net.\n$TTL 100\n@ SOA ns hm 1 2 3 4 5\n";
  const int n = 60000;
  for (int i = 0; i < n; ++i) {
    if (i == 10) {
      z += "$ORIGIN sub.example.net.\n$TTL 200\n";
    }
    if (paren_across_middle && i == n / 2 - 200) {
      z += "big TXT (\n";
      for (int k = 0; k < 4000; ++k) {
        z += "\"part" + std::to_string(k) + "\"\n"; // lines that look like owners
      }
      z += ")\n";
    }
    z += "h" + std::to_string(i) + " A 192.0.2." + std::to_string(i % 250) + "\n";
  }
  return z;
}

} // namespace

TEST_F(ReaderTest, ReportsFileAndLineOfEveryProblem) {
  auto p = write("z.zone",
                 "$ORIGIN example.net.\n@ SOA ns hm 1 2 3 4 5\n"
                 "a A 192.0.2.999\nb A 192.0.2.1\nc AAAA nope\n");
  zone::ZoneContent c;
  auto err = read(p, c);
  EXPECT_NE(err.find(p + ":3: a.example.net. A: invalid IPv4 address"), std::string::npos) << err;
  EXPECT_NE(err.find(p + ":5: "), std::string::npos) << err;
}

TEST_F(ReaderTest, GenerateKeepsTheLinesOfTheFile) {
  auto p = write("z.zone",
                 "$ORIGIN example.net.\n@ SOA ns hm 1 2 3 4 5\n"
                 "$GENERATE 1-50 h$ A 192.0.2.$\nbad A 192.0.2.999\n");
  zone::ZoneContent c;
  auto err = read(p, c);
  EXPECT_NE(err.find(p + ":4: bad.example.net. A: invalid IPv4 address"), std::string::npos) << err;
}

TEST_F(ReaderTest, IncludeStaysInTheFilesFolder) {
  write("sub/inc.zone", "x A 192.0.2.1\n");
  write("../outside-dnsctl-test.zone", "y A 192.0.2.1\n");
  auto ok = write("ok.zone",
                  "$ORIGIN example.net.\n@ SOA ns hm 1 2 3 4 5\n"
                  "$INCLUDE sub/inc.zone inc.example.net.\nafter A 192.0.2.2\n");
  zone::ZoneContent c1;
  EXPECT_EQ(read(ok, c1, zonefile::Includes::allow), "");
  EXPECT_EQ(owners(c1),
            (std::vector<std::string>{"example.net.", "after.example.net.", "x.inc.example.net."}));
  zone::ZoneContent c2;
  EXPECT_NE(read(ok, c2).find(ok + ":3: $INCLUDE is not allowed"), std::string::npos);
  auto esc = write("esc.zone", "$ORIGIN example.net.\n$INCLUDE ../outside-dnsctl-test.zone\n");
  zone::ZoneContent c3;
  auto err = read(esc, c3, zonefile::Includes::allow);
  EXPECT_NE(err.find("is outside the zone file's folder"), std::string::npos) << err;
  std::filesystem::remove(m_dir.parent_path() / "outside-dnsctl-test.zone");
}

TEST_F(ReaderTest, TwoThreadsReadWhatOneWouldRead) {
  for (bool paren : {false, true}) {
    SCOPED_TRACE(paren ? "a record in parentheses across the middle" : "plain");
    std::string z = big_zone(paren);
    ASSERT_GT(z.size(), 1u << 20);
    auto p = write("big.zone", z);
    zone::ZoneContent c;
    ASSERT_EQ(read(p, c), "");
    EXPECT_EQ(c.records(), 60001u + (paren ? 1 : 0));
    // Names after the $ORIGIN change in the first half are relative to it, and the
    // TTL from the $TTL there applies in the second half too.
    size_t under_sub = 0;
    for (const auto& rs : c.rrsets()) {
      auto k = c.key(rs);
      auto name = dns::Name::from_sort_key(k.data(), k.size()).to_text();
      if (name == "h59999.sub.example.net.") {
        EXPECT_EQ(rs.ttl, 200u);
        EXPECT_EQ(rs.line,
                  z.empty() ? 0u : static_cast<uint32_t>(std::count(z.begin(), z.end(), '\n')));
      }
      under_sub += name.find(".sub.example.net.") != std::string::npos ? 1 : 0;
    }
    EXPECT_EQ(under_sub, 60000u - 10 + (paren ? 1 : 0));
  }
}

TEST_F(ReaderTest, ErrorsInTheSecondHalfHaveTheirFileLines) {
  std::string z = big_zone(false);
  z += "broken A 192.0.2.777\n";
  auto p = write("big.zone", z);
  zone::ZoneContent c;
  auto err = read(p, c);
  auto line = std::count(z.begin(), z.end(), '\n');
  EXPECT_NE(err.find(p + ":" + std::to_string(line)
                     + ": broken.sub.example.net. A: invalid IPv4 address"),
            std::string::npos)
      << err;
}
