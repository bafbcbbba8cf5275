#include "core/db/engines.hpp"
#include "core/dns/name.hpp"
#include "core/dns/rrtype.hpp"
#include "core/mdns/store_cache.hpp"
#include "core/ops/page.hpp"
#include "core/pools/parse.hpp"
#include "core/pools/plan.hpp"
#include "core/store/access.hpp"
#include "core/store/migrate.hpp"
#include "core/store/pools.hpp"
#include "core/store/rows.hpp"
#include "core/store/serve.hpp"
#include "core/store/store.hpp"
#include "core/store/sync_state.hpp"
#include "core/store/targets.hpp"
#include "core/store/zone_rows.hpp"
#include "core/zone/records.hpp"
#include "core/zone/zones.hpp"
#include "tests/support/postgres.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <thread>

using namespace dnsctl;

namespace {

const char* k_pool = R"(- name: default
  ns_records:
    - hostname: ns1.example.org.
    - hostname: ns2.example.org.
  targets:
    - type: bind9
      description: one
      masters: [{host: 192.0.2.1}]
)";

// Every test runs on both engines: the store's rules must read the same on each.
class StoreTest : public ::testing::TestWithParam<const char*> {
protected:
  bool on_postgresql() const { return std::string(GetParam()) == "postgresql"; }
  void SetUp() override {
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    name = name.substr(0, name.find('/'));
    m_dir = std::filesystem::temp_directory_path()
            / ("dnsctl-store-test-" + std::to_string(::getpid()) + "-" + name);
    std::filesystem::remove_all(m_dir);
    m_address = on_postgresql() ? test::create_database(name) : (m_dir / "t.db").string();
    set_time(1700000000);
    auto s = store::Store::open(m_address);
    ASSERT_TRUE(s) << s.error().message;
    m_store = std::make_unique<store::Store>(std::move(*s));
    ASSERT_TRUE(apply_pools(k_pool));
  }
  void TearDown() override {
    m_store.reset();
    std::filesystem::remove_all(m_dir);
    if (on_postgresql()) {
      test::drop_database(m_address);
    }
    ::unsetenv("DNSCTL_FAKE_TIME");
  }
  static void set_time(int64_t t) { ::setenv("DNSCTL_FAKE_TIME", std::to_string(t).c_str(), 1); }

  Status apply_pools(const std::string& yaml) {
    auto desired = pools::parse_text(yaml, "t");
    EXPECT_TRUE(desired) << desired.error().message;
    return m_store->write("pool update", [&]() -> Status {
      auto plan = pools::make_plan(*m_store, *desired, pools::DeleteMissing::yes);
      if (!plan)
        return plan.error();
      auto n = pools::apply(*m_store, *plan);
      if (!n)
        return n.error();
      return {};
    });
  }

  model::Zone zone(const std::string& name = "example.com.") {
    auto z = store::find_zone(*m_store, name);
    EXPECT_TRUE(z);
    return *z;
  }

  model::Zone create_zone(const std::string& name = "example.com") {
    model::Settings settings;
    auto z = m_store->write("t", [&]() {
      zone::ZoneSpec spec;
      spec.name = name;
      spec.email = "hostmaster@example.com";
      return zone::create_zone(*m_store, spec, settings);
    });
    EXPECT_TRUE(z) << z.error().message;
    return *z;
  }

  Result<model::RecordSet>
  add(const std::string& name, const std::string& type, std::vector<std::string> data) {
    return m_store->write("t", [&]() {
      zone::RecordSetSpec spec;
      spec.name = name;
      spec.type = type;
      spec.data = std::move(data);
      return zone::create_recordset(*m_store, zone(), spec);
    });
  }

  // What sync writes after a step: the target's outcome, then its zone's status.
  Status record_outcome(const store::PendingTarget& p,
                        bool ok,
                        const std::string& error,
                        int64_t when,
                        int error_after = 3) {
    return m_store->write("sync", [&]() -> Status {
      DNSCTL_TRY(store::record_target(
          *m_store, {p.target_id, p.zone_id, p.action, p.serial, ok, error}, when, error_after));
      return store::settle_zone(*m_store, p.zone_id);
    });
  }

  int64_t count(const std::string& sql) {
    db::Statement q(store::connection(*m_store), sql);
    q.step();
    return q.column(0).int64();
  }

  std::filesystem::path m_dir;
  std::string m_address;
  std::unique_ptr<store::Store> m_store;
};

} // namespace

INSTANTIATE_TEST_SUITE_P(Engine,
                         StoreTest,
                         ::testing::Values("sqlite", "postgresql"),
                         [](const auto& p) { return std::string(p.param); });

