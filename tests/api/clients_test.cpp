// Clients nobody here wrote, against `dnsctl api` on loopback: Debian's openstack CLI
// (python3-openstackclient with python3-designateclient), and a Go program on Debian's
// gophercloud doing what Terraform's DNS resources do. `dnsctl sync --watch` runs
// beside the API, as in a real deployment, so zones reach ACTIVE.

#include "tests/api/harness.hpp"

#include <cstdlib>
#include <filesystem>

using namespace dnsctl::test;
using Json = nlohmann::json;

namespace {

bool have(const std::string& tool) {
  auto r = dnsctl::process::run({"sh", "-c", "command -v " + tool});
  return r && r->exit_code == 0;
}

// Missing tools fail the run where every test must run (make test), else skip.
#define DNSCTL_API_REQUIRE(tool)                                                                   \
  do {                                                                                             \
    if (!have(tool)) {                                                                             \
      if (std::getenv("DNSCTL_REQUIRE_DAEMONS") != nullptr)                                        \
        FAIL() << tool << " is not installed (make deps)";                                         \
      GTEST_SKIP() << tool << " is not installed";                                                 \
    }                                                                                              \
  } while (false)

} // namespace

class ApiClients : public ApiTest {
protected:
  void TearDown() override {
    if (m_sync.pid() > 0) {
      m_sync.stop();
    }
    ApiTest::TearDown();
  }
  void start_sync() {
    auto child = dnsctl::process::Child::spawn(
        {DNSCTL_BIN, "--db", m_db, "--config", m_config, "sync", "--watch"},
        (m_dir / "sync.log").string());
    ASSERT_TRUE(child) << child.error().message;
    m_sync = std::move(*child);
  }
  // openstack ARGS -f json against the API without Keystone (noauth).
  Json osc(std::vector<std::string> args) {
    std::vector<std::string> argv{
        "openstack", "--os-auth-type", "none", "--os-endpoint", m_base + "/v2"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"-f", "json"});
    dnsctl::process::Options o;
    o.timeout = std::chrono::seconds(60);
    o.extra_env = {"HOME=" + m_dir.string()};
    auto r = dnsctl::process::run(argv, o);
    EXPECT_TRUE(r && r->exit_code == 0)
        << args[0] << " " << args[1] << ": " << (r ? r->err : r.error().message);
    if (!r || r->exit_code != 0) {
      return nullptr;
    }
    return Json::parse(r->out, nullptr, false);
  }

  dnsctl::process::Child m_sync;
};

TEST_F(ApiClients, OpenstackCliZonesAndRecordsets) {
  DNSCTL_API_REQUIRE("openstack");
  start_api("auth_strategy = noauth\n");
  start_sync();
  auto z = osc({"zone",
                "create",
                "--email",
                "hostmaster@osc.example",
                "--ttl",
                "600",
                "--description",
                "from osc",
                "osc.example."});
  ASSERT_TRUE(z.is_object());
  EXPECT_EQ(z["name"], "osc.example.");
  EXPECT_EQ(z["status"], "PENDING");
  std::string id = z["id"];
  auto list = osc({"zone", "list"});
  ASSERT_TRUE(list.is_array());
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["id"], id);
  auto shown = osc({"zone", "show", "osc.example."});
  EXPECT_EQ(shown["ttl"], 600);
  auto set = osc({"zone", "set", "--ttl", "900", "--description", "changed", "osc.example."});
  EXPECT_EQ(set["ttl"], 900);
  EXPECT_EQ(set["description"], "changed");

  auto rs = osc({"recordset",
                 "create",
                 "--type",
                 "A",
                 "--record",
                 "192.0.2.1",
                 "--record",
                 "192.0.2.2",
                 "osc.example.",
                 "www"});
  ASSERT_TRUE(rs.is_object());
  EXPECT_EQ(rs["name"], "www.osc.example.");
  auto rs_list = osc({"recordset", "list", "osc.example."});
  ASSERT_TRUE(rs_list.is_array());
  EXPECT_EQ(rs_list.size(), 3u); // SOA, NS, www
  auto rs_show = osc({"recordset", "show", "osc.example.", "www.osc.example."});
  EXPECT_EQ(rs_show["type"], "A");
  auto rs_set =
      osc({"recordset", "set", "--record", "192.0.2.9", "osc.example.", "www.osc.example."});
  EXPECT_EQ(rs_set["records"], "192.0.2.9");
  auto rs_del = osc({"recordset", "delete", "osc.example.", "www.osc.example."});
  EXPECT_EQ(rs_del["action"], "DELETE");
  // What dnsctl's own CLI sees of it.
  EXPECT_EQ(ok({"record", "list", "osc.example.", "-f", "value", "-c", "name"}).out,
            "osc.example.\nosc.example.\n");
  auto del = osc({"zone", "delete", "osc.example."});
  EXPECT_EQ(del["action"], "DELETE");
}

TEST_F(ApiClients, GophercloudDoesWhatTerraformDoes) {
  DNSCTL_API_REQUIRE("go");
  ASSERT_TRUE(std::filesystem::exists("/usr/share/gocode/src/github.com/gophercloud/gophercloud"))
      << "golang-github-gophercloud-gophercloud-dev is not installed (make deps)";
  start_api();
  start_sync();
  // Built from Debian's packaged source (GOPATH mode: no module download).
  auto bin = (m_dir / "gophercloud").string();
  dnsctl::process::Options build;
  build.timeout = std::chrono::seconds(300);
  build.extra_env = {"GOPATH=/usr/share/gocode",
                     "GO111MODULE=off",
                     "GOCACHE=" + (m_dir / "gocache").string(),
                     "HOME=" + m_dir.string()};
  auto built = dnsctl::process::run(
      {"go", "build", "-o", bin, source_path("tests/api/gophercloud/main.go")}, build);
  ASSERT_TRUE(built && built->exit_code == 0) << (built ? built->err : built.error().message);
  dnsctl::process::Options o;
  o.timeout = std::chrono::seconds(240);
  auto r = dnsctl::process::run({bin, m_base, k_token_a, "tf.example."}, o);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->exit_code, 0) << r->out << r->err << api_log().substr(0, 2000);
  for (const char* step : {"ok zone ACTIVE",
                           "ok zone updated and read back",
                           "ok recordset created, updated and read back",
                           "ok paged 503 recordsets",
                           "ok zone deleted, 404"}) {
    EXPECT_NE(r->out.find(step), std::string::npos) << step << "\n" << r->out;
  }
}
