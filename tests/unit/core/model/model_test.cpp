#include "core/model/pool_attributes.hpp"
#include "core/model/target_state.hpp"
#include "core/model/tsig_key.hpp"
#include "core/model/zone.hpp"

#include <gtest/gtest.h>

using namespace dnsctl;

TEST(ModelTest, EveryStatusPrintsAndParsesBack) {
  for (auto s : {model::ZoneStatus::active, model::ZoneStatus::pending, model::ZoneStatus::error}) {
    EXPECT_EQ(model::parse_zone_status(model::to_string(s)), s);
  }
  for (auto a : {model::ZoneAction::none,
                 model::ZoneAction::create,
                 model::ZoneAction::update,
                 model::ZoneAction::remove}) {
    EXPECT_EQ(model::parse_zone_action(model::to_string(a)), a);
  }
  EXPECT_FALSE(model::parse_zone_status("active")); // the store's casing only
  for (auto s : {model::TargetStatus::pending,
                 model::TargetStatus::active,
                 model::TargetStatus::error,
                 model::TargetStatus::deleted}) {
    EXPECT_EQ(model::parse_target_status(model::to_string(s)), s);
  }
  for (auto s : {model::NameserverStatus::never,
                 model::NameserverStatus::in_sync,
                 model::NameserverStatus::behind,
                 model::NameserverStatus::absent,
                 model::NameserverStatus::unreachable,
                 model::NameserverStatus::stale}) {
    EXPECT_EQ(model::parse_nameserver_status(model::to_string(s)), s);
  }
  for (auto s : {model::KeyScope::all, model::KeyScope::pool, model::KeyScope::zone}) {
    EXPECT_EQ(model::parse_key_scope(model::to_string(s)), s);
  }
}

TEST(ModelTest, PollAttributesParseOnceWithWhatTheyShouldBe) {
  auto ok = model::parse_poll_attributes({{"poll_delay", "0.5"},
                                          {"poll_retry_interval", "2"},
                                          {"poll_max_retries", "7"},
                                          {"threshold_percentage", "60"},
                                          {"service_tier", "gold"}});
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->delay, std::chrono::milliseconds(500));
  EXPECT_EQ(ok->interval, std::chrono::milliseconds(2000));
  EXPECT_EQ(ok->retries, 7);
  EXPECT_EQ(ok->threshold, 60);
  EXPECT_FALSE(ok->timeout);
  auto bad = model::parse_poll_attributes({{"threshold_percentage", "150"}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message,
            "attribute threshold_percentage: \"150\" is not a percentage 0..100");
}