TEST_P(StoreTest, ZoneGetsManagedSoaAndNsAndPendingTargets) {
  auto z = create_zone();
  EXPECT_EQ(z.serial, 1700000000u);
  EXPECT_EQ(z.mname, "ns1.example.org.");
  EXPECT_EQ(z.rname, "hostmaster.example.com.");
  auto sets = zone::list_recordsets(*m_store, z, {});
  ASSERT_TRUE(sets);
  ASSERT_EQ(sets->size(), 2u);
  EXPECT_EQ((*sets)[0].type, dns::rrtype::k_soa);
  EXPECT_EQ((*sets)[0].data[0],
            "ns1.example.org. hostmaster.example.com. 1700000000 3600 600 "
            "86400 3600");
  EXPECT_EQ((*sets)[1].type, dns::rrtype::k_ns);
  EXPECT_EQ((*sets)[1].data, (std::vector<std::string>{"ns1.example.org.", "ns2.example.org."}));
  auto states = store::target_states(*m_store, z.id);
  ASSERT_TRUE(states);
  ASSERT_EQ(states->size(), 1u);
  EXPECT_EQ(states->front().action, model::TargetAction::create);
}

TEST_P(StoreTest, PoolWithoutNsRecordsRefusesZones) {
  ASSERT_TRUE(apply_pools("- name: default\n"));
  model::Settings settings;
  auto z = m_store->write("t", [&]() {
    zone::ZoneSpec spec;
    spec.name = "example.com";
    spec.email = "h@example.com";
    return zone::create_zone(*m_store, spec, settings);
  });
  ASSERT_FALSE(z);
  EXPECT_NE(z.error().message.find("has no ns_records"), std::string::npos);
}

TEST_P(StoreTest, EveryWriteIsOneSerialStepWithItsJournal) {
  create_zone();
  set_time(1700000000); // the clock has not moved: old + 1
  ASSERT_TRUE(add("www", "A", {"192.0.2.1", "192.0.2.2"}));
  EXPECT_EQ(zone().serial, 1700000001u);
  set_time(1700000100); // the clock is ahead: unix time (within the journal's max age)
  ASSERT_TRUE(add("mail", "MX", {"10 mx"}));
  EXPECT_EQ(zone().serial, 1700000100u);
  EXPECT_EQ(count("SELECT count(*) FROM zone_journal"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM zone_journal_rrs WHERE added = 1"), 2);
  EXPECT_EQ(count("SELECT serial_to FROM zone_journal ORDER BY id DESC LIMIT 1"), 1700000100);
  EXPECT_EQ(zone().action, model::ZoneAction::create); // still to be created on targets
}

TEST_P(StoreTest, TheJournalKeepsTheLatestStepsWithinItsAge) {
  create_zone();
  m_store->set_journal_limits(3, 3600);
  set_time(1700000000);
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(add("h" + std::to_string(i), "A", {"192.0.2.1"}));
  }
  EXPECT_EQ(count("SELECT count(*) FROM zone_journal"), 3); // by count
  // The records of pruned steps go with them.
  EXPECT_EQ(count("SELECT count(*) FROM zone_journal_rrs WHERE journal_id NOT IN "
                  "(SELECT id FROM zone_journal)"),
            0);
  set_time(1700000000 + 7200);
  ASSERT_TRUE(add("late", "A", {"192.0.2.1"}));
  EXPECT_EQ(count("SELECT count(*) FROM zone_journal"), 1); // by age: only the new one
}

TEST_P(StoreTest, JournalHoldsOnlyTheRecordsThatChanged) {
  create_zone();
  ASSERT_TRUE(add("www", "A", {"192.0.2.1", "192.0.2.2"}));
  auto rs = zone::find_recordset(*m_store, zone(), "www", "A");
  ASSERT_TRUE(rs);
  auto updated = m_store->write("t", [&]() {
    zone::RecordSetSpec spec;
    spec.data = {"192.0.2.2", "192.0.2.3"};
    return zone::update_recordset(*m_store, zone(), *rs, spec);
  });
  ASSERT_TRUE(updated) << updated.error().message;
  int64_t last = count("SELECT max(id) FROM zone_journal");
  EXPECT_EQ(count("SELECT count(*) FROM zone_journal_rrs WHERE added = 0 AND journal_id = "
                  + std::to_string(last)),
            1);
  EXPECT_EQ(count("SELECT count(*) FROM zone_journal_rrs WHERE added = 1 AND journal_id = "
                  + std::to_string(last)),
            1);
}

TEST_P(StoreTest, UnchangedDataAndDescriptionDoNotBumpTheSerial) {
  create_zone();
  ASSERT_TRUE(add("www", "A", {"192.0.2.1"}));
  uint32_t before = zone().serial;
  auto rs = zone::find_recordset(*m_store, zone(), "www", "A");
  auto r = m_store->write("t", [&]() {
    zone::RecordSetSpec spec;
    spec.data = {"192.0.2.1"};
    spec.description = "web";
    return zone::update_recordset(*m_store, zone(), *rs, spec);
  });
  ASSERT_TRUE(r);
  EXPECT_EQ(r->description, "web");
  EXPECT_EQ(zone().serial, before);
}

TEST_P(StoreTest, RecordRules) {
  create_zone();
  ASSERT_TRUE(add("www", "A", {"192.0.2.1"}));
  struct {
    std::string name;
    const char* type;
    const char* data;
    const char* expect;
  } cases[] = {
      {"www", "CNAME", "other", "conflicts with its other records (A)"},
      {"@", "CNAME", "other", "cannot be at the zone apex"},
      {"*.w", "NS", "ns1.example.org.", "a wildcard cannot delegate"},
      {"x.example.org.", "A", "192.0.2.1", "is not inside zone example.com."},
      {"@", "NS", "ns9.example.org.", "apex NS RRset of example.com. is managed"},
      {"@", "SOA", "a. b. 1 2 3 4 5", "managed by dnsctl"},
      {"www", "A", "192.0.2.5", "already exists"},
      {std::string(64, 'a'), "A", "192.0.2.1", "63"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name + " " + c.type);
    auto r = add(c.name, c.type, {c.data});
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find(c.expect), std::string::npos) << r.error().message;
  }
  ASSERT_TRUE(add("alias", "CNAME", {"www"}));
  auto r = add("alias", "TXT", {"\"x\""});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("conflicts with the CNAME"), std::string::npos);
  auto two = add("alias2", "CNAME", {"a", "b"});
  ASSERT_FALSE(two);
  EXPECT_NE(two.error().message.find("exactly one record"), std::string::npos);
}

