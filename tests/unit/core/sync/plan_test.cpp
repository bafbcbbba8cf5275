#include "core/sync/plan.hpp"
#include "core/sync/sync.hpp"

#include <gtest/gtest.h>

using namespace dnsctl;

namespace {

model::Pool pool_with_target() {
  model::Pool p;
  p.id = 1;
  p.name = "default";
  model::Target t;
  t.id = 7;
  t.uuid = "5b6ac4bd-3b27-4b4c-9a6b-2f8c0a6f5f11";
  t.type = "bind9";
  t.description = "ns1";
  t.options = {{"rndc_host", "127.0.0.1"}, {"rndc_port", "953"}};
  p.targets.push_back(t);
  return p;
}

store::PendingTarget pending(int64_t zone_id, model::TargetAction action) {
  store::PendingTarget p;
  p.pool_id = 1;
  p.target_id = 7;
  p.zone_id = zone_id;
  p.zone = "z" + std::to_string(zone_id) + ".example.";
  p.action = action;
  p.status = dnsctl::model::TargetStatus::pending;
  return p;
}

} // namespace

TEST(SyncPlan, ActionsBecomeBackendStepsAndRecordChangesOnlyNotify) {
  std::vector<store::PendingTarget> in{pending(1, model::TargetAction::create),
                                       pending(2, model::TargetAction::update),
                                       pending(3, model::TargetAction::remove),
                                       pending(4, model::TargetAction::reconfigure)};
  auto plan = sync::make_plan(in, {pool_with_target()}, {{7, 4}}, {});
  ASSERT_EQ(plan.steps.size(), 4u);
  EXPECT_EQ(sync::step_verb(plan.steps[0]), "addzone");
  EXPECT_EQ(sync::step_verb(plan.steps[1]), "notify");
  EXPECT_FALSE(plan.steps[1].op.has_value());
  EXPECT_EQ(sync::step_verb(plan.steps[2]), "delzone");
  EXPECT_EQ(sync::step_verb(plan.steps[3]), "modzone");
  EXPECT_EQ(sync::target_label(plan.steps[0].target), "bind9 127.0.0.1:953 (ns1)");
  for (const auto& s : plan.steps) {
    EXPECT_TRUE(s.refused.empty());
  }
}

TEST(SyncPlan, NothingPendingPlansNothing) {
  EXPECT_TRUE(sync::make_plan({}, {pool_with_target()}, {}, {}).empty());
}

TEST(SyncPlan, TooManyDeletionsOnATargetAreRefusedUnlessForced) {
  std::vector<store::PendingTarget> in;
  for (int i = 1; i <= 11; ++i) {
    in.push_back(pending(i, model::TargetAction::remove));
  }
  // 11 of 50 zones: over the default of 10 (10 % of 50 is less).
  auto plan = sync::make_plan(in, {pool_with_target()}, {{7, 50}}, {});
  for (const auto& s : plan.steps) {
    EXPECT_NE(s.refused.find("refusing to delete 11 zones"), std::string::npos) << s.refused;
  }
  // 11 of 200: 10 % is 20, so they go.
  plan = sync::make_plan(in, {pool_with_target()}, {{7, 200}}, {});
  EXPECT_TRUE(plan.steps[0].refused.empty());
  // An explicit limit, and --force.
  plan = sync::make_plan(in, {pool_with_target()}, {{7, 200}}, {size_t{5}, false});
  EXPECT_FALSE(plan.steps[0].refused.empty());
  plan = sync::make_plan(in, {pool_with_target()}, {{7, 50}}, {size_t{5}, true});
  EXPECT_TRUE(plan.steps[0].refused.empty());
}

TEST(SyncPlan, TargetsNoLongerInThePoolAreSkipped) {
  auto p = pending(1, model::TargetAction::create);
  p.target_id = 99;
  EXPECT_TRUE(sync::make_plan({p}, {pool_with_target()}, {}, {}).empty());
}

TEST(SyncPoll, PoolAttributesOverrideTheDefaults) {
  model::Pool p = pool_with_target();
  p.attributes = {{"poll_delay", "0"},
                  {"poll_retry_interval", "0.25"},
                  {"poll_max_retries", "3"},
                  {"poll_timeout", "2"},
                  {"threshold_percentage", "50"},
                  {"other", "ignored"}};
  auto ps = sync::poll_settings(p, {});
  ASSERT_TRUE(ps) << ps.error().text();
  EXPECT_EQ(ps->delay.count(), 0);
  EXPECT_EQ(ps->interval.count(), 250);
  EXPECT_EQ(ps->max_retries, 3);
  EXPECT_EQ(ps->query_timeout.count(), 2000);
  EXPECT_EQ(ps->threshold_percentage, 50);
}

TEST(SyncPoll, BadAttributesNameThePoolAndTheKey) {
  model::Pool p = pool_with_target();
  p.attributes = {{"poll_interval", "soon"}};
  auto ps = sync::poll_settings(p, {});
  ASSERT_FALSE(ps);
  EXPECT_NE(ps.error().text().find("pool default: attribute poll_interval: \"soon\""),
            std::string::npos)
      << ps.error().text();
  p.attributes = {{"threshold_percentage", "101"}};
  EXPECT_FALSE(sync::poll_settings(p, {}));
}
