// Issue 10, items 1 to 4, the store's side: a pool's catalog zone follows pools.yaml
// and the pool's zones in the same transactions, stays out of every zone command, keeps
// its key out of output, and `pool consumer-config` prints each server's part.

#include "tests/cli/harness.hpp"

#include <fstream>
#include <sstream>

using namespace dnsctl::test;

namespace {

const char* k_secret = "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=";

std::string pools(const std::string& catalog) {
  return "- name: default\n  ns_records: [{hostname: ns1.example.org., priority: 1}]\n"
         "  targets: [{type: fake, masters: [{host: 192.0.2.1, port: 5354}], "
         "options: {host: 127.0.0.1, port: 9}}]\n"
         + catalog
         + "- name: other\n  ns_records: [{hostname: ns1.other.example.org., priority: 1}]\n"
           "  targets: [{type: fake, options: {host: 127.0.0.1, port: 9}}]\n"
           "  catalog_zone: {catalog_zone_fqdn: cat.other.test.}\n";
}

std::string catalog(const std::string& fqdn, int refresh) {
  return "  catalog_zone:\n    catalog_zone_fqdn: " + fqdn + "\n    catalog_zone_refresh: "
         + std::to_string(refresh) + "\n    catalog_zone_tsig_key: " + k_secret
         + "\n    catalog_zone_tsig_algorithm: hmac-sha256\n";
}

} // namespace

class CatalogCli : public CliTest {
protected:
  void apply(const std::string& yaml) { ok({"pool", "update", write_temp("p.yaml", yaml)}); }
  // The catalog's serial, refresh and member PTR targets, straight from the store.
  struct Catalog {
    int64_t serial = 0;
    int64_t refresh = 0;
    std::vector<std::string> members;
    int64_t steps = 0; // journal steps: one per change (serials follow the clock too)
  };
  Catalog catalog_of(const std::string& fqdn) {
    auto conn = store_connection();
    Catalog c;
    dnsctl::db::Statement z(*conn,
                            "SELECT serial, refresh FROM zones WHERE name = ? "
                            "AND catalog_of IS NOT NULL");
    z.bind(1, fqdn);
    if (!z.step()) {
      return c;
    }
    c.serial = z.column(0).int64();
    c.refresh = z.column(1).int64();
    z.reset();
    dnsctl::db::Statement j(*conn,
                            "SELECT count(*) FROM zone_journal j JOIN zones z ON z.id = j.zone_id "
                            "WHERE z.name = ?");
    j.bind(1, fqdn);
    j.step();
    c.steps = j.column(0).int64();
    j.reset();
    dnsctl::db::Statement m(*conn,
                            "SELECT r.data FROM recordsets r JOIN zones z ON z.id = r.zone_id "
                            "WHERE z.name = ? AND r.type = 12 ORDER BY r.data");
    m.bind(1, fqdn);
    while (m.step()) {
      c.members.push_back(m.column(0).string());
    }
    return c;
  }
};

TEST_F(CatalogCli, TheCatalogFollowsThePoolsZonesInTheSameTransaction) {
  apply(pools(catalog("cat.test.", 60)));
  ok({"zone", "create", "a.example.", "--email", "h@example.org"});
  Catalog before = catalog_of("cat.test.");
  EXPECT_EQ(before.refresh, 60);
  EXPECT_EQ(before.members, (std::vector<std::string>{"a.example."}));
  ok({"zone", "create", "b.example.", "--email", "h@example.org"});
  Catalog after = catalog_of("cat.test.");
  EXPECT_GT(after.serial, before.serial);
  EXPECT_EQ(after.steps, before.steps + 1);
  EXPECT_EQ(after.members, (std::vector<std::string>{"a.example.", "b.example."}));
  // Out of every zone command.
  EXPECT_EQ(ok({"zone", "list", "-f", "value", "-c", "name"}).out, "a.example.\nb.example.\n");
  EXPECT_EQ(dnsctl({"zone", "show", "cat.test."}).code, 2);
  EXPECT_EQ(
      dnsctl({"record", "create", "cat.test.", "--name", "x", "--type", "A", "--data", "192.0.2.1"})
          .code,
      2);
  // Deleting a zone takes it out of the catalog at once; a failed create leaves it be.
  ok({"zone", "delete", "a.example."});
  EXPECT_EQ(catalog_of("cat.test.").members, (std::vector<std::string>{"b.example."}));
  std::string dump = store_dump();
  EXPECT_EQ(dnsctl({"zone", "create", "b.example.", "--email", "h@example.org"}).code, 2);
  EXPECT_EQ(store_dump(), dump);
  // The other pool's catalog is its own.
  ok({"zone", "create", "c.example.", "--email", "h@example.org", "--pool", "other"});
  EXPECT_EQ(catalog_of("cat.other.test.").members, (std::vector<std::string>{"c.example."}));
  EXPECT_EQ(catalog_of("cat.test.").members, (std::vector<std::string>{"b.example."}));
}