TEST_P(StoreTest, AnRRsetMustFitOneDnsMessage) {
  create_zone();
  auto txt = [](int n) {
    std::vector<std::string> data;
    for (int i = 0; i < n; ++i) {
      data.push_back("\"" + std::to_string(i) + std::string(240, 'a') + "\"");
    }
    return data;
  };
  // 200 records of about 270 bytes on the wire fit (54 KB); 300 do not (81 KB).
  ASSERT_TRUE(add("big", "TXT", txt(200)));
  auto r = add("big2", "TXT", txt(300));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("fit one DNS message"), std::string::npos) << r.error().message;
}

TEST_P(StoreTest, NamesOfAHostedSubZoneBelongThere) {
  create_zone();
  create_zone("sub.example.com");
  auto r = add("www.sub", "A", {"192.0.2.1"});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("belongs to zone sub.example.com."), std::string::npos);
  EXPECT_TRUE(add("sub", "NS", {"ns1.example.org."})); // the delegation stays in the parent
}

TEST_P(StoreTest, PoolUpdateTwiceChangesNothing) {
  create_zone();
  auto dump = [&]() {
    std::string s;
    for (const char* t : {"pools",
                          "pool_ns_records",
                          "pool_targets",
                          "pool_target_masters",
                          "zones",
                          "target_zone_state",
                          "zone_journal"}) {
      db::Statement st(store::connection(*m_store), std::string("SELECT * FROM ") + t);
      while (st.step())
        for (int i = 0; i < st.column_count(); ++i)
          s += st.column(i).string() + "|";
      s += "\n";
    }
    return s;
  };
  std::string before = dump();
  set_time(1900000000);
  ASSERT_TRUE(apply_pools(k_pool));
  EXPECT_EQ(dump(), before);
}

TEST_P(StoreTest, NsChangeBumpsEachZoneOnceAndRewritesApexNs) {
  create_zone();
  create_zone("example.net");
  set_time(1700000100);
  std::string changed = k_pool;
  changed.replace(changed.find("ns2.example.org."), 16, "ns3.example.org.");
  ASSERT_TRUE(apply_pools(changed));
  for (const char* name : {"example.com.", "example.net."}) {
    auto z = zone(name);
    EXPECT_EQ(z.serial, 1700000100u);
    auto ns = zone::find_recordset(*m_store, z, "@", "NS");
    ASSERT_TRUE(ns);
    EXPECT_EQ(ns->data, (std::vector<std::string>{"ns1.example.org.", "ns3.example.org."}));
  }
  EXPECT_EQ(count("SELECT count(*) FROM zone_journal"), 2);
}

TEST_P(StoreTest, PoolDeleteRefusedWhileItHoldsZones) {
  create_zone();
  auto r = apply_pools("[]");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("still holds 1 zone(s): example.com."), std::string::npos);
  EXPECT_EQ(count("SELECT count(*) FROM pools"), 1);
}

TEST_P(StoreTest, NewTargetGetsEveryZoneToCreate) {
  create_zone();
  std::string two = std::string(k_pool)
                    + "    - type: bind9\n      description: two\n"
                      "      masters: [{host: 192.0.2.1}]\n";
  ASSERT_TRUE(apply_pools(two));
  auto states = store::target_states(*m_store, zone().id);
  ASSERT_EQ(states->size(), 2u);
  EXPECT_EQ((*states)[1].action, model::TargetAction::create);
}

