// Shells on several hosts writing the same zone at once: nothing lost, one serial step
// per write, and no "database is locked" reaching the user.

#include "tests/cli/harness.hpp"

#include <thread>

using namespace dnsctl::test;

class Concurrency : public CliTest {};

// Two operator hosts (each its own config file naming the same store), two shells on
// each: 2,000 record creates at once. On PostgreSQL these are four clients of one
// database, as several admin hosts are.
TEST_F(Concurrency, TwoHostsTwoWritersEachCreate500Records) {
#ifdef DNSCTL_TEST_SANITIZED
  const int per_writer = 25; // a sanitized process starts in 0.6 s: the same race, fewer
#else
  const int per_writer = 500;
#endif
  standard_setup();
  uint32_t serial0 = json({"domain", "show", "example.com"})["serial"].get<uint32_t>();
  std::string host_a = write_temp("a.conf", "[store]\npath = " + m_db + "\n");
  std::string host_b = write_temp("b.conf", "[store]\npath = " + m_db + "\n");
  auto writer =
      [&](const std::string& config, const std::string& prefix, dnsctl::process::Outcome& out) {
        std::string script = "for i in $(seq 1 " + std::to_string(per_writer)
                             + "); do \"$0\" --config \"$1\" record "
                               "create example.com --name "
                             + prefix
                             + "$i --type A --data 192.0.2.1 "
                               "-f value -c name >/dev/null || echo \"fail $i\" >&2; done";
        dnsctl::process::Options o;
        o.timeout = std::chrono::minutes(10);
        auto r = dnsctl::process::run({"bash", "-c", script, DNSCTL_BIN, config}, o);
        ASSERT_TRUE(r);
        out = *r;
      };
  std::vector<dnsctl::process::Outcome> outs(4);
  std::vector<std::thread> threads;
  threads.emplace_back([&] { writer(host_a, "a", outs[0]); });
  threads.emplace_back([&] { writer(host_a, "b", outs[1]); });
  threads.emplace_back([&] { writer(host_b, "c", outs[2]); });
  threads.emplace_back([&] { writer(host_b, "d", outs[3]); });
  for (auto& t : threads) {
    t.join();
  }
  for (const auto& o : outs) {
    EXPECT_EQ(o.exit_code, 0);
    // A bounded message: 500 failures would print a very long one.
    EXPECT_TRUE(o.err.empty()) << o.err.substr(0, 400);
  }

  auto rows = json({"record", "list", "example.com", "--type", "A"});
  EXPECT_EQ(rows.size(), 4u * per_writer + 1); // www plus 2000

  auto conn = store_connection();
  dnsctl::db::Statement st(*conn, "SELECT serial_from, serial_to FROM zone_journal ORDER BY id");
  int steps = 0;
  int64_t prev = -1;
  while (st.step()) {
    int64_t from = st.column(0).int64();
    int64_t to = st.column(1).int64();
    EXPECT_NE(from, to);
    if (prev >= 0) {
      EXPECT_EQ(from, prev); // every step starts where the last one ended
    }
    prev = to;
    ++steps;
  }
  // One serial step per write (www + 2000); the journal keeps the latest 1000
  // (journal.max_steps).
  EXPECT_EQ(steps, std::min(1000, 4 * per_writer + 1));
  uint32_t serial1 = json({"domain", "show", "example.com"})["serial"].get<uint32_t>();
  EXPECT_GE(serial1 - serial0, 4u * per_writer);
}
