#include "core/store/store.hpp"
#include "core/store/watch.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

using dnsctl::store::Store;

namespace {

std::filesystem::path fresh_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path()
             / ("dnsctl-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

} // namespace

// A write to the store or its WAL is seen at the next look, with no waiting; writes to
// other files in the directory and no writes at all are not.
TEST(ChangeFeed, SeesWritesToTheStoreFilesOnly) {
  auto dir = fresh_dir("watch");
  std::string db = (dir / "dnsctl.db").string();
  auto s = Store::open(db);
  ASSERT_TRUE(s) << s.error().text();
  auto w = s->watch();
  ASSERT_TRUE(w) << w.error().text();
  w->maybe_changed(); // whatever came before
  EXPECT_FALSE(w->maybe_changed());
  std::ofstream(dir / "other.txt") << "y";
  EXPECT_FALSE(w->maybe_changed());
  std::ofstream(db + "-wal", std::ios::app) << "frame";
  EXPECT_TRUE(w->maybe_changed());
  EXPECT_FALSE(w->maybe_changed());
  std::ofstream(db, std::ios::app) << "page";
  EXPECT_TRUE(w->maybe_changed());
  std::filesystem::remove_all(dir);
}

// wait() returns as soon as another connection commits, and not for our own commits.
TEST(ChangeFeed, WaitReturnsOnAnotherConnectionsCommitOnly) {
  auto dir = fresh_dir("wait");
  std::string db = (dir / "dnsctl.db").string();
  auto mine = Store::open(db);
  ASSERT_TRUE(mine) << mine.error().text();
  auto other = Store::open(db);
  ASSERT_TRUE(other) << other.error().text();
  auto w = mine->watch();
  ASSERT_TRUE(w) << w.error().text();
  ASSERT_TRUE(mine->write("test", [&]() -> dnsctl::Status {
    mine->log_change("", "ours");
    return {};
  }));
  EXPECT_FALSE(w->wait(std::chrono::milliseconds(300)));
  auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE(other->write("test", [&]() -> dnsctl::Status {
    other->log_change("", "theirs");
    return {};
  }));
  EXPECT_TRUE(w->wait(std::chrono::seconds(5)));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
  EXPECT_FALSE(w->wait(std::chrono::milliseconds(100)));
  std::filesystem::remove_all(dir);
}