TEST_P(StoreTest, ZoneTtlChangeForcesAxfrInTheJournal) {
  create_zone();
  auto r = m_store->write("t", [&]() {
    zone::ZoneUpdate u;
    u.ttl = 300;
    return zone::update_zone(*m_store, zone(), u);
  });
  ASSERT_TRUE(r);
  EXPECT_EQ(count("SELECT complete FROM zone_journal"), 0);
}

TEST_P(StoreTest, DeleteMarksTargetsAndRefusesNewRecords) {
  create_zone();
  auto d = m_store->write(
      "t", [&]() { return zone::delete_zone(*m_store, zone(), zone::HardDelete::no); });
  ASSERT_TRUE(d);
  EXPECT_EQ(d->action, model::ZoneAction::remove);
  auto r = add("www", "A", {"192.0.2.1"});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("being deleted"), std::string::npos);
}

TEST_P(StoreTest, FailedWriteLeavesNothingBehind) {
  create_zone();
  auto r = m_store->write("t", [&]() -> Status {
    zone::RecordSetSpec spec{"www", "A", {"192.0.2.1"}, {}, false, {}};
    auto ok = zone::create_recordset(*m_store, zone(), spec);
    if (!ok)
      return ok.error();
    return make_error(Errc::invalid_input, "later step failed");
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(count("SELECT count(*) FROM recordsets"), 1); // the apex NS only
  EXPECT_EQ(count("SELECT count(*) FROM zone_journal"), 0);
}

// sync reads what is pending, works without the store, then records the outcome: a
// change committed meanwhile must stay pending for the next run, never be lost.
TEST_P(StoreTest, SyncOutcomeKeepsAChangeMadeWhileItRan) {
  create_zone();
  auto pending = store::pending_targets(*m_store, {}, 0);
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->size(), 1u);
  store::PendingTarget p = pending->front();
  EXPECT_EQ(p.action, model::TargetAction::create);
  set_time(1700000500);
  ASSERT_TRUE(add("www", "A", {"192.0.2.1"})); // while addzone runs
  auto ok = m_store->write("sync", [&]() -> Status {
    return store::record_target(
        *m_store, {p.target_id, p.zone_id, p.action, p.serial, true, ""}, 1, 3);
  });
  ASSERT_TRUE(ok) << ok.error().message;
  pending = store::pending_targets(*m_store, {}, 0);
  ASSERT_EQ(pending->size(), 1u);
  // Created on the target, but the new serial still needs its NOTIFY.
  EXPECT_EQ(pending->front().action, model::TargetAction::update);
  EXPECT_EQ(pending->front().serial, 1700000500u);

  p = pending->front();
  ASSERT_TRUE(record_outcome(p, true, "", 2));
  EXPECT_TRUE(store::pending_targets(*m_store, {}, 0)->empty());
  EXPECT_EQ(zone().status, model::ZoneStatus::active);
  EXPECT_EQ(zone().action, model::ZoneAction::none);
}

TEST_P(StoreTest, SyncFailureKeepsTheActionAndTheMessage) {
  create_zone();
  auto p = store::pending_targets(*m_store, {}, 0)->front();
  ASSERT_TRUE(record_outcome(p, false, "rndc: connection refused", 3, 1));
  auto again = store::pending_targets(*m_store, {}, 0);
  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ(again->front().action, model::TargetAction::create);
  EXPECT_EQ(again->front().status, dnsctl::model::TargetStatus::error);
  auto states = store::target_states(*m_store, p.zone_id);
  EXPECT_EQ(states->front().last_error, "rndc: connection refused");
  EXPECT_EQ(states->front().failures, 1);
  EXPECT_EQ(zone().status, model::ZoneStatus::error);
}

// Issue 24, item 3: one timeout is not a broken server. A target fails twice and
// stays pending (its zone PENDING, the error shown); the third failure in a row is
// ERROR; a success resets the count, so the next failure starts again from one.
TEST_P(StoreTest, SyncErrorOnlyAfterErrorAfterFailuresInARow) {
  create_zone();
  auto p = store::pending_targets(*m_store, {}, 0)->front();
  auto record = [&](bool ok, int64_t when) {
    return record_outcome(p, ok, ok ? "" : "rndc: timed out", when);
  };
  auto state = [&] { return store::target_states(*m_store, p.zone_id)->front(); };
  for (int i = 1; i <= 2; ++i) {
    ASSERT_TRUE(record(false, i));
    EXPECT_EQ(state().status, model::TargetStatus::pending) << i;
    EXPECT_EQ(state().failures, i);
    EXPECT_EQ(state().last_error, "rndc: timed out");
    EXPECT_EQ(zone().status, model::ZoneStatus::pending) << i;
  }
  ASSERT_TRUE(record(false, 3));
  EXPECT_EQ(state().status, model::TargetStatus::error);
  EXPECT_EQ(state().failures, 3);
  EXPECT_EQ(zone().status, model::ZoneStatus::error);

  ASSERT_TRUE(record(true, 4));
  EXPECT_EQ(state().failures, 0);
  EXPECT_EQ(state().last_error, "");
  EXPECT_EQ(zone().status, model::ZoneStatus::active);
  ASSERT_TRUE(add("www", "A", {"192.0.2.1"}));
  p = store::pending_targets(*m_store, {}, 0)->front();
  ASSERT_TRUE(record(false, 5));
  EXPECT_EQ(state().failures, 1);
  EXPECT_EQ(zone().status, model::ZoneStatus::pending);
}

// Issue 14: schema 4 escapes octets 0 and 1 inside a label of an owner's sort key.
// A label with octet 0 is kept whole now; a schema 3 store's keys that hold octet 1
// are re-encoded by the migration and read back as the same names.
TEST_P(StoreTest, NamesWithZeroOctetsAreKeptAndSchema3KeysAreReEncoded) {
  create_zone();
  ASSERT_TRUE(add("x\\000y", "A", {"192.0.2.1"}));
  ASSERT_TRUE(add("ab\\000", "A", {"192.0.2.2"}));
  ASSERT_TRUE(add("a\\001b", "A", {"192.0.2.3"}));
  auto names = [&] {
    std::vector<std::string> out;
    db::Statement st(store::connection(*m_store), "SELECT owner FROM recordsets ORDER BY owner");
    while (st.step()) {
      auto c = st.column(0).blob();
      out.push_back(dns::Name::from_sort_key(c.data(), c.size()).to_text());
    }
    return out;
  };
  auto before = names();
  for (const char* n : {"x\\000y.example.com.", "ab\\000.example.com.", "a\\001b.example.com."}) {
    EXPECT_NE(std::find(before.begin(), before.end(), n), before.end()) << n;
  }
  if (on_postgresql()) {
    return; // PostgreSQL stores start at schema 11: there is no schema 3 to migrate from
  }
  // Make it a schema 3 store: the pair 01 02 was a bare 01 then (and a 0 octet could
  // not be stored at all).
  std::string path = (m_dir / "t.db").string();
  m_store.reset();
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("DELETE FROM recordsets WHERE instr(owner, x'0101') > 0");
    std::vector<std::pair<std::vector<uint8_t>, std::vector<uint8_t>>> rekey;
    SQLite::Statement st(db, "SELECT owner FROM recordsets WHERE instr(owner, x'0102') > 0");
    while (st.executeStep()) {
      auto c = st.getColumn(0);
      const auto* p = static_cast<const uint8_t*>(c.getBlob());
      std::vector<uint8_t> now(p, p + c.getBytes());
      std::vector<uint8_t> old;
      for (size_t i = 0; i < now.size(); ++i) {
        old.push_back(now[i]);
        i += now[i] == 1 ? 1 : 0;
      }
      rekey.emplace_back(now, old);
    }
    ASSERT_EQ(rekey.size(), 1U);
    SQLite::Statement up(db, "UPDATE recordsets SET owner = ?1 WHERE owner = ?2");
    up.bind(1, rekey[0].second.data(), static_cast<int>(rekey[0].second.size()));
    up.bind(2, rekey[0].first.data(), static_cast<int>(rekey[0].first.size()));
    up.exec();
    db.exec(
        "ALTER TABLE pool_nameservers DROP COLUMN tsigkey_id; "
        "ALTER TABLE nameserver_zone_state DROP COLUMN last_seen; DROP TABLE tlds; "
        "DROP TABLE blacklists; DROP TABLE zone_attributes; DROP TABLE zone_moves; DROP INDEX "
        "zones_catalog_of; ALTER TABLE zones DROP COLUMN catalog_of; DROP TABLE "
        "managed_records; DROP TABLE sink_messages; DROP INDEX zones_project; ALTER TABLE "
        "zones DROP COLUMN project_id; ALTER TABLE zones DROP COLUMN version; ALTER TABLE "
        "target_zone_state DROP COLUMN failures; ALTER TABLE recordsets DROP COLUMN "
        "created_at; ALTER TABLE recordsets DROP COLUMN updated_at; ALTER TABLE recordsets "
        "DROP COLUMN version; DROP TABLE quotas; DROP TABLE zone_exports; PRAGMA user_version = "
        "3");
    db.exec("PRAGMA user_version = 3"); // and let the migration run through our engine
  }
  {
    auto conn = db::open_sqlite(path, {});
    auto applied = store::migrate(*conn);
    ASSERT_TRUE(applied) << applied.error().message;
    EXPECT_EQ(*applied, (std::vector<int>{4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}));
  }
  auto s = store::Store::open(path);
  ASSERT_TRUE(s) << s.error().message;
  m_store = std::make_unique<store::Store>(std::move(*s));
  auto after = names();
  EXPECT_NE(std::find(after.begin(), after.end(), "a\\001b.example.com."), after.end());
  auto key = dns::Name::parse("a\\001b.example.com.")->sort_key();
  db::Statement st(store::connection(*m_store), "SELECT count(*) FROM recordsets WHERE owner = ?1");
  st.bind(1, key.data(), static_cast<int>(key.size()));
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.column(0).int32(), 1);
}

