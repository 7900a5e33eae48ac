// The three alert rules on hand-built statistics rows: each rule, each
// boundary, NULL confidence intervals, parameters paired by index, build_id
// ordering and the double-window start rule.
#include "services/statistics/domain/alert_rules.h"

#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/common_fixtures/config_builders.h"

namespace opmon::statistics {
namespace {

using ::opmon::testing::NamedDimension;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

absl::CivilDay Day(int d) { return absl::CivilDay(2024, 3, 1) + (d - 1); }

config::ResolvedProject Project() {
  config::ResolvedProject p;
  p.slug = "alerts-test";
  p.table_name = "alerts_test";
  p.reference_branch = "control";
  p.dimensions = {NamedDimension("os")};
  return p;
}

// `statistic` and `parameter` as stored ("percentile", "95.0").
results::StatisticsRow Row(int day, std::string branch, std::string metric, std::string_view statistic,
                           std::string parameter, std::optional<double> point,
                           std::optional<double> lower = std::nullopt, std::optional<double> upper = std::nullopt) {
  results::StatisticsRow r;
  r.submission_date = Day(day);
  r.dimensions = {"Windows"};
  r.branch = std::move(branch);
  r.metric = std::move(metric);
  r.statistic = ParseStatisticKind(statistic).value();
  r.parameter = StatisticParameter::FromText(std::move(parameter));
  r.point = point;
  r.lower = lower;
  r.upper = upper;
  return r;
}

config::Alert Threshold(std::vector<double> parameters, std::vector<double> min, std::vector<double> max,
                        std::vector<StatisticKind> statistics = {}) {
  config::Alert a;
  a.name = "limits";
  a.type = config::AlertType::kThreshold;
  a.metrics = {"crashes"};
  a.parameters = std::move(parameters);
  a.min = std::move(min);
  a.max = std::move(max);
  a.statistics = std::move(statistics);
  return a;
}

std::vector<std::string> Messages(const std::vector<AlertRecord>& alerts) {
  std::vector<std::string> out;
  for (const AlertRecord& a : alerts) out.push_back(a.message);
  return out;
}

const std::vector<absl::CivilDay> kDay1 = {Day(1)};

TEST(ThresholdAlert, RaisesAboveWhenTheLowerBoundExceedsMax) {
  const auto project = Project();
  std::vector<results::StatisticsRow> rows = {Row(1, "control", "crashes", "sum", "", 120, 101, 140)};
  auto alerts = EvaluateThreshold(project, Threshold({}, {0}, {100}), rows, kDay1);
  ASSERT_THAT(alerts, SizeIs(1));
  EXPECT_EQ(alerts[0].message, "Value above threshold (90% interval)");
  EXPECT_EQ(alerts[0].alert_name, "limits");
  EXPECT_EQ(alerts[0].alert_type, config::AlertType::kThreshold);
  EXPECT_EQ(alerts[0].dimensions, (std::vector<NamedValue>{{"os", "Windows"}}));
  EXPECT_EQ(alerts[0].point, 120);
}

TEST(ThresholdAlert, DoesNotRaiseWhenOnlyThePointExceedsMaxButTheLowerBoundDoesNot) {
  const auto project = Project();
  std::vector<results::StatisticsRow> rows = {Row(1, "control", "crashes", "sum", "", 120, 90, 140)};
  EXPECT_THAT(EvaluateThreshold(project, Threshold({}, {0}, {100}), rows, kDay1), IsEmpty());
}

TEST(ThresholdAlert, BoundaryValuesEqualToMinOrMaxDoNotRaise) {
  const auto project = Project();
  std::vector<results::StatisticsRow> rows = {Row(1, "control", "crashes", "sum", "", 100),
                                       Row(1, "treatment", "crashes", "sum", "", 0)};
  EXPECT_THAT(EvaluateThreshold(project, Threshold({}, {0}, {100}), rows, kDay1), IsEmpty());
  rows = {Row(1, "control", "crashes", "sum", "", 100.000001), Row(1, "treatment", "crashes", "sum", "", -0.000001)};
  EXPECT_THAT(Messages(EvaluateThreshold(project, Threshold({}, {0}, {100}), rows, kDay1)),
              ElementsAre("Value above threshold (point)", "Value below threshold (point)"));
}

TEST(ThresholdAlert, RaisesBelowWhenTheUpperBoundIsUnderMin) {
  const auto project = Project();
  std::vector<results::StatisticsRow> rows = {Row(1, "control", "crashes", "sum", "", 5, 1, 9),
                                       Row(1, "treatment", "crashes", "sum", "", 5, 1, 11)};
  auto alerts = EvaluateThreshold(project, Threshold({}, {10}, {}), rows, kDay1);
  ASSERT_THAT(alerts, SizeIs(1));
  EXPECT_EQ(alerts[0].branch, "control");
  EXPECT_EQ(alerts[0].message, "Value below threshold (90% interval)");
}

TEST(ThresholdAlert, UsesThePointWhenTheIntervalIsNull) {
  const auto project = Project();
  std::vector<results::StatisticsRow> rows = {Row(1, "control", "crashes", "sum", "", 101),
                                       Row(1, "treatment", "crashes", "sum", "", std::nullopt)};
  EXPECT_THAT(Messages(EvaluateThreshold(project, Threshold({}, {0}, {100}), rows, kDay1)),
              ElementsAre("Value above threshold (point)"));
}

TEST(ThresholdAlert, PairsParametersWithMinAndMaxByIndex) {
  const auto project = Project();
  // p50 must stay in [0, 10], p95 in [0, 50]: 20 breaks p50 but not p95.
  std::vector<results::StatisticsRow> rows = {Row(1, "control", "crashes", "percentile", "50", 20, 20, 20),
                                       Row(1, "control", "crashes", "percentile", "95.0", 20, 20, 20),
                                       Row(1, "control", "crashes", "percentile", "99", 1000, 1000, 1000)};
  auto alerts = EvaluateThreshold(project, Threshold({50, 95}, {0, 0}, {10, 50}), rows, kDay1);
  ASSERT_THAT(alerts, SizeIs(1));
  EXPECT_EQ(alerts[0].parameter, "50");
  rows[1].lower = 51;
  alerts = EvaluateThreshold(project, Threshold({50, 95}, {0, 0}, {10, 50}), rows, kDay1);
  ASSERT_THAT(alerts, SizeIs(2));
  EXPECT_EQ(alerts[1].parameter, "95.0");  // compared as numbers, reported as stored
}

TEST(ThresholdAlert, FiltersByStatisticMetricAndDate) {
  const auto project = Project();
  std::vector<results::StatisticsRow> rows = {Row(1, "control", "crashes", "mean", "", 500),
                                       Row(1, "control", "crashes", "sum", "", 500),
                                       Row(1, "control", "other", "sum", "", 500),
                                       Row(2, "control", "crashes", "sum", "", 500)};
  auto alerts = EvaluateThreshold(project, Threshold({}, {}, {100}, {StatisticKind::kSum}), rows, kDay1);
  ASSERT_THAT(alerts, SizeIs(1));
  EXPECT_EQ(alerts[0].statistic, StatisticKind::kSum);
  EXPECT_EQ(alerts[0].submission_date, Day(1));
}

config::Alert Overlap() {
  config::Alert a;
  a.name = "overlap";
  a.type = config::AlertType::kCiOverlap;
  a.metrics = {"gc_ms"};
  return a;
}

TEST(CiOverlapAlert, RaisesWhenTheBranchIntervalMissesTheReference) {
  const auto project = Project();
  std::vector<results::StatisticsRow> rows = {Row(1, "control", "gc_ms", "percentile", "50", 10, 9, 11),
                                       Row(1, "treatment", "gc_ms", "percentile", "50", 13, 12, 14),
                                       Row(1, "other", "gc_ms", "percentile", "50", 6, 5, 8)};
  auto alerts = EvaluateCiOverlap(project, Overlap(), rows, kDay1);
  ASSERT_THAT(alerts, SizeIs(2));
  EXPECT_EQ(alerts[0].branch, "treatment");
  EXPECT_EQ(alerts[0].message, "Significant difference between branches (90% intervals)");
  EXPECT_EQ(alerts[1].branch, "other");
}

TEST(CiOverlapAlert, TouchingOrOverlappingIntervalsDoNotRaise) {
  const auto project = Project();
  std::vector<results::StatisticsRow> rows = {Row(1, "control", "gc_ms", "percentile", "50", 10, 9, 11),
                                       Row(1, "treatment", "gc_ms", "percentile", "50", 12, 11, 13),
                                       Row(1, "wide", "gc_ms", "percentile", "50", 10, 0, 100),
                                       Row(1, "below", "gc_ms", "percentile", "50", 8, 7, 9)};
  EXPECT_THAT(EvaluateCiOverlap(project, Overlap(), rows, kDay1), IsEmpty());
}

TEST(CiOverlapAlert, NullBoundsOnEitherSideDoNotRaise) {
  const auto project = Project();
  std::vector<results::StatisticsRow> rows = {Row(1, "control", "gc_ms", "mean", "", 10, std::nullopt, std::nullopt),
                                       Row(1, "treatment", "gc_ms", "mean", "", 50, 49, 51),
                                       Row(1, "control", "gc_ms", "percentile", "50", 10, 9, 11),
                                       Row(1, "treatment", "gc_ms", "percentile", "50", 50, 49, std::nullopt)};
  EXPECT_THAT(EvaluateCiOverlap(project, Overlap(), rows, kDay1), IsEmpty());
}

TEST(CiOverlapAlert, ComparesOnlyTheSameParameterAndDimensions) {
  const auto project = Project();
  std::vector<results::StatisticsRow> rows = {Row(1, "control", "gc_ms", "percentile", "50", 10, 9, 11),
                                       Row(1, "treatment", "gc_ms", "percentile", "95", 30, 29, 31)};
  rows.push_back(Row(1, "treatment", "gc_ms", "percentile", "50", 30, 29, 31));
  rows.back().dimensions = {"Linux"};  // no control row for Linux
  EXPECT_THAT(EvaluateCiOverlap(project, Overlap(), rows, kDay1), IsEmpty());
}

TEST(CiOverlapAlert, HonoursTheParameterFilter) {
  const auto project = Project();
  auto alert = Overlap();
  alert.parameters = {95};
  std::vector<results::StatisticsRow> rows = {Row(1, "control", "gc_ms", "percentile", "50", 10, 9, 11),
                                       Row(1, "treatment", "gc_ms", "percentile", "50", 30, 29, 31),
                                       Row(1, "control", "gc_ms", "percentile", "95", 10, 9, 11),
                                       Row(1, "treatment", "gc_ms", "percentile", "95", 30, 29, 31)};
  auto alerts = EvaluateCiOverlap(project, alert, rows, kDay1);
  ASSERT_THAT(alerts, SizeIs(1));
  EXPECT_EQ(alerts[0].parameter, "95");
}

config::Alert AvgDiff(int window, double change) {
  config::Alert a;
  a.name = "drift";
  a.type = config::AlertType::kAvgDiff;
  a.metrics = {"ticks"};
  a.window_size = window;
  a.max_relative_change = change;
  return a;
}

// Points 1..n for one series, one per day.
std::vector<results::StatisticsRow> Series(const std::vector<double>& points) {
  std::vector<results::StatisticsRow> rows;
  for (std::size_t i = 0; i < points.size(); ++i) {
    rows.push_back(Row(static_cast<int>(i + 1), "control", "ticks", "mean", "", points[i]));
  }
  return rows;
}

TEST(AvgDiffAlert, RaisesWhenTheLastWindowMovedMoreThanTheRelativeChange) {
  const auto project = Project();
  // Window 2: previous (10 + 10) / 2 = 10, last (20 + 20) / 2 = 20 → |20-10|/20 = 0.5.
  auto rows = Series({10, 10, 20, 20});
  const std::vector<absl::CivilDay> day4 = {Day(4)};
  EXPECT_THAT(Messages(EvaluateAvgDiff(project, AvgDiff(2, 0.49), rows, day4)),
              ElementsAre("Significant difference to historical data (means of 2 points, 49% change)"));
  EXPECT_THAT(EvaluateAvgDiff(project, AvgDiff(2, 0.5), rows, day4), IsEmpty());  // strictly greater
}

TEST(AvgDiffAlert, WaitsForAFullDoubleWindow) {
  const auto project = Project();
  auto rows = Series({10, 10, 100, 100, 100});
  // Day 3 has only 3 points (< 2 × 2): no alert even though it jumped.
  EXPECT_THAT(EvaluateAvgDiff(project, AvgDiff(2, 0.1), rows, std::vector<absl::CivilDay>{Day(3)}), IsEmpty());
  // Day 4 is the first with a double window: (100+100)/2 vs (10+10)/2.
  EXPECT_THAT(EvaluateAvgDiff(project, AvgDiff(2, 0.1), rows, std::vector<absl::CivilDay>{Day(4)}), SizeIs(1));
  // Day 5: last (100+100)/2, previous (10+100)/2 = 55 → 0.45.
  EXPECT_THAT(EvaluateAvgDiff(project, AvgDiff(2, 0.44), rows, std::vector<absl::CivilDay>{Day(5)}), SizeIs(1));
  EXPECT_THAT(EvaluateAvgDiff(project, AvgDiff(2, 0.46), rows, std::vector<absl::CivilDay>{Day(5)}), IsEmpty());
}

TEST(AvgDiffAlert, IgnoresLaterDaysAndNullPoints) {
  const auto project = Project();
  auto rows = Series({10, 10, 10, 10, 1000});
  rows.push_back(Row(2, "control", "ticks", "mean", "", std::nullopt));  // skipped, not a point
  EXPECT_THAT(EvaluateAvgDiff(project, AvgDiff(2, 0.1), rows, std::vector<absl::CivilDay>{Day(4)}), IsEmpty());
}

TEST(AvgDiffAlert, NoAlertWhenTheLastWindowMeanIsZero) {
  const auto project = Project();
  auto rows = Series({10, 10, 0, 0});
  EXPECT_THAT(EvaluateAvgDiff(project, AvgDiff(2, 0.1), rows, std::vector<absl::CivilDay>{Day(4)}), IsEmpty());
}

TEST(AvgDiffAlert, OrdersByBuildIdForBuildIdProjects) {
  auto project = Project();
  project.xaxis = config::XAxis::kBuildId;
  // All rows published on day 5; build ids out of date order. By build id
  // the series is 10, 10, 40, 40 (alert); by insertion order it would be flat.
  std::vector<results::StatisticsRow> rows;
  const std::vector<std::pair<std::string, double>> builds = {
      {"20240303000000", 40}, {"20240301000000", 10}, {"20240304000000", 40}, {"20240302000000", 10}};
  for (const auto& [build, value] : builds) {
    rows.push_back(Row(5, "control", "ticks", "mean", "", value));
    rows.back().build_id = build;
  }
  auto alerts = EvaluateAvgDiff(project, AvgDiff(2, 0.5 - 1e-9), rows, std::vector<absl::CivilDay>{Day(5)});
  ASSERT_THAT(alerts, SizeIs(1));
  EXPECT_EQ(alerts[0].build_id, "20240304000000");
}

TEST(AvgDiffAlert, BuildIdProjectsUseTheLatestSubmissionDatePerBuild) {
  auto project = Project();
  project.xaxis = config::XAxis::kBuildId;
  std::vector<results::StatisticsRow> rows;
  auto add = [&](int day, std::string build, double value) {
    rows.push_back(Row(day, "control", "ticks", "mean", "", value));
    rows.back().build_id = std::move(build);
  };
  add(1, "20240301000000", 10);
  add(1, "20240302000000", 10);
  add(1, "20240303000000", 10);
  add(1, "20240304000000", 10);
  add(2, "20240304000000", 100);  // a later, fuller day revises the last build
  EXPECT_THAT(EvaluateAvgDiff(project, AvgDiff(2, 0.1), rows, std::vector<absl::CivilDay>{Day(1)}), IsEmpty());
  auto alerts = EvaluateAvgDiff(project, AvgDiff(2, 0.1), rows, std::vector<absl::CivilDay>{Day(2)});
  ASSERT_THAT(alerts, SizeIs(1));
  EXPECT_EQ(alerts[0].point, 100);
}

TEST(EvaluateAlerts, RunsEveryAlertOfTheProjectAndDropsDuplicates) {
  auto project = Project();
  project.alerts = {Threshold({}, {}, {100}), Overlap()};
  project.alerts[1].metrics = {"crashes"};
  project.alerts.push_back(project.alerts[0]);  // the same alert twice
  std::vector<results::StatisticsRow> rows = {Row(1, "control", "crashes", "sum", "", 10, 9, 11),
                                       Row(1, "treatment", "crashes", "sum", "", 500, 400, 600)};
  auto alerts = EvaluateAlerts(project, rows, kDay1);
  EXPECT_THAT(Messages(alerts), ElementsAre("Value above threshold (90% interval)",
                                            "Significant difference between branches (90% intervals)"));
}

// Messages name the project's interval method for the row's statistic.
TEST(AlertMessages, NameTheIntervalMethodAndLevel) {
  auto project = Project();
  config::Statistic p50;
  p50.kind = StatisticKind::kPercentile;
  p50.percentile.percentiles = {50};
  p50.percentile.method = CiMethod::kBinomial;
  config::Metric gc;
  gc.name = "gc_ms";
  gc.statistics = {p50};
  project.metrics = {gc};
  std::vector<results::StatisticsRow> rows = {Row(1, "control", "gc_ms", "percentile", "50.0", 10, 9, 11),
                                              Row(1, "treatment", "gc_ms", "percentile", "50.0", 13, 12, 14),
                                              Row(1, "control", "gc_ms", "mean", "", 10, 9, 11),
                                              Row(1, "treatment", "gc_ms", "mean", "", 13, 12, 14)};
  EXPECT_THAT(Messages(EvaluateCiOverlap(project, Overlap(), rows, kDay1)),
              ElementsAre("Significant difference between branches (90% binomial intervals)",
                          "Significant difference between branches (90% block_jackknife intervals)"));
  auto limits = Threshold({}, {}, {11.5});
  limits.metrics = {"gc_ms"};
  EXPECT_THAT(Messages(EvaluateThreshold(project, limits, rows, kDay1)),
              ElementsAre("Value above threshold (90% binomial interval)",
                          "Value above threshold (90% block_jackknife interval)"));
}

// Sequential mode (project.false_alert_rate). One series unless said: the
// project's level is the series' level. Hand-worked with se = 1 / z_0.95 for
// a [x - 1, x + 1] interval, so one day's difference of 1.5 is
// z = 1.5 / sqrt(2 se^2) = 1.7446 and S_k = 1.7446 k.
config::ResolvedProject SequentialProject(double rate) {
  auto project = Project();
  project.false_alert_rate = rate;
  project.alerts = {Overlap()};
  return project;
}

// control 10 [9, 11] and treatment 10 + difference [9 + d, 11 + d] on days 1..n.
std::vector<results::StatisticsRow> BranchDays(int days, double difference, const std::string& os = "Windows") {
  std::vector<results::StatisticsRow> rows;
  for (int d = 1; d <= days; ++d) {
    rows.push_back(Row(d, "control", "gc_ms", "percentile", "50", 10, 9, 11));
    rows.push_back(Row(d, "treatment", "gc_ms", "percentile", "50", 10 + difference, 9 + difference,
                       11 + difference));
    rows[rows.size() - 2].dimensions = {os};
    rows.back().dimensions = {os};
  }
  return rows;
}

std::vector<absl::CivilDay> Days(int from, int to) {
  std::vector<absl::CivilDay> out;
  for (int d = from; d <= to; ++d) out.push_back(Day(d));
  return out;
}

TEST(SequentialCiOverlap, AOneDayMissIsNotEnoughAlone) {
  // Day 1: [11.5, 13.5] misses [9, 11]: a fixed-horizon alert. Sequentially
  // z = 2.5 / 0.8598 = 2.908 < b_1(5%) = 3.656: none.
  auto project = SequentialProject(0.05);
  const auto rows = BranchDays(1, 2.5);
  project.false_alert_rate.reset();
  EXPECT_THAT(EvaluateCiOverlap(project, Overlap(), rows, kDay1), SizeIs(1));
  project.false_alert_rate = 0.05;
  EXPECT_THAT(EvaluateCiOverlap(project, Overlap(), rows, kDay1), IsEmpty());
}

TEST(SequentialCiOverlap, ASteadyDifferenceAlertsOnceTheSumCrossesTheBoundary) {
  // Overlapping intervals every day (no fixed-horizon alert ever); S_3 =
  // 5.234 < b_3 = 5.432, S_4 = 6.979 >= b_4 = 6.165.
  auto project = SequentialProject(0.05);
  const auto rows = BranchDays(5, 1.5);
  auto fixed = project;
  fixed.false_alert_rate.reset();
  EXPECT_THAT(EvaluateCiOverlap(fixed, Overlap(), rows, Days(1, 5)), IsEmpty());
  auto alerts = EvaluateCiOverlap(project, Overlap(), rows, Days(1, 5));
  ASSERT_THAT(alerts, SizeIs(2));
  EXPECT_EQ(alerts[0].submission_date, Day(4));
  EXPECT_EQ(alerts[1].submission_date, Day(5));
  EXPECT_EQ(alerts[0].branch, "treatment");
  EXPECT_EQ(alerts[0].message, "Significant difference between branches (sequential, 5% per project)");
  // Evaluating day 3 alone still counts days 1-2 as earlier looks.
  EXPECT_THAT(EvaluateCiOverlap(project, Overlap(), rows, Days(3, 3)), IsEmpty());
  EXPECT_THAT(EvaluateCiOverlap(project, Overlap(), rows, Days(4, 4)), SizeIs(1));
}

TEST(SequentialCiOverlap, SplitsTheLevelOverEverySeriesOfTheProject) {
  // Four series (three without a difference): 5% / 4 = 1.25% each;
  // S_4 = 6.979 < b_4(1.25%) = 7.202, S_5 = 8.723 >= b_5 = 7.958.
  auto project = SequentialProject(0.05);
  auto rows = BranchDays(5, 1.5);
  for (const std::string os : {"Linux", "Darwin", "Android"}) {
    const auto more = BranchDays(5, 0, os);
    rows.insert(rows.end(), more.begin(), more.end());
  }
  auto alerts = EvaluateCiOverlap(project, Overlap(), rows, Days(1, 5));
  ASSERT_THAT(alerts, SizeIs(1));
  EXPECT_EQ(alerts[0].submission_date, Day(5));
  EXPECT_EQ(alerts[0].dimensions, (std::vector<NamedValue>{{"os", "Windows"}}));
}

TEST(SequentialThreshold, WidensTheIntervalToTheLooksShareOfTheLevel) {
  // [101, 140] around 120 exceeds max 100 at 90%. Look 1 spends 5% / 2:
  // z = 2.2414; each side at least the mean half-width 19.5, so
  // lower = 120 - 19.5 * 2.2414 / 1.6449 = 93.4 <= 100: no alert.
  auto project = SequentialProject(0.05);
  project.alerts = {Threshold({}, {0}, {100})};
  std::vector<results::StatisticsRow> rows = {Row(1, "control", "crashes", "sum", "", 120, 101, 140)};
  EXPECT_THAT(EvaluateThreshold(project, project.alerts[0], rows, kDay1), IsEmpty());
  // [110, 130] around 120: lower = 120 - 10 * 1.3627 = 106.4 > 100.
  rows[0].lower = 110;
  rows[0].upper = 130;
  EXPECT_THAT(Messages(EvaluateThreshold(project, project.alerts[0], rows, kDay1)),
              ElementsAre("Value above threshold (sequential, 5% per project)"));
  // An interval cut short on one side ([119, 130] around 120) is widened by
  // the mean half-width 5.5 there: 120 - 5.5 * 1.3627 = 112.5 > 110.
  rows[0].lower = 119;
  auto at110 = Threshold({}, {0}, {110});
  EXPECT_THAT(EvaluateThreshold(project, at110, rows, kDay1), SizeIs(1));
  at110.max = {113};  // 112.5 <= 113, though 120 - 1 * 1.3627 = 118.6 would be above
  EXPECT_THAT(EvaluateThreshold(project, at110, rows, kDay1), IsEmpty());
  // Without an interval the fixed rule stays, and says so.
  rows[0].lower.reset();
  rows[0].upper.reset();
  EXPECT_THAT(Messages(EvaluateThreshold(project, project.alerts[0], rows, kDay1)),
              ElementsAre("Value above threshold (point)"));
}

TEST(UnboundedSide, NeverAlertsOnThatSideAndTheOtherStillDoes) {
  // p99 of few clients: [195, +inf) around 198 (binomial_interval.h). Its
  // upper side says nothing, so "below min 500" never alerts, at fixed
  // horizon or sequentially; the finite lower side still finds "above 150".
  constexpr double kInf = std::numeric_limits<double>::infinity();
  std::vector<results::StatisticsRow> rows = {Row(1, "control", "crashes", "percentile", "99", 198, 195, kInf)};
  auto project = SequentialProject(0.05);
  project.alerts = {Threshold({99}, {500}, {1000})};
  const config::Alert above = Threshold({99}, {0}, {150});
  for (bool sequential : {false, true}) {
    if (!sequential) project.false_alert_rate.reset();
    if (sequential) project.false_alert_rate = 0.05;
    EXPECT_THAT(EvaluateThreshold(project, project.alerts[0], rows, kDay1), IsEmpty()) << sequential;
    EXPECT_THAT(EvaluateThreshold(project, above, rows, kDay1), SizeIs(1)) << sequential;
  }
  // Look 1 at 5% / 2 (one series): lower = 198 - 3 * 1.3627 = 193.9 > 190.
  EXPECT_THAT(EvaluateThreshold(project, Threshold({99}, {0}, {190}), rows, kDay1), SizeIs(1));
  EXPECT_THAT(EvaluateThreshold(project, Threshold({99}, {0}, {194}), rows, kDay1), IsEmpty());

  // ci_overlap: a treatment far above an unbounded control alerts at neither
  // horizon (the control's interval reaches it), and sequentially such a
  // look adds nothing to the sum.
  rows = BranchDays(5, 100);
  for (auto& r : rows) {
    if (r.branch == "control") r.upper = kInf;
  }
  project = SequentialProject(0.05);
  EXPECT_THAT(EvaluateCiOverlap(project, Overlap(), rows, Days(1, 5)), IsEmpty());
  project.false_alert_rate.reset();
  EXPECT_THAT(EvaluateCiOverlap(project, Overlap(), rows, Days(1, 5)), IsEmpty());
  // avg_diff sequentially: an infinite standard error is no evidence.
  project = SequentialProject(0.05);
  project.alerts = {AvgDiff(2, 0.1)};
  auto series = Series({10, 10, 20, 20});
  for (auto& r : series) {
    r.lower = *r.point - 1;
    r.upper = kInf;
  }
  EXPECT_THAT(EvaluateAvgDiff(project, project.alerts[0], series, Days(4, 4)), IsEmpty());
}

TEST(SequentialAvgDiff, TheChangeMustAlsoExceedTheSamplingError) {
  // Window 2, 10 10 20 20: a 50% change. Intervals of +/-1 (se 0.608): the
  // window means differ by 10 with se 0.608, far beyond z(2.5%) = 2.24.
  // Intervals of +/-20 (se 12.16): 10 < 2.24 * 12.16 = 27.3, no alert.
  auto project = SequentialProject(0.05);
  project.alerts = {AvgDiff(2, 0.1)};
  auto rows = Series({10, 10, 20, 20});
  for (auto& r : rows) {
    r.lower = *r.point - 1;
    r.upper = *r.point + 1;
  }
  const std::vector<absl::CivilDay> day4 = {Day(4)};
  EXPECT_THAT(Messages(EvaluateAvgDiff(project, project.alerts[0], rows, day4)),
              ElementsAre("Significant difference to historical data (sequential, 5% per project)"));
  for (auto& r : rows) {
    r.lower = *r.point - 20;
    r.upper = *r.point + 20;
  }
  EXPECT_THAT(EvaluateAvgDiff(project, project.alerts[0], rows, day4), IsEmpty());
  project.false_alert_rate.reset();
  EXPECT_THAT(EvaluateAvgDiff(project, project.alerts[0], rows, day4), SizeIs(1));
}

}  // namespace
}  // namespace opmon::statistics