TEST_F(CatalogCli, AMoveLeavesTheOldCatalogWhenTheNewPoolServes) {
  apply(pools(catalog("cat.test.", 60)));
  ok({"zone", "create", "a.example.", "--email", "h@example.org"});
  ok({"sync", "--timeout", "0.3"});
  ok({"zone", "move", "a.example.", "--pool", "other"});
  EXPECT_EQ(catalog_of("cat.other.test.").members, (std::vector<std::string>{"a.example."}));
  EXPECT_EQ(catalog_of("cat.test.").members, (std::vector<std::string>{"a.example."}));
  // No consumer listens here: the NOTIFY of each catalog times out (it is only a hint).
  auto ran = json({"sync", "--timeout", "0.3"});
  ASSERT_EQ(ran.size(), 2u) << ran.dump();
  EXPECT_EQ(ran[0]["action"], "catalog add");
  EXPECT_EQ(ran[1]["action"], "catalog remove");
  EXPECT_TRUE(catalog_of("cat.test.").members.empty());
}

TEST_F(CatalogCli, PoolsYamlChangesTheCatalogAndItsKey) {
  apply(pools(catalog("cat.test.", 60)));
  ok({"zone", "create", "a.example.", "--email", "h@example.org"});
  auto keys = ok({"tsigkey", "list", "-f", "value", "-c", "name", "-c", "scope"}).out;
  EXPECT_EQ(keys, "cat.test. ZONE\n");
  // The secret never printed: not by the plan, not by show-config.
  Ran plan = dnsctl(
      {"pool", "update", write_temp("p2.yaml", pools(catalog("cat.test.", 120))), "--dry-run"});
  EXPECT_EQ(plan.code, 0) << plan.err;
  EXPECT_EQ(plan.out.find(k_secret), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("refresh 120"), std::string::npos) << plan.out;
  EXPECT_EQ(ok({"pool", "show-config", "--pool-id", "default"}).out.find(k_secret),
            std::string::npos);
  // A new refresh: one serial step, members kept.
  Catalog before = catalog_of("cat.test.");
  apply(pools(catalog("cat.test.", 120)));
  Catalog after = catalog_of("cat.test.");
  EXPECT_EQ(after.refresh, 120);
  EXPECT_GT(after.serial, before.serial);
  EXPECT_EQ(after.steps, before.steps + 1);
  EXPECT_EQ(after.members, before.members);
  // A new name: a new catalog with the same members, and the key follows.
  apply(pools(catalog("cat2.test.", 120)));
  EXPECT_TRUE(catalog_of("cat.test.").members.empty());
  EXPECT_EQ(catalog_of("cat2.test.").members, (std::vector<std::string>{"a.example."}));
  EXPECT_EQ(ok({"tsigkey", "list", "-f", "value", "-c", "name"}).out, "cat2.test.\n");
  // No catalog: gone, key and all.
  apply(pools(""));
  EXPECT_EQ(catalog_of("cat2.test.").serial, 0);
  EXPECT_EQ(ok({"tsigkey", "list", "-f", "value", "-c", "name"}).out, "");
  // A catalog named like a zone of the store is refused, the store unchanged.
  std::string dump = store_dump();
  Ran clash = dnsctl({"pool", "update", write_temp("p3.yaml", pools(catalog("a.example.", 60)))});
  EXPECT_EQ(clash.code, 2);
  EXPECT_NE(clash.err.find("catalog_zone_fqdn a.example. is a zone of this store already"),
            std::string::npos)
      << clash.err;
  EXPECT_EQ(store_dump(), dump);
}