// PostgreSQL going away in the middle of a write: a clear error, and nothing of the
// write is there when it is back.
TEST_P(StoreTest, AConnectionLostMidWriteAppliesNothing) {
  if (!on_postgresql()) {
    GTEST_SKIP() << "a PostgreSQL connection";
  }
  create_zone();
  model::Zone z = zone();
  auto before = zone::list_recordsets(*m_store, z, {});
  ASSERT_TRUE(before);
  int64_t pid = count("SELECT pg_backend_pid()");
  auto r = m_store->write("t", [&]() -> Status {
    zone::RecordSetSpec spec{"www", "A", {"192.0.2.1"}, {}, false, {}};
    if (auto ok = zone::create_recordset(*m_store, z, spec); !ok) {
      return ok.error();
    }
    // Another session ends ours, as a restart or a failover would.
    auto admin = db::open_postgresql(m_address, std::chrono::seconds(5));
    admin->exec("SELECT pg_terminate_backend(" + std::to_string(pid) + ")");
    zone::RecordSetSpec more{"mail", "A", {"192.0.2.2"}, {}, false, {}};
    if (auto ok = zone::create_recordset(*m_store, z, more); !ok) {
      return ok.error();
    }
    return {};
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::io) << r.error().message;
  EXPECT_NE(r.error().message.find("lost the connection to PostgreSQL"), std::string::npos)
      << r.error().message;
  auto s = store::Store::open(m_address);
  ASSERT_TRUE(s) << s.error().message;
  m_store = std::make_unique<store::Store>(std::move(*s));
  auto after = zone::list_recordsets(*m_store, zone(), {});
  ASSERT_TRUE(after);
  EXPECT_EQ(after->size(), before->size());
  EXPECT_EQ(zone().serial, 1700000000u);
}

// The engine layer reads back what was written, whatever the type PostgreSQL gives an
// expression (bigint, integer, numeric for sum(), boolean) or a value (octets with 0).
TEST_P(StoreTest, TheEngineReadsValuesAsWritten) {
  auto& db = store::connection(*m_store);
  db::Statement q(db,
                  "SELECT sum(v), count(*), min(v), max(v), 1 = 1, 1 = 0 FROM (SELECT "
                  "CAST(? AS BIGINT) AS v UNION ALL SELECT CAST(? AS BIGINT) UNION ALL SELECT "
                  "CAST(? AS BIGINT)) AS t");
  q.bind(1, int64_t{123456789012345});
  q.bind(2, int64_t{-5});
  q.bind(3, int64_t{10000});
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.column(0).int64(), 123456789022340);
  EXPECT_EQ(q.column(0).string(), "123456789022340");
  EXPECT_EQ(q.column(1).int64(), 3);
  EXPECT_EQ(q.column(2).int64(), -5);
  EXPECT_EQ(q.column(2).string(), "-5");
  EXPECT_EQ(q.column(3).int64(), 123456789012345);
  EXPECT_EQ(q.column(4).int64(), 1);
  EXPECT_EQ(q.column(5).int64(), 0);
  EXPECT_FALSE(q.step());

  db::Statement neg(db, "SELECT sum(v) FROM (SELECT CAST(? AS BIGINT) AS v) AS t");
  neg.bind(1, int64_t{-1000000000000});
  ASSERT_TRUE(neg.step());
  EXPECT_EQ(neg.column(0).int64(), -1000000000000);

  const std::vector<uint8_t> octets{0, 1, 0, 255, 0};
  db::Statement blob(db, "SELECT ?, ?, ?");
  blob.bind(1, octets.data(), static_cast<int>(octets.size()));
  blob.bind(2);
  blob.bind(3, std::string("text with 'quotes' and ?"));
  ASSERT_TRUE(blob.step());
  auto got = blob.column(0).blob();
  EXPECT_EQ(std::vector<uint8_t>(got.begin(), got.end()), octets);
  EXPECT_TRUE(blob.column(1).is_null());
  EXPECT_EQ(blob.column(2).string(), "text with 'quotes' and ?");
}

