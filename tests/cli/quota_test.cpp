// dnsctl quota: a project's quotas from the [quota] defaults and its own values, set and
// reset; bad values refused with the store left as it was.

#include "tests/cli/harness.hpp"

#include <fstream>

using namespace dnsctl::test;
using Json = nlohmann::json;

class QuotaCli : public CliTest {};

TEST_F(QuotaCli, ShowSetResetWithTheSitesDefaults) {
  {
    std::ofstream conf(m_config);
    conf << "[api]\ndefault_project = proj-default\n[quota]\nzones = 4\nzone_records = -1\n";
  }
  Json defaults = {{"zones", 4},
                   {"zone_recordsets", 500},
                   {"zone_records", -1},
                   {"recordset_records", 20},
                   {"api_export_size", 1000}};
  ok({"db", "sync"});
  EXPECT_EQ(json({"quota", "show", "p1"}), defaults);
  Json set = json({"quota", "set", "p1", "--zones", "12", "--recordset-records", "-1"});
  Json p1 = defaults;
  p1["zones"] = 12;
  p1["recordset_records"] = -1;
  EXPECT_EQ(set, p1);
  EXPECT_EQ(json({"quota", "show", "p1"}), p1);
  EXPECT_EQ(json({"quota", "show", "p2"}), defaults);
  // The default project by its [api] name or as "": one and the same.
  ok({"quota", "set", "proj-default", "--api-export-size", "9"});
  EXPECT_EQ(json({"quota", "show", ""})["api_export_size"], 9);
  EXPECT_EQ(query_int("SELECT count(*) FROM quotas WHERE project_id = ''"), 1);
  // The table form names each resource.
  Ran table = ok({"quota", "show", "p1"});
  EXPECT_NE(table.out.find("| recordset_records | -1    |"), std::string::npos) << table.out;

  // Bad values and no value: exit 2, and nothing written.
  std::string before = store_dump();
  for (const auto& bad :
       std::vector<std::vector<std::string>>{{"quota", "set", "p1", "--zones", "-2"},
                                             {"quota", "set", "p1", "--zones", "2147483648"},
                                             {"quota", "set", "p1", "--zones", "many"},
                                             {"quota", "set", "p1"},
                                             {"quota", "set", "p1", "--nosuch", "1"},
                                             {"quota", "show"}}) {
    Ran r = dnsctl(bad);
    EXPECT_EQ(r.code, 2) << bad[2] << ": " << r.err;
    EXPECT_FALSE(r.err.empty());
  }
  EXPECT_EQ(store_dump(), before);
  Ran none = dnsctl({"quota", "set", "p1"});
  EXPECT_NE(none.err.find("at least one of --zones"), std::string::npos) << none.err;

  ok({"quota", "reset", "p1"});
  EXPECT_EQ(json({"quota", "show", "p1"}), defaults);
  ok({"quota", "reset", "p1"}); // again: nothing to reset is no error

  // A bad default in dnsctl.conf names the key.
  {
    std::ofstream conf(m_config);
    conf << "[quota]\nzone_recordsets = lots\n";
  }
  Ran bad_conf = dnsctl({"quota", "show", "p1"});
  EXPECT_EQ(bad_conf.code, 2);
  EXPECT_NE(bad_conf.err.find("quota.zone_recordsets: invalid value \"lots\""), std::string::npos)
      << bad_conf.err;
}
