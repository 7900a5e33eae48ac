// The derived live series, against hand-worked values: rows of one window
// summed first, gaps filled with the running value, no value before a
// branch's first data, the NULL branch of a rollout, ranges, midnight.
#include "services/statistics/domain/live_series.h"

#include <optional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace opmon::statistics {
namespace {

using live::EventKind;
using ::opmon::testing::IsOk;
using ::opmon::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// 2026-01-01T12:00:00Z plus `minutes`.
absl::Time At(int minutes) { return absl::FromUnixSeconds(1767268800) + absl::Minutes(minutes); }

EnrollmentWindowSum Enrollment(int minutes, std::optional<std::string> branch,
                               std::vector<std::pair<EventKind, std::int64_t>> counts) {
  EnrollmentWindowSum w;
  w.window_start = At(minutes);
  w.branch = std::move(branch);
  for (const auto& [kind, n] : counts) w.counts[static_cast<std::size_t>(kind)] = n;
  return w;
}

LivePoint Point(int minutes, std::optional<std::string> branch, std::optional<std::int64_t> value,
                std::string event = "") {
  return {At(minutes), std::move(branch), std::move(event), value};
}

// control: 3 + 2 enrollments in two rows of the first window, nothing in the
// second, then 4 enroll − 1 unenroll − 1 graduate; treatment starts in the
// second window with 6 enroll − 2 unenroll.
LiveInputs TwoBranches() {
  LiveInputs in;
  in.enrollment = {
      Enrollment(0, "control", {{EventKind::kEnroll, 3}}),
      Enrollment(0, "control", {{EventKind::kEnroll, 2}, {EventKind::kExposure, 7}}),
      Enrollment(5, "treatment", {{EventKind::kEnroll, 6}, {EventKind::kUnenroll, 2}}),
      Enrollment(10, "control",
                 {{EventKind::kEnroll, 4}, {EventKind::kUnenroll, 1}, {EventKind::kGraduate, 1}}),
  };
  return in;
}

TEST(LiveSeries, CumulativeEstimateFillsGapsAndHasNoValueBeforeABranchsFirstData) {
  EXPECT_THAT(DeriveLiveSeries(LiveDataset::kCumulativePopulationEstimate, TwoBranches(),
                               BranchGrouping::kByBranch, {}),
              ElementsAre(Point(0, "control", 5), Point(0, "treatment", std::nullopt), Point(5, "control", 5),
                          Point(5, "treatment", 4), Point(10, "control", 7), Point(10, "treatment", 4)));
}

TEST(LiveSeries, CumulativeEstimateSummedOverBranches) {
  EXPECT_THAT(
      DeriveLiveSeries(LiveDataset::kCumulativePopulationEstimate, TwoBranches(), BranchGrouping::kSummed, {}),
      ElementsAre(Point(0, std::nullopt, 5), Point(5, std::nullopt, 9), Point(10, std::nullopt, 11)));
}

TEST(LiveSeries, RangeCutsPointsButNotTheRunningSum) {
  const TimeRange range{At(5), At(10)};
  EXPECT_THAT(
      DeriveLiveSeries(LiveDataset::kCumulativePopulationEstimate, TwoBranches(), BranchGrouping::kByBranch, range),
      ElementsAre(Point(5, "control", 5), Point(5, "treatment", 4)));
}

TEST(LiveSeries, PerWindowCountsSumRowsAndSkipEmptyWindows) {
  EXPECT_THAT(DeriveLiveSeries(LiveDataset::kEnrollmentOverall, TwoBranches(), BranchGrouping::kByBranch, {}),
              ElementsAre(Point(0, "control", 5), Point(5, "treatment", 6), Point(10, "control", 4)));
  EXPECT_THAT(DeriveLiveSeries(LiveDataset::kUnenrollmentOverall, TwoBranches(), BranchGrouping::kSummed, {}),
              ElementsAre(Point(5, std::nullopt, 2), Point(10, std::nullopt, 1)));
}

TEST(LiveSeries, OtherEventsNameTheirEvent) {
  EXPECT_THAT(DeriveLiveSeries(LiveDataset::kOtherEventsOverall, TwoBranches(), BranchGrouping::kSummed, {}),
              ElementsAre(Point(0, std::nullopt, 7, "exposure"), Point(10, std::nullopt, 1, "graduate")));
}

TEST(LiveSeries, RolloutReportsItsNullBranch) {
  LiveInputs in;
  in.enrollment = {Enrollment(0, std::nullopt, {{EventKind::kEnroll, 2}}),
                   Enrollment(10, std::nullopt, {{EventKind::kEnroll, 1}})};
  EXPECT_THAT(
      DeriveLiveSeries(LiveDataset::kCumulativePopulationEstimate, in, BranchGrouping::kByBranch, {}),
      ElementsAre(Point(0, std::nullopt, 2), Point(5, std::nullopt, 2), Point(10, std::nullopt, 3)));
}

TEST(LiveSeries, CumulativeRunsAcrossMidnight) {
  LiveInputs in;
  // 23:55 and 00:05 the next day; the midnight window is a gap.
  in.search = {{At(11 * 60 + 55), "a", 3, 1, 1}, {At(12 * 60 + 5), "a", 4, 2, 0}};
  EXPECT_THAT(DeriveLiveSeries(LiveDataset::kCumulativeSearchCount, in, BranchGrouping::kByBranch, {}),
              ElementsAre(Point(11 * 60 + 55, "a", 3), Point(12 * 60, "a", 3), Point(12 * 60 + 5, "a", 7)));
  EXPECT_THAT(DeriveLiveSeries(LiveDataset::kCumulativeSearchWithAdsCount, in, BranchGrouping::kSummed, {}),
              ElementsAre(Point(11 * 60 + 55, std::nullopt, 1), Point(12 * 60, std::nullopt, 1),
                          Point(12 * 60 + 5, std::nullopt, 3)));
  EXPECT_THAT(DeriveLiveSeries(LiveDataset::kCumulativeAdClicks, in, BranchGrouping::kSummed, {}),
              ElementsAre(Point(11 * 60 + 55, std::nullopt, 1), Point(12 * 60, std::nullopt, 1),
                          Point(12 * 60 + 5, std::nullopt, 1)));
}

TEST(LiveSeries, DailyActivePopulationPerBranchOrOverTheExperiment) {
  LiveInputs in;
  in.daily_clients = {{At(0), "a", false, 3}, {At(0), "b", false, 2}, {At(0), std::nullopt, true, 4}};
  EXPECT_THAT(DeriveLiveSeries(LiveDataset::kDailyActivePopulation, in, BranchGrouping::kByBranch, {}),
              ElementsAre(Point(0, "a", 3), Point(0, "b", 2)));
  EXPECT_THAT(DeriveLiveSeries(LiveDataset::kDailyActivePopulation, in, BranchGrouping::kSummed, {}),
              ElementsAre(Point(0, std::nullopt, 4)));
}

TEST(LiveSeries, NoDataNoPoints) {
  EXPECT_TRUE(
      DeriveLiveSeries(LiveDataset::kCumulativePopulationEstimate, {}, BranchGrouping::kByBranch, {}).empty());
}

TEST(LiveSeries, ParsesDatasetNamesAndNamesTheChoicesOtherwise) {
  absl::StatusOr<LiveDataset> parsed = ParseLiveDataset("cumulative_ad_clicks");
  ASSERT_THAT(parsed, IsOk());
  EXPECT_EQ(*parsed, LiveDataset::kCumulativeAdClicks);
  EXPECT_THAT(ParseLiveDataset("enrolment_overall"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("dataset: \"enrolment_overall\" is not one of enrollment_overall|")));
}

}  // namespace
}  // namespace opmon::statistics
