// The alerts of experiment health, evaluated at a given time (no clock).
#include "services/statistics/domain/live_health.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace opmon::statistics {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;

const absl::Time kStart = absl::FromCivil(absl::CivilSecond(2026, 1, 1, 12, 0, 0), absl::UTCTimeZone());

ExperimentEnrollments Experiment(std::int64_t control, std::int64_t treatment, double control_ratio = 1,
                                 double treatment_ratio = 1) {
  ExperimentEnrollments e;
  e.slug = "exp";
  e.started = kStart;
  e.branches = {{"control", control, control_ratio}, {"treatment", treatment, treatment_ratio}};
  e.total = control + treatment;
  return e;
}

std::vector<std::string> Names(const std::vector<AlertRecord>& alerts) {
  std::vector<std::string> out;
  for (const AlertRecord& a : alerts) out.push_back(a.alert_name);
  return out;
}

TEST(LiveHealth, RaisesSrmBelowThePThresholdOnly) {
  const LiveHealthOptions options;
  // 55/45 of 10,000 against 50/50: χ² = 100, p ≈ 1.5e-23.
  std::vector<AlertRecord> alerts = EvaluateLiveHealth(Experiment(5500, 4500), options, kStart + absl::Hours(1));
  ASSERT_THAT(Names(alerts), ElementsAre("sample_ratio_mismatch"));
  EXPECT_EQ(alerts[0].alert_type, config::AlertType::kSrm);
  EXPECT_EQ(alerts[0].submission_date, absl::CivilDay(2026, 1, 1));
  EXPECT_EQ(alerts[0].metric, "enrollments");
  EXPECT_LT(*alerts[0].point, 1e-20);
  EXPECT_EQ(*alerts[0].upper, 0.001);
  // 55/45 of 1,000: χ² = 10, p ≈ 0.0016 is above 0.001, below 0.01.
  EXPECT_TRUE(EvaluateLiveHealth(Experiment(550, 450), options, kStart + absl::Hours(1)).empty());
  LiveHealthOptions loose;
  loose.srm_p_threshold = 0.01;
  EXPECT_THAT(Names(EvaluateLiveHealth(Experiment(550, 450), loose, kStart + absl::Hours(1))),
              ElementsAre("sample_ratio_mismatch"));
  // Planned 55/45: as planned.
  EXPECT_TRUE(EvaluateLiveHealth(Experiment(5500, 4500, 55, 45), options, kStart + absl::Hours(1)).empty());
}

TEST(LiveHealth, RolloutsHaveNoSrm) {
  ExperimentEnrollments e = Experiment(5500, 4500);
  e.is_rollout = true;
  EXPECT_TRUE(EvaluateLiveHealth(e, {}, kStart + absl::Hours(1)).empty());
}

TEST(LiveHealth, WarnsOfTooFewEnrollmentsAfterOneAndTwoDays) {
  const LiveHealthOptions options;
  EXPECT_TRUE(EvaluateLiveHealth(Experiment(200, 200), options, kStart + absl::Hours(23)).empty());
  std::vector<AlertRecord> day1 = EvaluateLiveHealth(Experiment(200, 200), options, kStart + absl::Hours(24));
  ASSERT_THAT(day1, ElementsAre(Field(&AlertRecord::message, "Fewer than 500 enrollments after 24 hours")));
  EXPECT_EQ(day1[0].alert_type, config::AlertType::kTooFewEnrollments);
  EXPECT_EQ(*day1[0].point, 400);
  EXPECT_EQ(*day1[0].lower, 500);
  EXPECT_TRUE(EvaluateLiveHealth(Experiment(300, 300), options, kStart + absl::Hours(47)).empty());
  EXPECT_THAT(EvaluateLiveHealth(Experiment(300, 300), options, kStart + absl::Hours(48)),
              ElementsAre(Field(&AlertRecord::message, "Fewer than 1000 enrollments after 2 days")));
  LiveHealthOptions custom;
  custom.min_enrollments_after_2_days = 500;
  EXPECT_TRUE(EvaluateLiveHealth(Experiment(300, 300), custom, kStart + absl::Hours(48)).empty());
}

}  // namespace
}  // namespace opmon::statistics