TEST_F(CatalogCli, ConsumerConfigForEachServer) {
  apply(pools(catalog("cat.test.", 60)));
  std::string bind = ok({"pool", "consumer-config", "default", "--server", "bind9"}).out;
  for (const char* want : {"// dnsctl: inside options\n",
                           "// dnsctl: top level\n",
                           "zone \"cat.test.\" default-primaries { 192.0.2.1 port 5354; }",
                           "serial-query-rate 10000;",
                           "allow-notify { 192.0.2.1; };",
                           "key \"cat.test.\" { algorithm hmac-sha256; secret \"",
                           "type secondary;",
                           "primaries { 192.0.2.1 port 5354 key \"cat.test.\"; }"}) {
    EXPECT_NE(bind.find(want), std::string::npos) << want << "\n" << bind;
  }
  std::string knot =
      ok({"pool", "consumer-config", "default", "--server", "knot", "--notify-from", "192.0.2.9"})
          .out;
  for (const char* want : {"catalog-role: interpret",
                           "catalog-template: dnsctl-default-member",
                           "address: [192.0.2.1@5354]",
                           "address: [192.0.2.1, 192.0.2.9]",
                           "key: cat.test."}) {
    EXPECT_NE(knot.find(want), std::string::npos) << want << "\n" << knot;
  }
  std::string pdns = ok({"pool", "consumer-config", "default", "--server", "pdns"}).out;
  for (const char* want : {"pdnsutil create-secondary-zone cat.test. 192.0.2.1:5354",
                           "pdnsutil set-kind cat.test. consumer",
                           "pdnsutil set-meta cat.test. AXFR-MASTER-TSIG cat.test.",
                           "xfr-cycle-interval=5"}) {
    EXPECT_NE(pdns.find(want), std::string::npos) << want << "\n" << pdns;
  }
  // A member key: scope ALL or this pool's, into default-primaries and the member remote.
  ok({"tsigkey", "create", "members.test.", "--scope", "pool", "--resource-id", "default"});
  ok({"tsigkey", "create", "other.test.", "--scope", "pool", "--resource-id", "other"});
  std::string keyed_bind = ok({"pool",
                               "consumer-config",
                               "default",
                               "--server",
                               "bind9",
                               "--member-key",
                               "members.test."})
                               .out;
  for (const char* want : {"default-primaries { 192.0.2.1 port 5354 key \"members.test.\"; }",
                           "key \"members.test.\" { algorithm hmac-sha256; secret \""}) {
    EXPECT_NE(keyed_bind.find(want), std::string::npos) << want << "\n" << keyed_bind;
  }
  Ran wrong = dnsctl(
      {"pool", "consumer-config", "default", "--server", "knot", "--member-key", "other.test."});
  EXPECT_EQ(wrong.code, 2);
  EXPECT_NE(wrong.err.find("does not cover pool default"), std::string::npos) << wrong.err;
  Ran pdns_key = dnsctl(
      {"pool", "consumer-config", "default", "--server", "pdns", "--member-key", "members.test."});
  EXPECT_EQ(pdns_key.code, 2);
  EXPECT_NE(pdns_key.err.find("PowerDNS"), std::string::npos) << pdns_key.err;
  // The backend type names are the same servers.
  EXPECT_EQ(ok({"pool", "consumer-config", "default", "--server", "pdns4"}).out, pdns);
  EXPECT_EQ(ok({"pool", "consumer-config", "default", "--server", "bind"}).out, bind);
  Ran nsd = dnsctl({"pool", "consumer-config", "default", "--server", "nsd"});
  EXPECT_EQ(nsd.code, 2);
  EXPECT_NE(nsd.err.find("unknown server \"nsd\""), std::string::npos) << nsd.err;
  apply(pools(""));
  Ran none = dnsctl({"pool", "consumer-config", "default", "--server", "bind9"});
  EXPECT_EQ(none.code, 2);
  EXPECT_NE(none.err.find("pool default has no catalog_zone"), std::string::npos) << none.err;
}

