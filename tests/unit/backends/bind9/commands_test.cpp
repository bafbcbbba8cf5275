#include "backends/bind9/commands.hpp"
#include "core/util/process.hpp"

#include <gtest/gtest.h>

using namespace dnsctl;
using backends::bind9::Action;
using backends::bind9::Clean;

namespace {

const char* k_uuid = "08b1266b-f2e2-4ace-a22e-06616e2ab3e6";

model::Target target() {
  model::Target t;
  t.type = "bind9";
  t.masters = {{0, "127.0.0.1", 15354, {}}};
  t.options = {{"rndc_host", "127.0.0.1"}, {"rndc_port", "15953"}, {"rndc_key_file", "/k.key"}};
  return t;
}

std::vector<std::string> argv(const model::Target& t, Action a, Clean c = Clean::no) {
  auto r = backends::bind9::rndc_argv(t, a, {"example.org.", k_uuid}, c);
  EXPECT_TRUE(r) << r.error().message;
  return r ? *r : std::vector<std::string>{};
}

} // namespace

// The argv Designate 15.0.2 ran against BIND 9.18 (reference/designate.md §2.2).
TEST(Bind9Commands, AddzoneMatchesDesignate) {
  EXPECT_EQ(
      argv(target(), Action::addzone),
      (std::vector<std::string>{"rndc",
                                "-s",
                                "127.0.0.1",
                                "-p",
                                "15953",
                                "-k",
                                "/k.key",
                                "addzone",
                                "example.org  { type slave; masters { 127.0.0.1 port 15354;}; file "
                                "\"slave.example.org.08b1266b-f2e2-4ace-a22e-06616e2ab3e6\"; };"}));
}

TEST(Bind9Commands, SeveralMastersAndAView) {
  auto t = target();
  t.masters.push_back({0, "2001:db8::1", 5354, {}});
  t.options.emplace_back("view", "internal");
  t.options.emplace_back("rndc_config_file", "/etc/rndc.conf");
  auto a = argv(t, Action::modzone);
  EXPECT_EQ(process::shell_join(a),
            "rndc -s 127.0.0.1 -p 15953 -c /etc/rndc.conf -k /k.key modzone 'example.org in "
            "internal { type slave; masters { 127.0.0.1 port 15354; 2001:db8::1 port 5354;}; "
            "file \"slave.example.org.08b1266b-f2e2-4ace-a22e-06616e2ab3e6\"; };'");
}

TEST(Bind9Commands, DelzoneCleanAndTrailingSpace) {
  EXPECT_EQ(process::shell_join(argv(target(), Action::delzone)),
            "rndc -s 127.0.0.1 -p 15953 -k /k.key delzone 'example.org '");
  EXPECT_EQ(process::shell_join(argv(target(), Action::delzone, Clean::yes)),
            "rndc -s 127.0.0.1 -p 15953 -k /k.key delzone -clean 'example.org '");
  auto t = target();
  t.options.emplace_back("clean_zonefile", "True");
  EXPECT_EQ(argv(t, Action::delzone)[8], "-clean");
  EXPECT_EQ(process::shell_join(argv(target(), Action::showzone)),
            "rndc -s 127.0.0.1 -p 15953 -k /k.key showzone 'example.org '");
}

TEST(Bind9Commands, DefaultsWithoutOptions) {
  model::Target t;
  t.type = "bind9";
  t.masters = {{0, "192.0.2.1", 5354, {}}};
  EXPECT_EQ(process::shell_join(argv(t, Action::refresh)),
            "rndc -s 127.0.0.1 -p 953 refresh 'example.org '");
}

TEST(Bind9Commands, NothingUnsafeReachesTheCommandLine) {
  for (const char* name :
       {"exa'mple.org.", "exa\"mple.org.", "a{b.org.", "a;b.org.", "a\\032b.org.", "a}b.org."}) {
    SCOPED_TRACE(name);
    EXPECT_FALSE(backends::bind9::rndc_argv(target(), Action::addzone, {name, k_uuid}));
  }
  EXPECT_FALSE(backends::bind9::rndc_argv(target(), Action::addzone, {"example.org.", "x; y"}));
  auto t = target();
  t.masters[0].host = "mdns.example.org.";
  auto r = backends::bind9::rndc_argv(t, Action::addzone, {"example.org.", k_uuid});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("IP addresses"), std::string::npos);
  t = target();
  t.options.emplace_back("view", "a b");
  EXPECT_FALSE(backends::bind9::rndc_argv(t, Action::addzone, {"example.org.", k_uuid}));
}

TEST(ShellQuote, FollowsShlexRules) {
  EXPECT_EQ(process::shell_quote("plain-1.2/x"), "plain-1.2/x");
  EXPECT_EQ(process::shell_quote(""), "''");
  EXPECT_EQ(process::shell_quote("a b"), "'a b'");
  EXPECT_EQ(process::shell_quote("it's"), "'it'\"'\"'s'");
}
