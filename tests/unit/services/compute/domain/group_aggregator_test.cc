// Grouping of client rows by (date, build, dimensions, branch) and the
// statistics they finalise to, checked against hand-computed values.

#include "services/compute/domain/group_aggregator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "absl/strings/str_format.h"
#include "common/pg/copy_text.h"
#include "services/compute/domain/client_row_processor.h"
#include "services/compute/kernels/block_jackknife.h"
#include "tests/testing/status_matchers.h"
#include "tests/unit/common_fixtures/config_builders.h"

namespace opmon::compute {
namespace {

using ::opmon::testing::NamedMetric;
using ::opmon::testing::StatisticOf;
using ::testing::HasSubstr;

struct Fixture {
  config::ResolvedProject project;
  ClientRowLayout layout;
  Fixture() {
    config::Metric ticks = NamedMetric("ticks");
    ticks.statistics = {StatisticOf(StatisticKind::kCount), StatisticOf(StatisticKind::kSum),
                        StatisticOf(StatisticKind::kMean)};
    config::Metric searches = NamedMetric("searches");
    config::Statistic ratio = StatisticOf(StatisticKind::kTotalRatio);
    ratio.total_ratio.denominator_metric = "ticks";
    searches.statistics = {ratio};
    config::Metric gc = NamedMetric("gc");
    gc.type = config::MetricType::kHistogram;
    config::Statistic p = StatisticOf(StatisticKind::kPercentile);
    p.percentile.percentiles = {50};
    gc.statistics = {p};
    project.metrics = {ticks, searches, gc};
    layout.dimensions = {"os"};
    layout.metrics = {{"ticks", config::MetricType::kScalar},
                      {"searches", config::MetricType::kScalar},
                      {"gc", config::MetricType::kHistogram}};
  }
};

// Rows: date, build, client, os, branch, ticks, searches, gc.
using Row = std::vector<std::optional<std::string_view>>;

std::map<std::string, double> Points(const GroupAggregator& agg, const std::vector<StatisticRecord>& records) {
  std::map<std::string, double> out;
  for (const auto& r : records) {
    const GroupKey& k = agg.key(r.group);
    std::string key = k.submission_date + "|" + k.dimensions[0].value_or("NULL") + "|" + k.branch + "|" + r.metric +
                      "|" + std::string(ToString(r.row.statistic)) + "|" + r.row.parameter.text();
    out[key] = r.row.point;
  }
  return out;
}

TEST(GroupAggregator, GroupsClientsAndFinalisesEveryStatistic) {
  Fixture f;
  auto agg = GroupAggregator::Create(f.project, f.layout);
  ASSERT_THAT(agg, IsOk());
  MalformedValues malformed;
  ClientRowProcessor processor(f.layout, **agg, malformed);
  std::vector<Row> rows = {
      {"2024-02-10", std::nullopt, "a", "Linux", "control", "10", "1", R"([{"values": {"1": 1, "2": 1}}])"},
      {"2024-02-10", std::nullopt, "b", "Linux", "control", "20", "3", R"([{"values": {"2": 3}}])"},
      {"2024-02-10", std::nullopt, "c", "Linux", "control", std::nullopt, "2", std::nullopt},
      {"2024-02-10", std::nullopt, "d", "Linux", "treatment", "5", "not-a-number", R"([{"values": {"x": 1}}])"},
      {"2024-02-10", std::nullopt, "e", std::nullopt, "control", "7", "0", R"({"values": {"4": 2}})"},
  };
  pg::CopyLine line;
  for (const Row& r : rows) processor.Process(r, &line);
  EXPECT_EQ(line.text(), "2024-02-10\t\\N\te\t\\N\tcontrol\t7\t0\t{\"4\":2}");
  EXPECT_EQ((*agg)->groups(), 3u);  // Linux/control, Linux/treatment, NULL/control
  std::vector<StatisticRecord> records = (*agg)->Finalize(malformed);
  auto points = Points(**agg, records);
  EXPECT_EQ(points["2024-02-10|Linux|control|ticks|count|"], 2);  // c is NULL
  EXPECT_EQ(points["2024-02-10|Linux|control|ticks|sum|"], 30);
  EXPECT_EQ(points["2024-02-10|Linux|control|ticks|mean|"], 15);
  // total_ratio: NULLs skipped on each side independently: (1 + 3 + 2) / (10 + 20).
  EXPECT_DOUBLE_EQ(points["2024-02-10|Linux|control|searches|total_ratio|ticks"], 6.0 / 30.0);
  // Normalised: a = {1: .5, 2: .5}, b = {2: 1} → {1: .5, 2: 1.5}; median at 2.
  EXPECT_EQ(points["2024-02-10|Linux|control|gc|percentile|50"], 2);
  EXPECT_EQ(points["2024-02-10|NULL|control|gc|percentile|50"], 4);
  // The treatment client's values were malformed: recorded, left out.
  EXPECT_EQ(points["2024-02-10|Linux|treatment|ticks|sum|"], 5);
  EXPECT_TRUE(std::isnan(points["2024-02-10|Linux|treatment|gc|percentile|50"]));
  auto counts = malformed.Counts();
  ASSERT_EQ(counts.size(), 2u);
  EXPECT_EQ(counts[0].metric, "gc");
  EXPECT_THAT(counts[0].samples[0], HasSubstr("\"x\""));
  EXPECT_EQ(counts[1].metric, "searches");
  EXPECT_THAT(counts[1].samples[0], HasSubstr("not a number: not-a-number"));
}

TEST(GroupAggregator, ResultsDoNotDependOnRowOrder) {
  Fixture f;
  std::vector<Row> rows;
  std::vector<std::string> storage;
  storage.reserve(600);
  for (int i = 0; i < 200; ++i) {
    storage.push_back("client" + std::to_string(i));
    storage.push_back(std::to_string((i * 37) % 101));
    storage.push_back(R"([{"values": {")" + std::to_string(i % 7) + R"(": 1, "9": )" + std::to_string(i % 3) + "}}]");
  }
  for (int i = 0; i < 200; ++i) {
    rows.push_back({"2024-02-10", std::nullopt, storage[3 * i], i % 2 ? "Linux" : "Darwin", "control",
                    storage[3 * i + 1], "1", storage[3 * i + 2]});
  }
  auto run = [&](const std::vector<Row>& order) {
    auto agg = GroupAggregator::Create(f.project, f.layout);
    MalformedValues malformed;
    ClientRowProcessor processor(f.layout, **agg, malformed);
    for (const Row& r : order) processor.Process(r, nullptr);
    // Exact text of every number (NaN included, which never equals itself).
    auto text = [](double v) { return std::isnan(v) ? std::string("nan") : absl::StrFormat("%.17g", v); };
    std::map<std::string, std::string> out;
    for (const auto& r : (*agg)->Finalize(malformed)) {
      out[(*agg)->key(r.group).dimensions[0].value_or("") + r.metric + std::string(ToString(r.row.statistic)) + r.row.parameter.text()] =
          text(r.row.point) + "," + text(r.row.lower) + "," + text(r.row.upper);
    }
    return out;
  };
  auto forward = run(rows);
  std::vector<Row> reversed(rows.rbegin(), rows.rend());
  EXPECT_EQ(run(reversed), forward);
  EXPECT_EQ(forward.size(), 2u * 5u);  // 2 groups x (count, sum, mean, total_ratio, p50)
}

TEST(GroupAggregator, RecordsAZeroDenominatorInsteadOfFailing) {
  Fixture f;
  auto agg = GroupAggregator::Create(f.project, f.layout);
  MalformedValues malformed;
  ClientRowProcessor processor(f.layout, **agg, malformed);
  processor.Process(Row{"2024-02-10", std::nullopt, "a", "Linux", "control", "0", "4", std::nullopt}, nullptr);
  auto records = (*agg)->Finalize(malformed);
  for (const auto& r : records) EXPECT_NE(ToString(r.row.statistic), "total_ratio");
  ASSERT_EQ(malformed.Counts().size(), 1u);
  EXPECT_EQ(malformed.Counts()[0].metric, "searches");
  EXPECT_THAT(malformed.Counts()[0].samples[0], HasSubstr("total_ratio"));
}

TEST(GroupAggregator, RefusesARatioOverAHistogram) {
  Fixture f;
  f.project.metrics[1].statistics[0].total_ratio.denominator_metric = "gc";
  auto agg = GroupAggregator::Create(f.project, f.layout);
  EXPECT_THAT(agg, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(agg.status().message(), HasSubstr("metrics.searches.statistics.total_ratio.denominator_metric"));
}

}  // namespace
}  // namespace opmon::compute
