// PowerDNS API reply -> outcome, one row per reply, including the cases Designate's
// pdns4 driver gets wrong (reference/designate-backends.md §1.1).
#include "backends/pdns4/api.hpp"

#include <gtest/gtest.h>

using namespace dnsctl::backends::pdns4;

namespace {

struct Row {
  const char* what;
  Verdict (*rule)(const HttpReply&);
  long status;
  Verdict expect;
};

} // namespace

TEST(Pdns4Api, RepliesMapToOutcomes) {
  const Row rows[] = {
      {"POST created", on_create, 201, Verdict::done},
      {"POST duplicate zone", on_create, 409, Verdict::exists},
      {"POST master not an IP", on_create, 422, Verdict::failed},
      {"POST bad key", on_create, 401, Verdict::failed},
      {"POST no answer", on_create, 0, Verdict::failed},
      {"DELETE done", on_delete, 204, Verdict::done},
      {"DELETE absent is success", on_delete, 404, Verdict::missing},
      // Designate read these as "absent" and lost track of a zone still served.
      {"DELETE bad key is a failure", on_delete, 401, Verdict::failed},
      {"DELETE forbidden is a failure", on_delete, 403, Verdict::failed},
      {"DELETE server error is a failure", on_delete, 500, Verdict::failed},
      {"PUT masters done", on_update, 204, Verdict::done},
      {"PUT on a lost zone re-creates", on_update, 404, Verdict::missing},
      {"PUT server error", on_update, 503, Verdict::failed},
      {"GET exists", on_get, 200, Verdict::exists},
      {"GET absent", on_get, 404, Verdict::missing},
      {"GET bad key is not absence", on_get, 401, Verdict::failed},
  };
  for (const auto& r : rows) {
    HttpReply reply{r.status, "", r.status == 0 ? "Connection refused" : "", {}};
    EXPECT_EQ(r.rule(reply), r.expect) << r.what;
  }
}

TEST(Pdns4Api, ErrorTextIsTheServersWords) {
  EXPECT_EQ(error_text({422, R"({"error": "Master (x) is not an IP address"})", "", {}}),
            "HTTP 422: Master (x) is not an IP address");
  EXPECT_EQ(error_text({401, "Unauthorized", "", {}}), "HTTP 401: Unauthorized");
  EXPECT_EQ(error_text({0, "", "Couldn't connect to server", {}}), "Couldn't connect to server");
}

TEST(Pdns4Api, ExistingZoneIsOursOnlyWithOurMasters) {
  std::vector<std::string> ours{"127.0.0.1:5354", "[2001:db8::1]:5354"};
  EXPECT_TRUE(same_masters(R"({"masters": ["[2001:db8::1]:5354", "127.0.0.1:5354"]})", ours));
  EXPECT_FALSE(same_masters(R"({"masters": ["127.0.0.1:5354"]})", ours));
  EXPECT_FALSE(same_masters(R"({"masters": []})", ours));
  EXPECT_FALSE(same_masters("not json", ours));
}

TEST(Pdns4Api, UrlsAndIds) {
  // Only scheme://netloc counts, as in Designate.
  EXPECT_EQ(api_base("http://127.0.0.1:8081/some/path"),
            "http://127.0.0.1:8081/api/v1/servers/localhost");
  EXPECT_EQ(api_base("https://[::1]:8081"), "https://[::1]:8081/api/v1/servers/localhost");
  EXPECT_EQ(api_base("nonsense"), "");
  EXPECT_EQ(url_host("https://[::1]:8081/x"), "::1");
  EXPECT_EQ(url_host("http://192.0.2.1:8081"), "192.0.2.1");
  EXPECT_EQ(zone_id("example.com."), "example.com.");
  EXPECT_EQ(zone_id("a/b.example."), "a=2Fb.example.");
  EXPECT_EQ(master_text({0, "2001:db8::1", 5354, {}}), "[2001:db8::1]:5354");
}
