#include "backends/bind9/rndc.hpp"

#include <gtest/gtest.h>

using namespace dnsctl;

namespace {

model::Target target(std::vector<std::pair<std::string, uint16_t>> masters) {
  model::Target t;
  t.type = "bind9";
  for (const auto& [h, p] : masters) {
    model::HostPort m;
    m.host = h;
    m.port = p;
    t.masters.push_back(m);
  }
  return t;
}

} // namespace

// showzone as BIND 9.18 prints it, for a zone we added and for somebody else's.
TEST(Bind9Showzone, OurMastersMatchAndOthersDoNot) {
  std::string ours = "zone \"example.org\" { type slave; file \"slave.example.org.x\"; masters { "
                     "127.0.0.1 port 5354; }; };";
  std::string theirs = "zone \"example.org\" { type secondary; file \"theirs.db\"; primaries { "
                       "192.0.2.53; }; };";
  EXPECT_TRUE(backends::bind9::showzone_has_masters(ours, target({{"127.0.0.1", 5354}})));
  EXPECT_FALSE(backends::bind9::showzone_has_masters(ours, target({{"127.0.0.1", 53}})));
  EXPECT_FALSE(backends::bind9::showzone_has_masters(ours, target({{"127.0.0.10", 5354}})));
  EXPECT_FALSE(backends::bind9::showzone_has_masters(theirs, target({{"127.0.0.1", 5354}})));
  EXPECT_TRUE(backends::bind9::showzone_has_masters(theirs, target({{"192.0.2.53", 53}})));
  // Every master must be there.
  EXPECT_FALSE(backends::bind9::showzone_has_masters(
      ours, target({{"127.0.0.1", 5354}, {"127.0.0.2", 5354}})));
  EXPECT_FALSE(backends::bind9::showzone_has_masters("zone \"x\" { type primary; };",
                                                     target({{"127.0.0.1", 5354}})));
}

// The timeout kills rndc; a missing binary is a clear failure, not a hang.
TEST(Bind9Apply, AMissingRndcFailsClearly) {
  model::Target t = target({{"127.0.0.1", 5354}});
  t.options = {{"rndc_bin_path", "/nonexistent/rndc"}, {"rndc_host", "127.0.0.1"}};
  auto r = backends::bind9::apply(t,
                                  backends::ZoneOp::add,
                                  {"example.org.", "5b6ac4bd-3b27-4b4c-9a6b-2f8c0a6f5f11", false},
                                  std::chrono::seconds(2));
  EXPECT_EQ(r.kind, backends::OpResult::Kind::failed);
  EXPECT_FALSE(r.message.empty());
  ASSERT_EQ(r.commands.size(), 1u);
  EXPECT_EQ(r.commands[0].rfind("/nonexistent/rndc -s 127.0.0.1 -p 953 addzone", 0), 0u)
      << r.commands[0];
}
