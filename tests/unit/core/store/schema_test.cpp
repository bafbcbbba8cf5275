// The two schema dialects side by side: SQLite's migrations and PostgreSQL's baseline
// plus its own migrations are written twice, so a migration written for one engine and
// forgotten for the other must fail here, naming the table and column.

#include "core/store/access.hpp"
#include "core/store/store.hpp"
#include "tests/support/postgres.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>

using namespace dnsctl;

namespace {

using Columns = std::map<std::string, std::set<std::string>>; // table -> columns

// Tables an engine keeps for itself.
bool engine_own(const std::string& table) {
  return table == "dnsctl_schema" || table.rfind("sqlite_", 0) == 0;
}

Columns sqlite_columns(store::Store& s) {
  Columns out;
  auto& db = store::connection(s);
  db::Statement tables(db, "SELECT name FROM sqlite_master WHERE type = 'table'");
  std::vector<std::string> names;
  while (tables.step()) {
    names.push_back(tables.column(0).string());
  }
  for (const auto& t : names) {
    if (engine_own(t)) {
      continue;
    }
    db::Statement cols(db, "SELECT name FROM pragma_table_info(?)");
    cols.bind(1, t);
    while (cols.step()) {
      out[t].insert(cols.column(0).string());
    }
  }
  return out;
}

Columns postgresql_columns(store::Store& s) {
  Columns out;
  db::Statement cols(store::connection(s),
                     "SELECT table_name, column_name FROM information_schema.columns "
                     "WHERE table_schema = current_schema()");
  while (cols.step()) {
    std::string t = cols.column(0).string();
    if (!engine_own(t)) {
      out[t].insert(cols.column(1).string());
    }
  }
  return out;
}

std::string missing(const Columns& have, const Columns& want, const std::string& engine) {
  std::string out;
  for (const auto& [table, columns] : want) {
    auto it = have.find(table);
    if (it == have.end()) {
      out += engine + " has no table " + table + "\n";
      continue;
    }
    for (const auto& c : columns) {
      if (!it->second.contains(c)) {
        out += engine + " has no column " + table + "." + c + "\n";
      }
    }
  }
  return out;
}

} // namespace

TEST(Schema, SqliteAndPostgresqlHaveTheSameTablesAndColumns) {
  auto dir =
      std::filesystem::temp_directory_path() / ("dnsctl-schema-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto lite = store::Store::open((dir / "t.db").string());
  ASSERT_TRUE(lite) << lite.error().text();
  std::string url = test::create_database("schema");
  auto pg = store::Store::open(url);
  ASSERT_TRUE(pg) << pg.error().text();
  ASSERT_EQ(lite->schema_version().value(), pg->schema_version().value());

  Columns a = sqlite_columns(*lite);
  Columns b = postgresql_columns(*pg);
  EXPECT_GT(a.size(), 10u);
  EXPECT_EQ(missing(b, a, "PostgreSQL") + missing(a, b, "SQLite"), "");
  lite = make_error(Errc::internal, "closed");
  pg = make_error(Errc::internal, "closed");
  test::drop_database(url);
  std::filesystem::remove_all(dir);
}
