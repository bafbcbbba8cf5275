// knotc replies: Knot 3 prints "error: (reason) item" and exits 0, so every line
// is read; Designate's knot2 compared stdout to "OK" and broke on Knot 3.
#include "backends/knot/knotc.hpp"

#include <gtest/gtest.h>

using namespace dnsctl::backends::knot;

TEST(Knotc, ReplyLines) {
  struct Row {
    const char* line;
    std::vector<std::string> tolerated;
    bool ok;
    const char* message;
  } rows[] = {
      {"OK", {}, true, ""},
      {"error: (duplicate identifier) zone[a.test]", {"duplicate identifier"}, true, ""},
      {"error: (duplicate identifier) zone[a.test]",
       {},
       false,
       "(duplicate identifier) zone[a.test]"},
      {"error: (invalid identifier) zone[zz.test]", {"invalid identifier"}, true, ""},
      {"error: (invalid identifier) zone[b.test].master = nosuch",
       {"duplicate identifier"},
       false,
       "(invalid identifier) zone[b.test].master = nosuch"},
      {"error: (no active transaction) ", {}, false, "(no active transaction)"},
      {"", {}, false, "no reply from knotc"},
  };
  for (const auto& r : rows) {
    auto v = read_line(r.line, r.tolerated);
    EXPECT_EQ(v.ok, r.ok) << r.line;
    EXPECT_EQ(v.message, r.message) << r.line;
  }
}

TEST(Knotc, ConfReadOutput) {
  auto v = parse_conf("zone.domain = a.test.\n"
                      "zone[a.test.].master = dnsctl_1234abcd\n"
                      "zone[a.test.].acl = dnsctl_1234abcd\n"
                      "zone.domain = B.test.\n"
                      "zone[B.test.].template = secondary\n"
                      "remote.id = dnsctl_1234abcd\n"
                      "remote[dnsctl_1234abcd].address = 127.0.0.1@5354 127.0.0.2@5354\n"
                      "acl.id = dnsctl_1234abcd\n"
                      "acl[dnsctl_1234abcd].address = 127.0.0.1\n"
                      "acl[dnsctl_1234abcd].action = notify\n");
  EXPECT_EQ(v.zones, (std::set<std::string>{"a.test.", "b.test."}));
  EXPECT_TRUE(v.zone_masters["a.test."].contains("dnsctl_1234abcd"));
  EXPECT_EQ(v.zone_template["b.test."], "secondary");
  EXPECT_EQ(v.remote_addresses["dnsctl_1234abcd"],
            (std::set<std::string>{"127.0.0.1@5354", "127.0.0.2@5354"}));
  EXPECT_TRUE(v.remotes.contains("dnsctl_1234abcd"));
  EXPECT_EQ(v.acl_addresses["dnsctl_1234abcd"], (std::set<std::string>{"127.0.0.1"}));
}
