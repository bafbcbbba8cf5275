#include "core/pools/parse.hpp"

#include <gtest/gtest.h>

using dnsctl::pools::parse_file;
using dnsctl::pools::parse_text;

namespace {

const char* k_minimal = R"(- name: default
  ns_records:
    - hostname: ns1.example.org.
      priority: 1
  nameservers:
    - host: 192.0.2.2
      port: 53
  targets:
    - type: bind9
      masters:
        - host: 192.0.2.1
          port: 5354
      options:
        rndc_host: 192.0.2.2
)";

struct Bad {
  const char* name;
  std::string yaml;
  const char* expect; // "line:col: key.path: message" fragment
};

// One table of invalid files: every case checks the place (line and column) and the
// key, not only that parsing failed.
const Bad k_bad[] = {
    {"malformed", "- name: [unclosed\n", "t.yaml:2:1: malformed YAML"},
    {"not a list", "name: default\n", "t.yaml:1:1: the file must be a list of pools"},
    {"unknown pool key",
     "- name: a\n  bogus_key: 1\n",
     "t.yaml:2:3: pools[0].bogus_key: unknown key (expected one of id, name"},
    {"missing name", "- description: x\n", "t.yaml:1:3: pools[0].name: required key is missing"},
    {"bad id", "- name: a\n  id: abc\n", "t.yaml:2:7: pools[0].id: not a uuid: \"abc\""},
    {"port too high",
     "- name: a\n  nameservers:\n    - host: 192.0.2.1\n      port: 70000\n",
     "t.yaml:4:13: pools[0].nameservers[0].port: invalid port \"70000\" (expected 1..65535)"},
    {"port zero",
     "- name: a\n  also_notifies:\n    - host: 192.0.2.1\n      port: 0\n",
     "pools[0].also_notifies[0].port: invalid port \"0\""},
    {"bad host",
     "- name: a\n  nameservers:\n    - host: \"bad host!\"\n",
     "t.yaml:3:13: pools[0].nameservers[0].host: invalid host \"bad host!\""},
    {"bad ns hostname",
     "- name: a\n  ns_records:\n    - hostname: \"ns;1.example.org.\"\n",
     "t.yaml:3:17: pools[0].ns_records[0].hostname: "},
    {"priority out of range",
     "- name: a\n  ns_records:\n    - hostname: ns1.example.org.\n      priority: 0\n",
     "pools[0].ns_records[0].priority: invalid priority \"0\" (expected 1..10000)"},
    {"unknown backend",
     "- name: a\n  targets:\n    - type: bind\n",
     "t.yaml:3:13: pools[0].targets[0].type: \"bind\" is a Designate backend dnsctl does not "
     "drive (did you mean bind9?)"},
    {"unknown option",
     "- name: a\n  targets:\n    - type: bind9\n      options:\n        rndc_prot: 953\n",
     "t.yaml:5:20: pools[0].targets[0].options.rndc_prot: unknown option for bind9"},
    {"bad option value",
     "- name: a\n  targets:\n    - type: bind9\n      options:\n        rndc_port: abc\n",
     "pools[0].targets[0].options.rndc_port: invalid value \"abc\" (expected a port number"},
    {"view with quote",
     "- name: a\n  targets:\n    - type: bind9\n      options:\n        view: 'in\"ternal'\n",
     "pools[0].targets[0].options.view: invalid value"},
    {"wrong type list",
     "- name: a\n  ns_records: ns1.example.org.\n",
     "t.yaml:2:15: pools[0].ns_records: expected a list, got a scalar"},
    {"wrong type scalar",
     "- name: [a, b]\n",
     "t.yaml:1:9: pools[0].name: expected a single value, got a list"},
    {"duplicate pool name",
     "- name: a\n- name: a\n",
     "t.yaml:2:9: pools[1].name: duplicate pool name \"a\" (also pools[0])"},
    {"duplicate ns",
     "- name: a\n  ns_records:\n    - hostname: ns1.example.org.\n    - hostname: "
     "NS1.example.org\n",
     "t.yaml:4:7: pools[0].ns_records[1]: duplicate ns_record ns1.example.org."},
    {"duplicate master",
     "- name: a\n  targets:\n    - type: bind9\n      masters:\n        - host: 192.0.2.1\n"
     "        - host: 192.0.2.1\n          port: 5354\n",
     "pools[0].targets[0].masters[1]: duplicate master 192.0.2.1 port 5354"},
    {"duplicate key", "- name: a\n  name: b\n", "t.yaml:2:3: pools[0].name: duplicate key"},
    {"unknown target key",
     "- name: a\n  targets:\n    - type: bind9\n      hosts: []\n",
     "pools[0].targets[0].hosts: unknown key (expected one of type, description, masters"},
    {"bad catalog alg",
     "- name: a\n  catalog_zone:\n    catalog_zone_fqdn: cat.example.org.\n"
     "    catalog_zone_tsig_algorithm: hmac-md6\n",
     "pools[0].catalog_zone.catalog_zone_tsig_algorithm: unknown algorithm"},
    {"catalog without fqdn",
     "- name: a\n  catalog_zone:\n    catalog_zone_refresh: 60\n",
     "pools[0].catalog_zone.catalog_zone_fqdn: required key is missing"},
    {"bad tsigkey",
     "- name: a\n  targets:\n    - type: bind9\n      tsigkey_id: nope\n",
     "pools[0].targets[0].tsigkey_id: not a uuid"},
    {"long description",
     "- name: a\n  description: " + std::string(161, 'x') + "\n",
     "pools[0].description: longer than 160 characters"},
};

} // namespace

