#include "core/mdns/change_watch.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

using dnsctl::mdns::ChangeWatch;

// A write to the store or its WAL is seen at the next look, with no waiting; writes to
// other files in the directory and no writes at all are not.
TEST(ChangeWatch, SeesWritesToTheStoreFilesOnly) {
  auto dir =
      std::filesystem::temp_directory_path() / ("dnsctl-watch-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string db = (dir / "dnsctl.db").string();
  std::ofstream(db) << "x";
  ChangeWatch w(db);
  w.changed(); // whatever came before
  EXPECT_FALSE(w.changed());
  std::ofstream(dir / "other.txt") << "y";
  EXPECT_FALSE(w.changed());
  std::ofstream(db + "-wal", std::ios::app) << "frame";
  EXPECT_TRUE(w.changed());
  EXPECT_FALSE(w.changed());
  std::ofstream(db, std::ios::app) << "page";
  EXPECT_TRUE(w.changed());
  std::filesystem::remove_all(dir);
}
