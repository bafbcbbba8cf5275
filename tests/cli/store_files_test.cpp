// The store's files hold TSIG secrets in clear: made for the owner only whatever the
// umask, and a store others can read is pointed out (issue 14, item 8).

#include "tests/cli/harness.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <sys/stat.h>

using namespace dnsctl::test;

namespace {

unsigned mode_of(const std::filesystem::path& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 ? st.st_mode & 07777 : 01000;
}

// Sets the umask for one test and puts it back.
struct Umask {
  explicit Umask(mode_t m)
      : old(::umask(m)) {}
  ~Umask() { ::umask(old); }
  Umask(const Umask&) = delete;
  Umask& operator=(const Umask&) = delete;
  mode_t old;
};

} // namespace

class StoreFilesTest : public CliTest {};

TEST_F(StoreFilesTest, ANewStoreAndItsFoldersAreTheOwnersOnlyUnderUmask022) {
  DNSCTL_SQLITE_ONLY();
  Umask u(022);
  std::filesystem::path db = m_dir / "fresh" / "deeper" / "dnsctl.db";
  m_db = db.string();
  ok({"tsigkey", "create", "k1."}); // a random secret
  EXPECT_EQ(mode_of(db), 0600u);
  EXPECT_EQ(mode_of(m_dir / "fresh"), 0700u);
  EXPECT_EQ(mode_of(m_dir / "fresh" / "deeper"), 0700u);
  // The -wal and -shm files exist while a connection is open: SQLite gives them the
  // main file's mode.
  SQLite::Database open(m_db, SQLite::OPEN_READWRITE);
  open.exec("BEGIN IMMEDIATE; CREATE TABLE scratch(x); COMMIT");
  EXPECT_EQ(mode_of(m_db + "-wal"), 0600u);
  EXPECT_EQ(mode_of(m_db + "-shm"), 0600u);
  Ran quiet = ok({"tsigkey", "list"});
  EXPECT_EQ(quiet.err.find("warning"), std::string::npos) << quiet.err;
}

TEST_F(StoreFilesTest, AStoreOthersCanReadIsLeftAsItIsButSaid) {
  DNSCTL_SQLITE_ONLY();
  ok({"tsigkey", "create", "k1."}); // a random secret
  ASSERT_EQ(::chmod(m_db.c_str(), 0644), 0);
  Ran r = ok({"tsigkey", "list"});
  EXPECT_NE(r.err.find("warning: " + m_db + " has mode 0644"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("chmod 600"), std::string::npos) << r.err;
  EXPECT_EQ(mode_of(m_db), 0644u);
}

// Issue 14, item 15: --secret puts the secret in ps and shell history; --secret-file
// reads it from a file (base64, or the key file tsig-keygen writes) or stdin.
TEST_F(StoreFilesTest, ASecretComesFromAFileOrStandardInput) {
  const std::string secret = "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=";
  std::string bind_key = write_temp(
      "k.key", "key \"k1.\" {\n\talgorithm hmac-sha256;\n\tsecret \"" + secret + "\";\n};\n");
  EXPECT_EQ(
      ok({"tsigkey", "create", "k1.", "--secret-file", bind_key, "-f", "value", "-c", "secret"})
          .out,
      secret + "\n");
  Ran piped =
      dnsctl({"tsigkey", "create", "k2.", "--secret-file", "-", "-f", "value", "-c", "secret"},
             secret + "\n");
  EXPECT_EQ(piped.code, 0) << piped.err;
  EXPECT_EQ(piped.out, secret + "\n");
  Ran empty = dnsctl({"tsigkey", "create", "k3.", "--secret-file", write_temp("e", "\n")});
  EXPECT_EQ(empty.code, 2);
  EXPECT_NE(empty.err.find("holds no secret"), std::string::npos) << empty.err;
}
