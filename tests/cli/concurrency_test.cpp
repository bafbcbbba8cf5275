// Two shells writing the same zone at once: nothing lost, one serial step per write,
// and no "database is locked" reaching the user.

#include "tests/cli/harness.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <thread>

using namespace dnsctl::test;

class Concurrency : public CliTest {};

TEST_F(Concurrency, TwoProcessesCreate500RecordsEach) {
  standard_setup();
  uint32_t serial0 = json({"domain", "show", "example.com"})["serial"].get<uint32_t>();
  auto writer = [&](const std::string& prefix, dnsctl::process::Outcome& out) {
    std::string script = "for i in $(seq 1 500); do \"$0\" --db \"$1\" --config \"$2\" record "
                         "create example.com --name "
                         + prefix
                         + "$i --type A --data 192.0.2.1 "
                           "-f value -c name >/dev/null || echo \"fail $i\" >&2; done";
    dnsctl::process::Options o;
    o.timeout = std::chrono::minutes(10);
    auto r = dnsctl::process::run({"bash", "-c", script, DNSCTL_BIN, m_db, m_config}, o);
    ASSERT_TRUE(r);
    out = *r;
  };
  dnsctl::process::Outcome a;
  dnsctl::process::Outcome b;
  std::thread ta([&] { writer("a", a); });
  std::thread tb([&] { writer("b", b); });
  ta.join();
  tb.join();
  EXPECT_EQ(a.exit_code, 0);
  EXPECT_EQ(b.exit_code, 0);
  // A bounded message: 1000 failures would print a very long one.
  EXPECT_TRUE(a.err.empty()) << a.err.substr(0, 400);
  EXPECT_TRUE(b.err.empty()) << b.err.substr(0, 400);
  EXPECT_EQ(a.err.find("locked"), std::string::npos);

  auto rows = json({"record", "list", "example.com", "--type", "A"});
  EXPECT_EQ(rows.size(), 1001u); // www plus 1000

  SQLite::Database db(m_db, SQLite::OPEN_READONLY);
  SQLite::Statement st(db, "SELECT serial_from, serial_to FROM zone_journal ORDER BY id");
  int steps = 0;
  int64_t prev = -1;
  while (st.executeStep()) {
    int64_t from = st.getColumn(0).getInt64();
    int64_t to = st.getColumn(1).getInt64();
    EXPECT_NE(from, to);
    if (prev >= 0) {
      EXPECT_EQ(from, prev); // every step starts where the last one ended
    }
    prev = to;
    ++steps;
  }
  // One serial step per write (www + 1000); the journal keeps the latest 1000
  // (journal.max_steps), so the first has been pruned.
  EXPECT_EQ(steps, 1000);
  uint32_t serial1 = json({"domain", "show", "example.com"})["serial"].get<uint32_t>();
  EXPECT_GE(serial1 - serial0, 1000u);
}
