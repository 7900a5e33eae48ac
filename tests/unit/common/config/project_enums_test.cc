#include <gtest/gtest.h>

#include "common/config/project.h"

namespace opmon::config {
namespace {

TEST(ProjectEnums, RoundTripThroughTheirNames) {
  EXPECT_EQ(ParseAlertType("ci_overlap"), AlertType::kCiOverlap);
  EXPECT_EQ(ParseXAxis("build_id"), XAxis::kBuildId);
  EXPECT_EQ(ParseMetricType("histogram"), MetricType::kHistogram);
  EXPECT_EQ(ParseChannel("nightly"), Channel::kNightly);
}

TEST(ProjectEnums, RejectOtherSpellings) {
  EXPECT_EQ(ParseXAxis("day"), std::nullopt);
}

TEST(StatisticAppliesTo, PercentileAppliesToBothTypesOthersToScalarsOnly) {
  EXPECT_TRUE(StatisticAppliesTo(StatisticKind::kPercentile, MetricType::kHistogram));
  EXPECT_TRUE(StatisticAppliesTo(StatisticKind::kPercentile, MetricType::kScalar));
  for (StatisticKind k : kAllStatisticKinds) {
    if (k == StatisticKind::kPercentile) continue;
    EXPECT_TRUE(StatisticAppliesTo(k, MetricType::kScalar)) << ToString(k);
    EXPECT_FALSE(StatisticAppliesTo(k, MetricType::kHistogram)) << ToString(k);
  }
}

}  // namespace
}  // namespace opmon::config
