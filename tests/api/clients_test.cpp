// Clients nobody here wrote, against `dnsctl api` on loopback: Debian's openstack CLI
// (python3-openstackclient with python3-designateclient), and a Go program on Debian's
// gophercloud doing what Terraform's DNS resources do. `dnsctl sync --watch` runs
// beside the API, as in a real deployment, so zones reach ACTIVE.

#include "tests/api/harness.hpp"

#include <cstdlib>
#include <filesystem>
#include <regex>

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
  // Its 503 recordsets are past Designate's default quota of 500 a zone.
  start_api("[quota]\nzone_recordsets = 1000\nzone_records = 1000\n");
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

// The openstack CLI the way a cloud's users run it: a password login at a real Keystone
// (Debian's python3-keystone under uwsgi, tests/api/keystone.sh), the dns endpoint
// from Keystone's catalog, and `dnsctl api` checking each token with Keystone as
// keystonemiddleware does. Projects come from the tokens.
class ApiKeystone : public ApiClients {
protected:
  void TearDown() override {
    if (!m_keystone.empty()) {
      auto down =
          dnsctl::process::run({"bash", source_path("tests/api/keystone.sh"), "down", m_keystone});
      EXPECT_TRUE(down && down->exit_code == 0);
    }
    ApiClients::TearDown();
  }

  // openstack ARGS -f json as USER of PROJECT (password login at Keystone).
  dnsctl::process::Outcome os_as(const std::string& user,
                                 const std::string& project,
                                 std::vector<std::string> args,
                                 bool json = true) {
    std::vector<std::string> argv{"openstack"};
    argv.insert(argv.end(), args.begin(), args.end());
    if (json) {
      argv.insert(argv.end(), {"-f", "json"});
    }
    dnsctl::process::Options o;
    o.timeout = std::chrono::seconds(60);
    o.extra_env = {"HOME=" + m_dir.string(),
                   "OS_AUTH_URL=" + m_auth_url,
                   "OS_IDENTITY_API_VERSION=3",
                   "OS_USER_DOMAIN_NAME=Default",
                   "OS_PROJECT_DOMAIN_NAME=Default",
                   "OS_REGION_NAME=RegionOne",
                   "OS_USERNAME=" + user,
                   "OS_PASSWORD=" + user + "-secret",
                   "OS_PROJECT_NAME=" + project};
    auto r = dnsctl::process::run(argv, o);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : dnsctl::process::Outcome{};
  }
  Json os_json(const std::string& user,
               const std::string& project,
               const std::vector<std::string>& args) {
    auto r = os_as(user, project, args);
    EXPECT_EQ(r.exit_code, 0) << args[0] << " " << args[1] << ": " << r.err;
    return r.exit_code == 0 ? Json::parse(r.out, nullptr, false) : Json();
  }

  std::string m_keystone; // its folder
  std::string m_auth_url;
};

