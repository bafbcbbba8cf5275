#pragma once
// Runs the built dnsctl on a temporary store, the way an operator's shell would.

#include "core/db/connection.hpp"
#include "core/util/process.hpp"
#include "tests/support/postgres.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

// For a test that reads or damages the SQLite file itself: skipped when the suite runs
// on PostgreSQL (DNSCTL_TEST_ENGINE=postgresql).
#define DNSCTL_SQLITE_ONLY()                                                                       \
  do {                                                                                             \
    if (::dnsctl::test::on_postgresql())                                                           \
      GTEST_SKIP() << "works on the SQLite file";                                                  \
  } while (false)

namespace dnsctl::test {

struct Ran {
  int code = -1;
  std::string out;
  std::string err;
};

std::string data_path(const std::string& rel);   // tests/data/<rel>
std::string source_path(const std::string& rel); // the repository
std::string read_file(const std::string& path);

class CliTest : public ::testing::Test {
protected:
  void SetUp() override;
  void TearDown() override;

  // dnsctl --db <temp store> --config <empty file> ARGS...
  Ran dnsctl(const std::vector<std::string>& args, const std::string& stdin_data = "");
  // Same, and fail the test unless it exits 0.
  Ran ok(const std::vector<std::string>& args);
  nlohmann::json json(const std::vector<std::string>& args);

  // A connection to the test's store, on either engine, for checks a command can't show.
  std::unique_ptr<db::Connection> store_connection() const;
  int64_t query_int(const std::string& sql) const;
  // Throws the store away: the next command starts on a new one.
  void fresh_store();

  // The store's files as they are on disk (main file and WAL, if any).
  std::string store_bytes() const;
  // Every row of the tables that hold state, for "nothing changed" checks.
  std::string store_dump() const;

  // A pool (share/examples/pools.yaml) and zone example.com. with www A.
  void standard_setup();

  std::string write_temp(const std::string& name, const std::string& content) const;

  std::filesystem::path m_dir;
  std::string m_db;
  std::string m_config;
};

} // namespace dnsctl::test
