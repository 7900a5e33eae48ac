// The JSON document a webhook receives for an alert.
#include "services/statistics/domain/alert_json.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace opmon::statistics {
namespace {

TEST(AlertToJson, WritesEveryFieldAndNullForMissingValues) {
  AlertRecord a;
  a.submission_date = absl::CivilDay(2024, 3, 1);
  a.dimensions = {{"os", "Windows"}};
  a.metric = "gc_ms";
  a.statistic = StatisticKind::kPercentile;
  a.parameter = StatisticParameter::FromText("50");
  a.branch = "treatment";
  a.alert_name = "overlap";
  a.alert_type = config::AlertType::kCiOverlap;
  a.message = kDifferenceBetweenBranches;
  a.point = 1.5;
  a.raised_at = "2024-03-02T00:00:00.000000Z";
  auto doc = nlohmann::json::parse(AlertToJson("fission", a));
  EXPECT_EQ(doc["slug"], "fission");
  EXPECT_EQ(doc["submission_date"], "2024-03-01");
  EXPECT_EQ(doc["dimensions"]["os"], "Windows");
  EXPECT_EQ(doc["alert_type"], "ci_overlap");
  EXPECT_EQ(doc["message"], "Significant difference between branches");
  EXPECT_EQ(doc["point"], 1.5);
  EXPECT_TRUE(doc["lower"].is_null());
  EXPECT_EQ(doc["raised_at"], "2024-03-02T00:00:00.000000Z");
}

}  // namespace
}  // namespace opmon::statistics