// Rows written in bulk (a COPY on PostgreSQL, 128-row INSERTs on SQLite) read back as
// given, every kind of value; a row that conflicts fails the write and leaves none.
TEST_P(StoreTest, BulkRowsAreWrittenAsGivenAndAConflictWritesNone) {
  auto z = create_zone();
  int64_t before = count("SELECT count(*) FROM recordsets");
  constexpr int k_rows = 300; // two 128-row batches and a remainder
  std::vector<std::vector<uint8_t>> keys;
  std::vector<std::vector<uint8_t>> packed;
  for (int i = 0; i < k_rows; ++i) {
    keys.push_back(dns::Name::parse("h" + std::to_string(i) + ".example.com.")->sort_key());
    packed.push_back(dns::pack_rdata(
        {{192, 0, 2, static_cast<uint8_t>(i)}, {0, 0, 0, static_cast<uint8_t>(i % 2)}}));
  }
  auto rows_of = [&](int n) {
    std::vector<store::RowData> rows;
    for (int i = 0; i < n; ++i) {
      store::RowData r;
      r.key = keys[static_cast<size_t>(i)];
      r.type = dns::rrtype::k_a;
      r.ttl = i % 3 == 0 ? -1 : int64_t{i} * 1000;
      r.managed = i % 5 == 0;
      r.description = i % 7 == 0 ? "a 'quoted' description" : "";
      r.packed = packed[static_cast<size_t>(i)];
      rows.push_back(r);
    }
    return rows;
  };
  auto rows = rows_of(k_rows);
  ASSERT_TRUE(m_store->write("t", [&]() -> Status {
    store::RowWriter w(*m_store, z.id);
    w.insert(rows);
    return {};
  }));
  EXPECT_EQ(count("SELECT count(*) FROM recordsets"), before + k_rows);
  db::Statement q(store::connection(*m_store),
                  "SELECT ttl, managed, description, data, rdata FROM recordsets "
                  "WHERE zone_id = ? AND owner = ? AND type = 1");
  for (int i : {0, 7, 10, 299}) {
    q.reset();
    q.bind(1, z.id);
    q.bind(2,
           keys[static_cast<size_t>(i)].data(),
           static_cast<int>(keys[static_cast<size_t>(i)].size()));
    ASSERT_TRUE(q.step()) << i;
    EXPECT_EQ(q.column(0).is_null(), i % 3 == 0) << i;
    if (i % 3 != 0) {
      EXPECT_EQ(q.column(0).int64(), int64_t{i} * 1000) << i;
    }
    EXPECT_EQ(q.column(1).int64(), i % 5 == 0 ? 1 : 0) << i;
    EXPECT_EQ(q.column(2).string(), i % 7 == 0 ? "a 'quoted' description" : "") << i;
    EXPECT_EQ(q.column(3).string(),
              "192.0.2." + std::to_string(i % 256) + "\n0.0.0." + std::to_string(i % 2))
        << i;
    auto got = q.column(4).blob();
    EXPECT_EQ(std::vector<uint8_t>(got.begin(), got.end()), packed[static_cast<size_t>(i)]) << i;
  }
  q.reset();

  // The same owners again: the first row conflicts, and nothing of the write stays.
  auto again = rows_of(10);
  auto failed = m_store->write("t", [&]() -> Status {
    store::RowWriter w(*m_store, z.id);
    w.insert(again);
    return {};
  });
  ASSERT_FALSE(failed);
  EXPECT_EQ(count("SELECT count(*) FROM recordsets"), before + k_rows);
  // The connection is still good for the next write.
  ASSERT_TRUE(add("after", "A", {"192.0.2.200"}));
}