// Issue 10, item 5: many zones in one command and one transaction, one catalog step.
TEST_F(CatalogCli, ManyZonesInOneCommandAllOrNone) {
  apply(pools(catalog("cat.test.", 60)));
  Catalog start = catalog_of("cat.test.");
  std::string file =
      write_temp("names.txt", "b.example.\n# a comment\n\nc.example  # and another\n");
  auto made = json({"zone",
                    "create",
                    "a.example",
                    "--from-file",
                    file,
                    "--email",
                    "h@example.org",
                    "--ttl",
                    "300"});
  ASSERT_EQ(made.size(), 3u) << made.dump();
  EXPECT_EQ(made[0]["name"], "a.example.");
  EXPECT_EQ(made[2]["name"], "c.example.");
  Catalog after = catalog_of("cat.test.");
  EXPECT_GT(after.serial, start.serial);
  EXPECT_EQ(after.steps, start.steps + 1);
  EXPECT_EQ(after.members, (std::vector<std::string>{"a.example.", "b.example.", "c.example."}));
  EXPECT_EQ(json({"zone", "show", "c.example."})["ttl"], 300);
  // Standard input too; one bad name refuses the whole batch, and says which.
  std::string dump = store_dump();
  Ran r = dnsctl({"zone", "create", "--from-file", "-", "--email", "h@example.org"},
                 "d.example.\nb.example.\ne.example.\n");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("zone b.example. already exists"), std::string::npos) << r.err;
  EXPECT_EQ(store_dump(), dump);
  Ran bad = dnsctl({"zone", "create", "f.example", "bad..name", "--email", "h@example.org"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("bad..name"), std::string::npos) << bad.err;
  EXPECT_EQ(store_dump(), dump);
  Ran none = dnsctl({"zone", "create", "--email", "h@example.org"});
  EXPECT_EQ(none.code, 2);
  EXPECT_NE(none.err.find("no zone to create"), std::string::npos) << none.err;
}

// Issue 10, item 5: several zone files in one `domain import`, one catalog step; a bad
// file anywhere refuses them all and names itself.
TEST_F(CatalogCli, SeveralZoneFilesInOneImportAllOrNone) {
  apply(pools(catalog("cat.test.", 60)));
  auto zone_file = [&](const std::string& zone, const std::string& body) {
    return write_temp(zone + "zone",
                      "$ORIGIN " + zone + "\n$TTL 300\n@ SOA ns1 h 7 3600 600 86400 300\n"
                          + "@ NS ns1.example.org.\n" + body);
  };
  std::string a = zone_file("a.example.", "www A 192.0.2.1\n");
  std::string b = zone_file("b.example.", "www A 192.0.2.2\nmail AAAA 2001:db8::2\n");
  std::string c = zone_file("c.example.", "ftp CNAME www.a.example.\n");
  Catalog start = catalog_of("cat.test.");
  std::string empty = store_dump();
  // The third file is bad: nothing of the first two is written.
  std::string bad = zone_file("d.example.", "www A 192.0.2.300\n");
  Ran r = dnsctl({"domain", "import", a, b, bad});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("d.example.zone:5"), std::string::npos) << r.err;
  EXPECT_EQ(store_dump(), empty);
  // The same zone twice, and --name with several files.
  Ran twice = dnsctl({"domain", "import", a, b, a});
  EXPECT_EQ(twice.code, 2);
  EXPECT_NE(twice.err.find("zone a.example. is in"), std::string::npos) << twice.err;
  Ran named = dnsctl({"domain", "import", a, b, "--name", "x.example."});
  EXPECT_EQ(named.code, 2);
  EXPECT_NE(named.err.find("--name"), std::string::npos) << named.err;
  EXPECT_EQ(store_dump(), empty);
  // A dry run of the batch writes nothing.
  auto dry = json({"domain", "import", a, b, c, "--dry-run"});
  ASSERT_EQ(dry.size(), 3u) << dry.dump();
  EXPECT_EQ(store_dump(), empty);

  auto made = json({"domain", "import", a, b, c});
  ASSERT_EQ(made.size(), 3u) << made.dump();
  EXPECT_EQ(made[1]["name"], "b.example.");
  EXPECT_EQ(made[1]["records"], 4); // SOA, NS, A, AAAA
  Catalog after = catalog_of("cat.test.");
  EXPECT_EQ(after.steps, start.steps + 1);
  EXPECT_EQ(after.members, (std::vector<std::string>{"a.example.", "b.example.", "c.example."}));
  // An existing zone refuses without --replace; with it, a batch mixes new and
  // replaced zones in one transaction, and the catalog steps only for the new ones.
  Ran again = dnsctl({"domain", "import", a});
  EXPECT_EQ(again.code, 2);
  EXPECT_NE(again.err.find("--replace"), std::string::npos) << again.err;
  std::string a2 = zone_file("a.example.", "www A 192.0.2.9\n");
  std::string e = zone_file("e.example.", "www A 192.0.2.5\n");
  auto mixed = json({"domain", "import", a2, e, "--replace"});
  ASSERT_EQ(mixed.size(), 2u) << mixed.dump();
  EXPECT_EQ(mixed[0]["changed"].get<int>() + mixed[0]["added"].get<int>(), 1) << mixed.dump();
  EXPECT_EQ(catalog_of("cat.test.").steps, start.steps + 2);
  auto www = json({"recordset", "show", "a.example.", "www", "--type", "A"});
  EXPECT_EQ(www["data"], nlohmann::json::array({"192.0.2.9"})) << www.dump();
}

