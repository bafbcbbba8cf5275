#include "core/store/store.hpp"

#include "core/db/address.hpp"
#include "core/db/engines.hpp"
#include "core/store/migrate.hpp"
#include "core/store/watch.hpp"
#include "core/util/fd.hpp"
#include "core/util/text.hpp"

#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <sstream>
#include <system_error>
#include <vector>

namespace dnsctl::store {
namespace {

int k_page_size = 16384; // NOLINT: overridden only by the benchmark, before any open

std::string env(const char* name) {
  const char* v = std::getenv(name); // NOLINT(concurrency-mt-unsafe): read before threads start
  return v != nullptr ? v : "";
}

std::string actor() {
  for (const char* var : {"SUDO_USER", "USER", "LOGNAME"}) {
    std::string v = env(var);
    if (!v.empty()) {
      return v;
    }
  }
  return "uid " + std::to_string(::getuid());
}

} // namespace

std::string default_path(const std::string& from_config) {
  if (std::string v = env("DNSCTL_DB"); !v.empty()) {
    return v;
  }
  if (!from_config.empty()) {
    return from_config;
  }
  if (::geteuid() == 0) {
    return "/var/lib/dnsctl/dnsctl.db";
  }
  std::string base = env("XDG_DATA_HOME");
  if (base.empty()) {
    std::string home = env("HOME");
    if (home.empty()) {
      home = ".";
    }
    base = home + "/.local/share";
  }
  return base + "/dnsctl/dnsctl.db";
}

namespace {

// The store holds TSIG secrets in clear: its folders and file are made for the owner
// only, whatever the umask (SQLite gives the -wal and -shm files the main file's
// mode). Only what this call creates is changed.
Status create_private(const std::filesystem::path& p) {
  std::vector<std::filesystem::path> missing;
  for (auto dir = p.parent_path(); !dir.empty() && !std::filesystem::exists(dir);
       dir = dir.parent_path()) {
    missing.push_back(dir);
  }
  std::reverse(missing.begin(), missing.end()); // outermost first
  for (const auto& dir : missing) {
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
      return make_error(Errc::io, "cannot create " + dir.string() + ": " + errno_text());
    }
  }
  Fd fd(::open(p.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (!fd && errno != EEXIST) {
    return make_error(Errc::io, "cannot create " + p.string() + ": " + errno_text());
  }
  return {};
}

// A store that others may read (made before this check, or by hand) is left as it
// is, since the operator may mean it, but said.
std::vector<std::string> loose_modes(const std::string& path) {
  std::vector<std::string> out;
  for (const std::string& f : {path, path + "-wal", path + "-shm"}) {
    struct stat st {};
    if (::stat(f.c_str(), &st) == 0 && (st.st_mode & 077) != 0) {
      std::ostringstream w;
      w << f << " has mode " << std::oct << std::setw(4) << std::setfill('0')
        << (st.st_mode & 07777) << ": other users can read the TSIG secrets in it (chmod 600 " << f
        << ")";
      out.push_back(w.str());
    }
  }
  return out;
}

} // namespace

bool is_postgresql_address(const std::string& address) {
  auto where = db::parse_address(address);
  return where && where->engine == db::Engine::postgresql;
}

Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

Result<Store> Store::open(const std::string& address, const OpenOptions& options) {
  Store s;
  DNSCTL_TRY_ASSIGN(auto where, db::parse_address(address));
  s.m_path = where.shown;
  if (where.engine == db::Engine::sqlite) {
    s.m_file = where.location;
  }
  const std::string& path = where.shown;
  try {
    if (where.engine == db::Engine::postgresql) {
      s.m_db = db::open_postgresql(where.location, options.busy_timeout);
    } else {
      std::filesystem::path p(where.location);
      if ((options.read_only || !options.create) && !std::filesystem::exists(p)) {
        return make_error(Errc::not_found, "no store at " + path);
      }
      if (!options.read_only) {
        DNSCTL_TRY(create_private(p));
      }
      db::SqliteOptions o;
      o.busy_timeout = options.busy_timeout;
      o.read_only = options.read_only;
      o.page_size = k_page_size;
      s.m_db = db::open_sqlite(where.location, o);
      s.m_warnings = loose_modes(where.location);
    }
    int v = current_version(*s.m_db);
    if (v == 0 && !options.create) {
      return make_error(Errc::not_found, "no store at " + path);
    }
    if (v == 0 && !options.read_only) {
      DNSCTL_TRY(store::migrate(*s.m_db));
      v = current_version(*s.m_db);
    }
    if (options.schema == SchemaCheck::require_current && v != latest_version()) {
      if (v < latest_version()) {
        return make_error(Errc::conflict,
                          "store " + path + " has schema version " + std::to_string(v)
                              + ", this dnsctl needs " + std::to_string(latest_version())
                              + ": run `dnsctl db sync`");
      }
      return make_error(Errc::conflict,
                        "store " + path + " has schema version " + std::to_string(v)
                            + ", newer than this dnsctl knows (" + std::to_string(latest_version())
                            + ")");
    }
  } catch (const std::exception& e) {
    return make_error(Errc::io, std::string("cannot open store ") + path + ": " + e.what());
  }
  return s;
}

bool Store::is_postgresql() const {
  return m_db->engine() == db::Engine::postgresql;
}

Status Store::begin() {
  try {
    m_db->begin_write();
  } catch (const std::exception& e) {
    rollback();
    return from_exception(e);
  }
  return {};
}

Status Store::commit() {
  try {
    m_db->commit();
  } catch (const std::exception& e) {
    rollback();
    return from_exception(e);
  }
  return {};
}

void Store::rollback() {
  try {
    m_db->rollback();
  } catch (const std::exception&) { // NOLINT(bugprone-empty-catch): nothing left to undo
  }
}

Error Store::from_exception(const std::exception& e) {
  switch (db::classify(e)) {
  case db::Failure::busy:
    return make_error(Errc::busy,
                      "the store stayed locked by another dnsctl past the busy timeout");
  case db::Failure::constraint:
    return make_error(Errc::conflict, std::string("store constraint: ") + e.what());
  case db::Failure::io:
    return make_error(Errc::io, std::string("store: ") + e.what());
  case db::Failure::other:
    return make_error(Errc::internal, std::string("store: ") + e.what());
  case db::Failure::none:
    break;
  }
  return make_error(Errc::internal, e.what());
}

void Store::set_foreign_keys(bool on) {
  // PostgreSQL keeps no statement journal to spare: its constraints stay on.
  if (!is_postgresql()) {
    m_db->exec(on ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF");
  }
}

void Store::refresh_statistics() {
  if (is_postgresql()) {
    try {
      m_db->exec("ANALYZE");
    } catch (const std::exception&) { // NOLINT(bugprone-empty-catch): only a plan is at stake
    }
  }
}

void Store::log_change(std::string_view zone, std::string_view summary) {
  db::Statement st(*m_db,
                   "INSERT INTO change_log(at, actor, command, zone, summary) "
                   "VALUES (?, ?, ?, ?, ?)");
  st.bind(1, static_cast<int64_t>(now()));
  st.bind(2, actor());
  st.bind(3, m_command);
  st.bind(4, std::string(zone));
  st.bind(5, std::string(summary));
  st.exec();
}

int64_t Store::now() {
  if (std::string fake = env("DNSCTL_FAKE_TIME"); !fake.empty()) {
    if (auto v = text::parse_uint(fake, 0, UINT32_MAX)) {
      return static_cast<int64_t>(*v);
    }
  }
  return static_cast<int64_t>(::time(nullptr));
}

std::string Store::sqlite_version() {
  return db::sqlite_library_version();
}

std::string Store::libpq_version() {
  return db::postgresql_library_version();
}

int64_t Store::data_version() {
  return m_db->data_version();
}

void Store::begin_read() {
  m_db->begin_read();
}

void Store::end_read() {
  try {
    if (m_db->in_transaction()) {
      m_db->commit();
    }
  } catch (const std::exception&) {
    if (m_db->usable()) {
      m_db->rollback();
    }
    throw;
  }
}

Result<int> Store::schema_version() {
  return read([&]() -> Result<int> { return current_version(*m_db); });
}

Result<std::vector<int>> Store::migrate() {
  return read([&]() { return store::migrate(*m_db); });
}

Result<ChangeFeed> Store::watch() {
  try {
    return ChangeFeed(*m_db, m_file);
  } catch (const std::exception& e) {
    return from_exception(e);
  }
}

bool Store::usable() {
  return m_db->usable();
}

} // namespace dnsctl::store
