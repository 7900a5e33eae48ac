// Layering of platform definitions, defaults, rollout defaults and the
// experiments registry under a project; YAML and TOML forms resolve alike.

#include <optional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/time/civil_time.h"
#include "common/config/canonical_json.h"
#include "tests/unit/services/config/domain/test_support.h"

// In the test-support namespace: its helpers are used unqualified.
namespace opmon::config::testing {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> MetricNames(const ResolvedProject& p) {
  std::vector<std::string> names;
  for (const Metric& m : p.metrics) names.push_back(m.name);
  return names;
}

TEST(Layering, ProjectPatchesOnlyTheStatisticsOfAPlatformMetric) {
  const ResolveResult y = ResolveYaml(OneStatisticProjectYaml("gc_ms", "percentile: {percentiles: [25, 75], method: bootstrap}"));
  const ResolveResult t = ResolveToml(R"c(
[project]
start_date = 2024-01-01
metrics = ["gc_ms"]
[metrics.gc_ms.statistics.percentile]
percentiles = [25, 75]
method = "bootstrap"
)c");
  ASSERT_TRUE(y.ok()) << Dump(y);
  ASSERT_TRUE(t.ok()) << Dump(t);
  EXPECT_EQ(ToCanonicalJson(*y.project), ToCanonicalJson(*t.project));
  const Metric& gc = y.project->metrics[1];
  EXPECT_EQ(gc.name, "gc_ms");
  EXPECT_EQ(gc.select_expression, "gc_ms");  // from the platform
  EXPECT_EQ(gc.friendly_name, "GC time");    // from the platform
  EXPECT_EQ(gc.type, MetricType::kHistogram);
  ASSERT_EQ(gc.statistics.size(), 1u);
  EXPECT_EQ(gc.statistics[0].percentile.percentiles, (std::vector<double>{25, 75}));
  EXPECT_EQ(gc.statistics[0].percentile.method, CiMethod::kBootstrap);
  EXPECT_EQ(gc.statistics[0].percentile.point, PercentilePoint::kBucket);
}

TEST(Layering, PercentilePointReachesTheModel) {
  const ResolveResult y = ResolveYaml(OneStatisticProjectYaml("gc_ms", "percentile: {method: block_jackknife, point: interpolated}"));
  ASSERT_TRUE(y.ok()) << Dump(y);
  EXPECT_EQ(y.project->metrics[1].statistics[0].percentile.point, PercentilePoint::kInterpolated);
}

TEST(Layering, FalseAlertRateReachesTheModelOnlyWhenSet) {
  const ResolveResult set = ResolveYaml("project: {start_date: 2024-01-01, false_alert_rate: 0.05}\n");
  ASSERT_TRUE(set.ok()) << Dump(set);
  EXPECT_EQ(set.project->false_alert_rate, 0.05);
  const ResolveResult unset = ResolveToml("[project]\nstart_date = 2024-01-01\n");
  ASSERT_TRUE(unset.ok()) << Dump(unset);
  EXPECT_EQ(unset.project->false_alert_rate, std::nullopt);
}

TEST(Layering, DefaultMetricsComeFirstUnlessSkipped) {
  const ResolveResult with = ResolveYaml("project: {start_date: 2024-01-01, metrics: [gc_ms]}\n");
  ASSERT_TRUE(with.ok()) << Dump(with);
  EXPECT_THAT(MetricNames(*with.project), ElementsAre("uri_count", "gc_ms"));
  EXPECT_EQ(with.project->population.data_source, "main");

  const ResolveResult without = ResolveToml(
      "[project]\nstart_date = 2024-01-01\nmetrics = [\"gc_ms\"]\nskip_default_metrics = true\n"
      "[project.population]\ndata_source = \"crash\"\n");
  ASSERT_TRUE(without.ok()) << Dump(without);
  EXPECT_THAT(MetricNames(*without.project), ElementsAre("gc_ms"));
  EXPECT_EQ(without.project->population.data_source, "crash");
}

TEST(Layering, RolloutDefaultsApplyToRollouts) {
  const ResolveResult r = ResolveYaml(
      "project: {start_date: 2024-01-01, is_rollout: true, metrics: [gc_ms]}\n");
  ASSERT_TRUE(r.ok()) << Dump(r);
  EXPECT_THAT(MetricNames(*r.project), ElementsAre("uri_count", "main_crashes", "gc_ms"));
  EXPECT_TRUE(r.project->is_rollout);
  std::vector<std::string> sources;
  for (const DataSource& d : r.project->data_sources) sources.push_back(d.name);
  EXPECT_THAT(sources, ElementsAre("crash", "main"));
}

TEST(Layering, ExperimentMetadataFillsWhatTheProjectOmits) {
  Experiment e;
  e.slug = "test-project";
  e.start_date = absl::CivilDay(2024, 5, 1);
  e.end_date = absl::CivilDay(2024, 6, 1);
  e.reference_branch = "treatment-a";
  e.branches = {"treatment-a", "treatment-b"};
  e.channel = Channel::kBeta;
  const ResolveResult y =
      ResolveYaml("project: {end_date: 2024-07-01}\n", ValidationMode::kStrict, {e});
  const ResolveResult t =
      ResolveToml("[project]\nend_date = 2024-07-01\n", ValidationMode::kStrict, {e});
  for (const ResolveResult* r : {&y, &t}) {
    ASSERT_TRUE(r->ok()) << Dump(*r);
    const ResolvedProject& p = *r->project;
    EXPECT_EQ(p.name, "test-project");
    EXPECT_EQ(p.start_date, absl::CivilDay(2024, 5, 1));
    EXPECT_EQ(p.end_date, absl::CivilDay(2024, 7, 1));  // the project wins
    EXPECT_EQ(p.reference_branch, "treatment-a");
    EXPECT_THAT(p.population.branches, ElementsAre("treatment-a", "treatment-b"));
    EXPECT_EQ(p.population.channel, Channel::kBeta);
    EXPECT_EQ(p.experiment, e);
    EXPECT_TRUE(r->diagnostics.empty()) << Dump(*r);
  }
  EXPECT_EQ(ToCanonicalJson(*y.project), ToCanonicalJson(*t.project));
}

TEST(Layering, RolloutsAndWholePopulationsTakeNoExperimentBranches) {
  Experiment e;
  e.slug = "test-project";
  e.start_date = absl::CivilDay(2024, 5, 1);
  e.is_rollout = true;
  e.branches = {"enabled"};
  const ResolveResult rollout = ResolveYaml("project: {}\n", ValidationMode::kStrict, {e});
  ASSERT_TRUE(rollout.ok()) << Dump(rollout);
  EXPECT_TRUE(rollout.project->is_rollout);
  EXPECT_TRUE(rollout.project->population.branches.empty());

  e.is_rollout = false;
  const ResolveResult whole = ResolveYaml(
      "project: {population: {monitor_entire_population: true}}\n", ValidationMode::kStrict, {e});
  ASSERT_TRUE(whole.ok()) << Dump(whole);
  EXPECT_TRUE(whole.project->population.branches.empty());
}

TEST(Layering, ExperimentAppNamePicksThePlatform) {
  Experiment e;
  e.slug = "test-project";
  e.start_date = absl::CivilDay(2024, 5, 1);
  e.app_name = "fenix";
  const ResolveResult r = ResolveYaml("project: {}\n", ValidationMode::kStrict, {e});
  EXPECT_FALSE(r.ok());
  EXPECT_THAT(testing::Messages(r),
              ::testing::Contains("project.platform: no definitions for platform \"fenix\""));
}

TEST(Layering, ProjectDimensionsAndMetricsAppendToTheDefaults) {
  const ResolveResult r = ResolveYaml(R"c(
project:
  start_date: 2024-01-01
  metrics: [uri_count, active_ticks]
  population:
    dimensions: [os, country, os]
    group_by_dimension: country
)c");
  ASSERT_TRUE(r.ok()) << Dump(r);
  EXPECT_THAT(MetricNames(*r.project), ElementsAre("uri_count", "active_ticks"));
  EXPECT_THAT(r.project->population.dimensions, ElementsAre("os", "country"));
  ASSERT_EQ(r.project->dimensions.size(), 2u);
  EXPECT_EQ(r.project->dimensions[1].select_expression, "country");
  EXPECT_EQ(r.project->population.group_by_dimension, "country");
}

TEST(Layering, ExpandsFunctionsAndParameters) {
  const ResolveResult r = ResolveYaml(R"c(
project: {start_date: 2024-01-01, metrics: [active_ticks, searches]}
parameters:
  engine: {value: google}
metrics:
  searches:
    select_expression: "{{ agg_sum(search_count) }} + '{{ parameters.engine }}'"
    data_source: main
    statistics: {sum: {}}
)c");
  ASSERT_TRUE(r.ok()) << Dump(r);
  EXPECT_EQ(r.project->metrics[1].select_expression, "COALESCE(SUM(active_ticks), 0)");
  EXPECT_EQ(r.project->metrics[2].select_expression,
            "COALESCE(SUM(search_count), 0) + 'google'");
}

TEST(Layering, DataSourcePatchKeepsPlatformKeys) {
  const ResolveResult r = ResolveToml(R"c(
[project]
start_date = 2024-01-01
[data_sources.main]
submission_date_column = "DATE(submission_timestamp)"
experiments_column_type = "none"
)c");
  ASSERT_TRUE(r.ok()) << Dump(r);
  ASSERT_EQ(r.project->data_sources.size(), 1u);
  const DataSource& main = r.project->data_sources[0];
  EXPECT_EQ(main.from_expression, "telemetry.main");
  EXPECT_EQ(main.submission_date_column, "DATE(submission_timestamp)");
  EXPECT_EQ(main.experiments_column, "");
  EXPECT_EQ(main.client_id_column, "client_id");
}

TEST(Layering, CompatModeLoadsFilesWithStrayKeys) {
  const std::string toml = R"c(
[project]
start_date = 2024-01-01
metrics = ["gc_ms"]
[metrics.gc_ms]
analysis_bases = ["enrollments"]
[alerts.diff]
type = "avg_diff"
metrics = ["gc_ms"]
window_size = 7
max_relative_change = 0.25
percentiles = [50]
)c";
  const ResolveResult strict = ResolveToml(toml);
  EXPECT_FALSE(strict.ok());
  EXPECT_EQ(strict.diagnostics.size(), 2u) << Dump(strict);
  const ResolveResult compat = ResolveToml(toml, ValidationMode::kCompat);
  ASSERT_TRUE(compat.ok()) << Dump(compat);
  EXPECT_EQ(compat.diagnostics.size(), 2u);
  for (const Diagnostic& d : compat.diagnostics) EXPECT_EQ(d.severity, Severity::kWarning);
}

TEST(Layering, DedentsMetricDescriptionsAsTheReference) {
  const ResolveResult r = ResolveToml(R"c(
[project]
start_date = 2024-01-01
[metrics.uri_count]
description = """
    Counts URIs.
      Indented line.
"""
)c");
  ASSERT_TRUE(r.ok()) << Dump(r);
  EXPECT_EQ(r.project->metrics[0].description, "Counts URIs.\n  Indented line.\n");
}

}  // namespace
}  // namespace opmon::config::testing