TEST(PoolsParse, AcceptsDesignateSchema) {
  auto pools = parse_text(k_minimal, "t.yaml");
  ASSERT_TRUE(pools) << pools.error().message;
  ASSERT_EQ(pools->size(), 1u);
  const auto& p = pools->front();
  EXPECT_EQ(p.name, "default");
  ASSERT_EQ(p.targets.size(), 1u);
  EXPECT_EQ(p.targets[0].masters[0].port, 5354);
  const std::string* rndc_host = p.targets[0].option("rndc_host");
  ASSERT_NE(rndc_host, nullptr);
  EXPECT_EQ(*rndc_host, "192.0.2.2");
}

TEST(PoolsParse, AcceptsHostNamesWithOrWithoutTheDot) {
  auto pools = parse_text("- name: a\n  nameservers:\n    - host: ns1.Example.org\n"
                          "    - host: ns2.example.org.\n  ns_records:\n"
                          "    - hostname: ns1.example.org\n",
                          "t.yaml");
  ASSERT_TRUE(pools) << pools.error().message;
  EXPECT_EQ(pools->front().nameservers[0].host, "ns1.example.org.");
  EXPECT_EQ(pools->front().nameservers[1].host, "ns2.example.org.");
  EXPECT_EQ(pools->front().nameservers[0].port, 53);
  EXPECT_EQ(pools->front().ns_records[0].hostname, "ns1.example.org.");
}

TEST(PoolsParse, AcceptsCatalogZoneAndEmptyLists) {
  auto pools = parse_text("- name: a\n  attributes: {}\n  also_notifies: []\n  description:\n"
                          "  catalog_zone:\n    catalog_zone_fqdn: cat.example.org\n"
                          "    catalog_zone_refresh: 60\n",
                          "t.yaml");
  ASSERT_TRUE(pools) << pools.error().message;
  ASSERT_TRUE(pools->front().catalog_zone);
  EXPECT_EQ(pools->front().catalog_zone->fqdn, "cat.example.org.");
  EXPECT_EQ(*pools->front().catalog_zone->refresh, 60u);
}

TEST(PoolsParse, ReportsEveryValidationErrorWithPlaceAndKey) {
  for (const auto& c : k_bad) {
    SCOPED_TRACE(c.name);
    auto r = parse_text(c.yaml, "t.yaml");
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find(c.expect), std::string::npos) << "got: " << r.error().message;
  }
}

TEST(PoolsParse, ReportsSeveralErrorsAtOnce) {
  auto r = parse_text("- name: a\n  bogus: 1\n  nameservers:\n    - host: 192.0.2.1\n"
                      "      port: 99999\n",
                      "t.yaml");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("bogus"), std::string::npos);
  EXPECT_NE(r.error().message.find("99999"), std::string::npos);
}

TEST(PoolsParse, MissingFileIsAnError) {
  auto r = parse_file("/nonexistent/pools.yaml");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("/nonexistent/pools.yaml"), std::string::npos);
}
