// DiffProjects: the lines ApplyProject returns as its diff summary.
#include "services/config/domain/project_diff.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/common_fixtures/config_builders.h"

namespace opmon::config {
namespace {

using ::opmon::testing::NamedMetric;
using ::opmon::testing::StatisticOf;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

ResolvedProject Base() {
  ResolvedProject p;
  p.slug = "demo";
  p.name = "Demo";
  p.platform = "firefox_desktop";
  p.start_date = absl::CivilDay(2024, 1, 8);
  p.population.data_source = "main";
  Metric gc = NamedMetric("gc_ms");
  gc.select_expression = "jsonb_agg(gc_ms)";
  gc.data_source = "main";
  gc.type = MetricType::kHistogram;
  gc.statistics = {StatisticOf(StatisticKind::kPercentile)};
  Metric ticks = NamedMetric("active_ticks");
  ticks.select_expression = "SUM(active_ticks)";
  ticks.data_source = "main";
  ticks.statistics = {StatisticOf(StatisticKind::kMean)};
  p.metrics = {gc, ticks};
  DataSource main;
  main.name = "main";
  main.from_expression = "telemetry.main";
  p.data_sources = {main};
  return p;
}

TEST(DiffProjects, ANewProjectIsCreated) {
  EXPECT_THAT(DiffProjects(std::nullopt, Base()), ElementsAre("project: created"));
}

TEST(DiffProjects, EqualProjectsHaveNoLines) { EXPECT_THAT(DiffProjects(Base(), Base()), IsEmpty()); }

TEST(DiffProjects, NamesChangedProjectFieldsWithOldAndNewValues) {
  ResolvedProject after = Base();
  after.start_date = absl::CivilDay(2024, 1, 15);
  after.end_date = absl::CivilDay(2024, 3, 31);
  after.xaxis = XAxis::kBuildId;
  after.population.channel = Channel::kNightly;
  EXPECT_THAT(DiffProjects(Base(), after),
              ElementsAre("project.xaxis: submission_date -> build_id",
                          "project.start_date: 2024-01-08 -> 2024-01-15",
                          "project.end_date: (unset) -> 2024-03-31",
                          "project.population.channel: (unset) -> nightly"));
}

TEST(DiffProjects, ReportsAddedRemovedAndChangedMetricsByName) {
  ResolvedProject after = Base();
  after.metrics[0].statistics[0].percentile.method = CiMethod::kBootstrap;
  after.metrics[0].description = "GC pauses";
  after.metrics.erase(after.metrics.begin() + 1);
  Metric uri = NamedMetric("uri_count");
  uri.statistics = {Statistic{}};
  after.metrics.push_back(uri);
  EXPECT_THAT(DiffProjects(Base(), after),
              ElementsAre("metrics.active_ticks: removed", "metrics.gc_ms: statistics, description changed",
                          "metrics.uri_count: added"));
}

TEST(DiffProjects, ReportsReorderedMetrics) {
  ResolvedProject after = Base();
  std::swap(after.metrics[0], after.metrics[1]);
  EXPECT_THAT(DiffProjects(Base(), after),
              ElementsAre("project.metrics: [gc_ms, active_ticks] -> [active_ticks, gc_ms]"));
}

TEST(DiffProjects, ReportsDataSourcesAlertsAndTheRegistryEntry) {
  ResolvedProject after = Base();
  after.data_sources[0].from_expression = "telemetry.main_v2";
  Alert alert;
  alert.name = "crashes";
  after.alerts.push_back(alert);
  Experiment experiment;
  experiment.slug = "demo";
  after.experiment = experiment;
  EXPECT_THAT(DiffProjects(Base(), after),
              ElementsAre("data_sources.main: from_expression changed", "alerts.crashes: added",
                          "experiment: registry entry changed"));
}

}  // namespace
}  // namespace opmon::config