// Issue 10, item 6: a sync of hundreds of zones says how far it is on a terminal, and
// ends with one short totals line, not a line per zone.
TEST_F(CatalogCli, ABigSyncShowsProgressAndEndsWithOneShortLine) {
  apply(pools(catalog("cat.test.", 60)));
  std::string names;
  for (int i = 0; i < 200; ++i) {
    names += "z" + std::to_string(i) + ".example.\n";
  }
  ok({"zone", "create", "--from-file", write_temp("names", names), "--email", "h@example.org"});
  Ran r = dnsctl({"sync", "--timeout", "0.3"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::string last = r.out.substr(r.out.rfind('\n', r.out.size() - 2) + 1);
  EXPECT_LT(last.size(), 200u) << last;
  EXPECT_NE(last.find("sync: 200 step(s), 0 backend command(s), 1 NOTIFY; fake 127.0.0.1:9 "
                      "200 ok; pool default 200/200 zone(s) in sync; "),
            std::string::npos)
      << last;
  EXPECT_EQ(r.err.find('\r'), std::string::npos) << "progress without a terminal";

  // On a terminal (script(1) gives it one), with 200 steps failing fast: an
  // rndc key that is not there.
  std::string key = write_temp("rndc.key", "");
  apply("- name: default\n  ns_records: [{hostname: ns1.example.org., priority: 1}]\n"
        "  targets: [{type: bind9, masters: [{host: 192.0.2.1, port: 5354}], options: "
        "{host: 127.0.0.1, port: 9, rndc_host: 127.0.0.1, rndc_port: 9, rndc_key_file: "
        + key
        + "}}]\n- name: other\n  ns_records: [{hostname: ns1.other.example.org., "
          "priority: 1}]\n  targets: [{type: fake, options: {host: 127.0.0.1, port: 9}}]\n");
  std::string typescript = (m_dir / "typescript").string();
  std::string cmd = std::string(DNSCTL_BIN) + " --db " + m_db + " --config " + m_config
                    + " sync --timeout 0.3 -f value -c zone";
  dnsctl::process::Options o;
  o.timeout = std::chrono::seconds(120);
  auto ran = dnsctl::process::run({"script", "-qfec", cmd, typescript}, o);
  ASSERT_TRUE(ran);
  std::ifstream in(typescript);
  std::stringstream read;
  read << in.rdbuf();
  std::string tty = read.str();
  EXPECT_NE(tty.find("/200 steps ("), std::string::npos) << tty.substr(0, 500);
  EXPECT_NE(tty.find("failed)"), std::string::npos);
  // The error names a few, not 200.
  EXPECT_NE(tty.find("; and 195 more"), std::string::npos) << tty.substr(tty.size() - 600);
}
