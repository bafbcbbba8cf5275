#pragma once
// The tests' PostgreSQL server (tests/support/postgres.sh, the ctest fixture
// "postgres") and a database per test on it.

#include <string>

namespace dnsctl::test {

// DNSCTL_TEST_ENGINE=postgresql: the suite runs on PostgreSQL instead of SQLite.
bool on_postgresql();

// The fixture server's URI (postgresql://dnsctl@127.0.0.1:PORT); fails the test when
// the fixture is not running.
std::string postgres_server();

// A new empty database, named after `hint`; returns its URI.
std::string create_database(const std::string& hint);
void drop_database(const std::string& uri);

} // namespace dnsctl::test