// The mdns's copy of the store (store_cache.hpp) follows every kind of change and ends
// up as the store has it: changes come from the journal, only the owners they touched
// read again; a change the journal cannot describe (the zone's TTL) reads the zone whole.
TEST_P(StoreTest, TheMdnsCopyFollowsEveryChangeAsTheStoreHasIt) {
  auto z = create_zone();
  ASSERT_TRUE(add("www", "A", {"192.0.2.1"}));
  ASSERT_TRUE(add("mail", "MX", {"10 mx"}));
  ASSERT_TRUE(add("a.b.deep", "A", {"192.0.2.3"}));
  auto cache = mdns::StoreCache::start(m_address, nullptr);
  auto reader = store::ZoneReader::open(m_address);
  ASSERT_TRUE(reader) << reader.error().message;
  ASSERT_TRUE(cache) << cache.error().message;

  auto dump = [](const mdns::ZoneRecords& r) {
    std::string out;
    r.for_each(3600, [&](const mdns::RRsetView& v) {
      out += std::string(v.owner.begin(), v.owner.end()) + "|" + std::to_string(v.type) + "|"
             + std::to_string(v.ttl) + "|" + std::string(v.packed.begin(), v.packed.end()) + "\n";
      return true;
    });
    return out;
  };
  // Waits for the copy to reach the store's serial, then compares them.
  auto same_as_store = [&](const std::string& step) {
    uint32_t want = zone().serial;
    const mdns::ZoneInfo* held = nullptr;
    std::shared_ptr<const mdns::CachedStore> now;
    for (int i = 0; i < 2000; ++i) {
      now = (*cache)->current();
      auto apex = dns::Name::parse("example.com.")->sort_key();
      auto it = now->served->zones.find(std::string(apex.begin(), apex.end()));
      held = it != now->served->zones.end() ? &it->second : nullptr;
      if (held != nullptr && held->serial == want) {
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ASSERT_NE(held, nullptr) << step;
    ASSERT_EQ(held->serial, want) << step;
    ASSERT_NE(now->records_of(z.id), nullptr) << step;
    EXPECT_EQ(dump(*now->records_of(z.id)), dump(mdns::ZoneRecords::read(**reader, z.id))) << step;
  };
  same_as_store("start");

  ASSERT_TRUE(add("new", "TXT", {"\"a new owner\""}));
  same_as_store("an owner added");
  auto www = zone::find_recordset(*m_store, zone(), "www", "A");
  ASSERT_TRUE(www);
  ASSERT_TRUE(m_store->write("t", [&]() {
    zone::RecordSetSpec spec;
    spec.data = {"192.0.2.9", "192.0.2.10"};
    spec.ttl = 60;
    return zone::update_recordset(*m_store, zone(), *www, spec);
  }));
  same_as_store("data and TTL changed");
  ASSERT_TRUE(add("www", "AAAA", {"2001:db8::1"}));
  same_as_store("a second type at an owner");
  auto deep = zone::find_recordset(*m_store, zone(), "a.b.deep", "A");
  ASSERT_TRUE(deep);
  ASSERT_TRUE(
      m_store->write("t", [&]() { return zone::delete_recordset(*m_store, zone(), *deep); }));
  same_as_store("the owner below an empty non-terminal deleted");
  EXPECT_EQ((*cache)->counts().read_whole, 0u);
  EXPECT_EQ((*cache)->counts().by_journal, 4u);

  ASSERT_TRUE(m_store->write("t", [&]() {
    zone::ZoneUpdate u;
    u.ttl = 300;
    return zone::update_zone(*m_store, zone(), u);
  }));
  same_as_store("the zone's TTL");
  EXPECT_EQ((*cache)->counts().read_whole, 1u);
}

// A page read from the store (count, marker found by id, LIMIT) is exactly the page cut
// out of the whole list, for every limit, marker and direction, with and without exact
// filters: the API's default page reads 20 rows where it read the zone.
TEST_P(StoreTest, RecordsetPagesFromTheStoreEqualPagesOfTheWholeList) {
  create_zone();
  for (const char* n : {"a", "b", "b.a", "c", "*.d", "z"}) {
    ASSERT_TRUE(add(n, "A", {"192.0.2.1"}));
  }
  ASSERT_TRUE(add("b", "TXT", {"\"b\""}));
  ASSERT_TRUE(add("@", "MX", {"10 mx.example.com."}));
  auto z = zone();
  std::vector<zone::RecordFilter> filters(4);
  filters[1].name = "b";
  filters[2].type = "A";
  filters[3].type = "SOA";
  for (const auto& f : filters) {
    auto all = zone::list_recordsets(*m_store, z, f);
    ASSERT_TRUE(all);
    std::vector<std::string> markers{""};
    for (const auto& rs : *all) {
      markers.push_back(rs.id);
    }
    for (bool desc : {false, true}) {
      for (size_t limit = 0; limit <= all->size() + 1; ++limit) {
        for (const auto& marker : markers) {
          ops::PageRequest req{limit, marker, "", desc};
          auto want = ops::page_of<model::RecordSet>(
              *all, req, {{"name", nullptr}}, [](const model::RecordSet& r) { return r.id; });
          ASSERT_TRUE(want);
          auto got = zone::page_recordsets(*m_store, z, f, marker, limit, desc);
          ASSERT_TRUE(got) << got.error().message;
          std::string where = "name=" + f.name + " type=" + f.type + " limit "
                              + std::to_string(limit) + " marker " + marker + (desc ? " desc" : "");
          ASSERT_TRUE(got->marker_found) << where;
          EXPECT_EQ(got->total, want->total) << where;
          std::vector<std::string> got_ids;
          std::vector<std::string> want_ids;
          for (const auto& rs : got->items) {
            got_ids.push_back(rs.id);
          }
          for (const auto& rs : want->items) {
            want_ids.push_back(rs.id);
          }
          EXPECT_EQ(got_ids, want_ids) << where;
          EXPECT_EQ(got->more, !want->next_marker.empty()) << where;
        }
      }
    }
  }
  auto missing =
      zone::page_recordsets(*m_store, z, {}, "00000000-0000-0000-0000-000000000000", 5, false);
  ASSERT_TRUE(missing);
  EXPECT_FALSE(missing->marker_found);
  // A recordset found by id reads only its row.
  auto all = zone::list_recordsets(*m_store, z, {});
  ASSERT_TRUE(all);
  for (const auto& rs : *all) {
    auto found = zone::find_recordset(*m_store, z, rs.id, "");
    ASSERT_TRUE(found) << rs.name;
    EXPECT_EQ(found->name, rs.name);
    EXPECT_EQ(found->type, rs.type);
    EXPECT_EQ(found->data, rs.data);
  }
}
