// The export's pure parts: newest first, 30-minute rounding keeping the
// latest value, the JSON shape, file names, which experiments are active.
#include "services/statistics/domain/live_export.h"

#include <optional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace opmon::statistics {
namespace {

using ::testing::ElementsAre;

absl::Time Utc(int d, int hh, int mm, int ss = 0) {
  return absl::FromCivil(absl::CivilSecond(2026, 1, d, hh, mm, ss), absl::UTCTimeZone());
}

LivePoint P(absl::Time t, std::optional<std::string> branch, std::optional<std::int64_t> value) {
  return {t, std::move(branch), "", value};
}

TEST(LiveExport, NewestFirstWithoutRounding) {
  const std::vector<LivePoint> points = {P(Utc(1, 12, 0), "a", 1), P(Utc(1, 12, 0), "b", 3),
                                         P(Utc(1, 12, 5), "a", 2)};
  EXPECT_THAT(ExportPoints(points, false),
              ElementsAre(P(Utc(1, 12, 5), "a", 2), P(Utc(1, 12, 0), "a", 1), P(Utc(1, 12, 0), "b", 3)));
}

TEST(LiveExport, HalfHourBucketsRoundUpAndKeepTheLatestValuePerBranch) {
  // 12:00 stays; 12:05 … 12:30 → 12:30 (latest: 12:30); 12:35 → 13:00.
  const std::vector<LivePoint> points = {
      P(Utc(1, 12, 0), "a", 1),  P(Utc(1, 12, 0), "b", std::nullopt), P(Utc(1, 12, 5), "a", 2),
      P(Utc(1, 12, 5), "b", 7),  P(Utc(1, 12, 30), "a", 3),           P(Utc(1, 12, 35), "a", 4),
      P(Utc(1, 23, 55), "a", 5),
  };
  EXPECT_THAT(ExportPoints(points, true),
              ElementsAre(P(Utc(2, 0, 0), "a", 5), P(Utc(1, 13, 0), "a", 4), P(Utc(1, 12, 30), "a", 3),
                          P(Utc(1, 12, 30), "b", 7), P(Utc(1, 12, 0), "a", 1), P(Utc(1, 12, 0), "b", std::nullopt)));
}

TEST(LiveExport, JsonHasIsoTimesNumbersAndNulls) {
  const std::vector<LivePoint> by_branch = {P(Utc(1, 12, 5), std::nullopt, 3), P(Utc(1, 12, 0), "a", std::nullopt)};
  EXPECT_EQ(nlohmann::json::parse(ExportJson(by_branch, BranchGrouping::kByBranch)),
            nlohmann::json::parse(R"([{"time": "2026-01-01T12:05:00Z", "branch": null, "value": 3},
                                      {"time": "2026-01-01T12:00:00Z", "branch": "a", "value": null}])"));
  const std::vector<LivePoint> summed = {{Utc(1, 12, 0), std::nullopt, "exposure", 9}};
  EXPECT_EQ(ExportJson(summed, BranchGrouping::kSummed),
            R"([{"event":"exposure","time":"2026-01-01T12:00:00Z","value":9}])");
  EXPECT_EQ(ExportFileName("my-exp", LiveDataset::kCumulativeAdClicks, BranchGrouping::kByBranch),
            "my-exp_cumulative_ad_clicks_by_branch.json");
  EXPECT_EQ(ExportFileName("my-exp", LiveDataset::kEnrollmentOverall, BranchGrouping::kSummed),
            "my-exp_enrollment_overall.json");
}

TEST(LiveExport, ActiveWithoutEndDateOrEndedLessThanFourteenDaysAgo) {
  EXPECT_TRUE(IsExportActive({"running", absl::CivilDay(2025, 1, 1), std::nullopt}, Utc(20, 0, 0)));
  const ExportedExperiment ended{"ended", absl::CivilDay(2025, 12, 1), absl::CivilDay(2026, 1, 1)};
  // The end day lasts until 2026-01-02T00:00Z; 14 days later it is no longer exported.
  EXPECT_TRUE(IsExportActive(ended, Utc(15, 23, 59, 59)));
  EXPECT_FALSE(IsExportActive(ended, Utc(16, 0, 0)));
}

}  // namespace
}  // namespace opmon::statistics