TEST_F(ApiKeystone, OpenstackCliThroughARealKeystone) {
#ifdef DNSCTL_TEST_SANITIZED
  GTEST_SKIP() << "Keystone's start (15-30 s) is paid once, in the optimised build's run";
#endif
  if (on_postgresql()) {
    GTEST_SKIP() << "Keystone is checked once, on SQLite: the store under it is the same";
  }
  DNSCTL_API_REQUIRE("openstack");
  DNSCTL_API_REQUIRE("uwsgi");
  DNSCTL_API_REQUIRE("keystone-manage");
  m_keystone = (m_dir / "keystone").string();
  std::filesystem::create_directories(m_keystone);
  dnsctl::process::Options slow;
  slow.timeout = std::chrono::seconds(180);
  auto up =
      dnsctl::process::run({"bash", source_path("tests/api/keystone.sh"), "up", m_keystone}, slow);
  ASSERT_TRUE(up && up->exit_code == 0) << (up ? up->out + up->err : up.error().message);
  std::string env = read_file(m_keystone + "/env");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(env, m, std::regex(R"(KS=(\S+) DNS_PORT=(\d+))"))) << env;
  m_auth_url = m[1];
  start_api("auth_strategy = keystone\n[keystone_authtoken]\nauth_url = " + m_auth_url
                + "\nusername = dnsctl\npassword = dnsctl-secret\nproject_name = service\n"
                  "auth_type = password\n",
            "127.0.0.1:" + std::string(m[2]));
  start_sync();

  auto z = os_json("primary",
                   "project-a",
                   {"zone", "create", "--email", "h@ks.example", "--ttl", "600", "ks.example."});
  ASSERT_TRUE(z.is_object());
  EXPECT_EQ(z["status"], "PENDING");
  std::string id = z["id"];
  std::string project = z["project_id"];
  EXPECT_EQ(project.size(), 32u) << "Keystone's project id: " << project;
  EXPECT_EQ(ok({"domain", "list", "--project", project, "-f", "value", "-c", "name"}).out,
            "ks.example.\n");
  auto rs = os_json("primary",
                    "project-a",
                    {"recordset",
                     "create",
                     "--type",
                     "TXT",
                     "--record",
                     "\"v=spf1 -all\"",
                     "ks.example.",
                     "www"});
  EXPECT_EQ(rs["name"], "www.ks.example.");

  // Quotas with the openstack CLI: an admin sets them for a project Keystone knows and
  // is refused one it does not know (a mistyped id gets no quotas); the project's
  // users meet them.
  auto quota =
      os_json("admin", "admin", {"dns", "quota", "set", "--project-id", project, "--zones", "1"});
  EXPECT_EQ(quota["zones"], 1) << quota;
  auto typo = os_as(
      "admin", "admin", {"dns", "quota", "set", "--project-id", "no-such-project", "--zones", "5"});
  EXPECT_NE(typo.exit_code, 0);
  EXPECT_NE(typo.err.find("no-such-project is not known to Keystone"), std::string::npos)
      << typo.err;
  EXPECT_EQ(query_int("SELECT count(*) FROM quotas WHERE project_id = 'no-such-project'"), 0);
  EXPECT_EQ(os_json("primary", "project-a", {"dns", "quota", "list"})["zones"], 1);
  auto over =
      os_as("primary", "project-a", {"zone", "create", "--email", "h@x.example", "x.example."});
  EXPECT_NE(over.exit_code, 0);
  EXPECT_NE(over.err.find("Quota exceeded for zones"), std::string::npos) << over.err;

  auto set = os_json(
      "primary", "project-a", {"zone", "set", "--description", "through keystone", "ks.example."});
  EXPECT_EQ(set["description"], "through keystone");
  auto shown = os_json("primary", "project-a", {"zone", "show", id});
  EXPECT_EQ(shown["id"], id);

  // Another project's user does not see it, by id or in a list; a reader of the project
  // reads and may not write.
  auto alt_list = os_json("alt", "project-b", {"zone", "list"});
  EXPECT_TRUE(alt_list.is_array() && alt_list.empty()) << alt_list;
  auto alt_show = os_as("alt", "project-b", {"zone", "show", id});
  EXPECT_NE(alt_show.exit_code, 0);
  EXPECT_NE(alt_show.err.find("not found"), std::string::npos) << alt_show.err;
  auto reader_list = os_json("reader", "project-a", {"recordset", "list", "ks.example."});
  EXPECT_EQ(reader_list.size(), 3u) << reader_list;
  auto reader_delete = os_as("reader", "project-a", {"zone", "delete", id}, false);
  EXPECT_NE(reader_delete.exit_code, 0);

  // A token Keystone does not know: 401 and where to get one, as keystonemiddleware says.
  auto bogus = http("GET", "/v2/zones", "", "gAAAAAbogus");
  EXPECT_EQ(bogus.status, 401);
  EXPECT_EQ(bogus.headers["www-authenticate"], "Keystone uri=\"" + m_auth_url + "\"");

  auto gone = os_json("primary", "project-a", {"zone", "delete", id});
  EXPECT_EQ(gone["action"], "DELETE");
  bool gone_404 = false;
  for (int i = 0; i < 20 && !gone_404; ++i) { // each call is a CLI start: no pause needed
    gone_404 = os_as("primary", "project-a", {"zone", "show", id}).err.find("not found")
               != std::string::npos;
  }
  EXPECT_TRUE(gone_404);
  // No token in the log: the log line names the project only.
  EXPECT_EQ(api_log().find("gAAAA"), std::string::npos);
  EXPECT_NE(api_log().find("project " + project), std::string::npos);
}
