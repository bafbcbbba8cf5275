#include "tests/support/postgres.hpp"

#include "core/db/engines.hpp"

#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace dnsctl::test {

bool on_postgresql() {
  const char* e = std::getenv("DNSCTL_TEST_ENGINE"); // NOLINT(concurrency-mt-unsafe)
  return e != nullptr && std::string(e) == "postgresql";
}

std::string postgres_server() {
  std::ifstream in(DNSCTL_TEST_PG_URL_FILE);
  std::string url;
  std::getline(in, url);
  if (url.empty()) {
    throw std::runtime_error(std::string("no PostgreSQL for the tests: ") + DNSCTL_TEST_PG_URL_FILE
                             + " is missing (the ctest fixture tests/support/postgres.sh)");
  }
  return url;
}

namespace {

std::string database_of(const std::string& uri) {
  return uri.substr(uri.rfind('/') + 1);
}

void admin(const std::string& sql) {
  auto c = db::open_postgresql(postgres_server() + "/postgres", std::chrono::seconds(30));
  c->exec(sql);
}

} // namespace

std::string create_database(const std::string& hint) {
  static std::atomic<int> counter{0};
  std::string name = "t" + std::to_string(::getpid()) + "_" + std::to_string(++counter) + "_";
  for (char c : hint) {
    if (name.size() >= 60) {
      break;
    }
    name += std::isalnum(static_cast<unsigned char>(c)) != 0
                ? static_cast<char>(std::tolower(static_cast<unsigned char>(c)))
                : '_';
  }
  admin("DROP DATABASE IF EXISTS " + name);
  admin("CREATE DATABASE " + name);
  return postgres_server() + "/" + name;
}

void drop_database(const std::string& uri) {
  admin("DROP DATABASE IF EXISTS " + database_of(uri) + " WITH (FORCE)");
}

} // namespace dnsctl::test
