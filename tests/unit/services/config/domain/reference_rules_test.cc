// Resolution rules: references, required keys, statistic/type pairs, slugs,
// dates. Each on the YAML and TOML form of the same project.

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_replace.h"

#include "tests/unit/services/config/domain/test_support.h"

// In the test-support namespace: its helpers are used unqualified.
namespace opmon::config::testing {
namespace {

TEST(ReferenceRules, ReportsUnknownMetricWithSuggestion) {
  ExpectMessages("project: {start_date: 2024-01-01, metrics: [gc_mss]}\n",
                 "[project]\nstart_date = 2024-01-01\nmetrics = [\"gc_mss\"]\n",
                 {"project.metrics[0]: unknown metric \"gc_mss\"; did you mean \"gc_ms\"?"});
}

TEST(ReferenceRules, ReportsUnknownMetricWithoutNearName) {
  ExpectMessages("project: {start_date: 2024-01-01, metrics: [memory_total]}\n",
                 "[project]\nstart_date = 2024-01-01\nmetrics = [\"memory_total\"]\n",
                 {"project.metrics[0]: unknown metric \"memory_total\"; define it under metrics "
                  "or in the platform definitions"});
}

TEST(ReferenceRules, ReportsMissingSelectExpressionAndDataSource) {
  ExpectMessages(R"c(
project: {start_date: 2024-01-01, metrics: [new_metric]}
metrics:
  new_metric:
    statistics: {mean: {}}
)c",
                 R"c(
[project]
start_date = 2024-01-01
metrics = ["new_metric"]
[metrics.new_metric.statistics]
mean = {}
)c",
                 {"metrics.new_metric: missing select_expression; expected a SQL expression "
                  "(here or in the platform definitions)",
                  "metrics.new_metric: missing data_source; expected the name of a data source "
                  "(here or in the platform definitions)"});
}

TEST(ReferenceRules, ReportsMetricWithoutStatistics) {
  ExpectMessages(R"c(
project: {start_date: 2024-01-01, metrics: [m]}
metrics:
  m: {select_expression: SUM(x), data_source: main}
)c",
                 R"c(
[project]
start_date = 2024-01-01
metrics = ["m"]
[metrics.m]
select_expression = "SUM(x)"
data_source = "main"
)c",
                 {"metrics.m.statistics: missing statistics; expected at least one of count, "
                  "sum, mean, quantile, percentile, total_ratio"});
}

TEST(ReferenceRules, ReportsUnknownDataSourceWithSuggestion) {
  ExpectSumMetricMessages("SUM(x)", "mian", "", "",
                          {"metrics.m.data_source: unknown data source \"mian\"; did you mean \"main\"?"});
}

TEST(ReferenceRules, ReportsStatisticThatDoesNotApplyToTheMetricType) {
  ExpectStatisticMessages("gc_ms", "mean: {}", "mean = {}",
                          {"metrics.gc_ms.statistics.mean: statistic \"mean\" does not apply to histogram "
                  "metrics; expected percentile"});
}

TEST(ReferenceRules, ReportsTotalRatioDenominatorOutsideTheProject) {
  ExpectMessages(R"c(
project: {start_date: 2024-01-01, metrics: [active_ticks, gc_ms]}
metrics:
  active_ticks:
    statistics:
      total_ratio: {denominator_metric: uri_cont}
)c",
                 R"c(
[project]
start_date = 2024-01-01
metrics = ["active_ticks", "gc_ms"]
[metrics.active_ticks.statistics.total_ratio]
denominator_metric = "uri_cont"
)c",
                 {"metrics.active_ticks.statistics.total_ratio.denominator_metric: \"uri_cont\" "
                  "is not a metric of this project; did you mean \"uri_count\"?"});
}

TEST(ReferenceRules, ReportsMissingAndHistogramDenominators) {
  ExpectMessages(R"c(
project: {start_date: 2024-01-01, metrics: [active_ticks, gc_ms]}
metrics:
  active_ticks:
    statistics:
      total_ratio: {}
  uri_count:
    statistics:
      total_ratio: {denominator_metric: gc_ms}
)c",
                 R"c(
[project]
start_date = 2024-01-01
metrics = ["active_ticks", "gc_ms"]
[metrics.active_ticks.statistics]
total_ratio = {}
[metrics.uri_count.statistics]
total_ratio = {denominator_metric = "gc_ms"}
)c",
                 {"metrics.active_ticks.statistics.total_ratio.denominator_metric: missing "
                  "denominator_metric; expected a metric of this project",
                  "metrics.uri_count.statistics.total_ratio.denominator_metric: \"gc_ms\" is a "
                  "histogram metric; expected a scalar metric"});
}

TEST(ReferenceRules, ReportsQuantileLargerThanItsCount) {
  ExpectMessages(R"c(
project: {start_date: 2024-01-01}
metrics:
  uri_count:
    statistics:
      quantile: {number_of_quantiles: 10, quantile: 11}
)c",
                 R"c(
[project]
start_date = 2024-01-01
[metrics.uri_count.statistics.quantile]
number_of_quantiles = 10
quantile = 11
)c",
                 {"metrics.uri_count.statistics.quantile.quantile: 11 is larger than "
                  "number_of_quantiles 10"});
}

TEST(ReferenceRules, ReportsMissingPopulationDataSource) {
  ExpectMessages("project: {start_date: 2024-01-01, skip_default_metrics: true}\n",
                 "[project]\nstart_date = 2024-01-01\nskip_default_metrics = true\n",
                 {"project.population: missing data_source; expected the name of a data source "
                  "(here or in the platform defaults)"});
}

TEST(ReferenceRules, ReportsUnknownDimensionWithSuggestion) {
  ExpectMessages("project:\n  start_date: 2024-01-01\n  population: {dimensions: [oss]}\n",
                 "[project]\nstart_date = 2024-01-01\n[project.population]\n"
                 "dimensions = [\"oss\"]\n",
                 {"project.population.dimensions[0]: unknown dimension \"oss\"; did you mean "
                  "\"os\"?"});
}

TEST(ReferenceRules, ReportsGroupByDimensionNotAmongDimensions) {
  ExpectMessages(
      "project:\n  start_date: 2024-01-01\n  population:\n    dimensions: [os]\n"
      "    group_by_dimension: country\n",
      "[project]\nstart_date = 2024-01-01\n[project.population]\ndimensions = [\"os\"]\n"
      "group_by_dimension = \"country\"\n",
      {"project.population.group_by_dimension: \"country\" is not one of the project's "
       "dimensions (os); add it to population.dimensions"});
}

TEST(ReferenceRules, ReportsMetricGroupMemberOutsideTheProject) {
  ExpectMessages(R"c(
project:
  start_date: 2024-01-01
  metrics: [gc_ms]
  metric_groups:
    perf: {friendly_name: Performance, metrics: [gc_ms, active_ticks]}
    empty: {friendly_name: Nothing}
)c",
                 R"c(
[project]
start_date = 2024-01-01
metrics = ["gc_ms"]
[project.metric_groups.perf]
friendly_name = "Performance"
metrics = ["gc_ms", "active_ticks"]
[project.metric_groups.empty]
friendly_name = "Nothing"
)c",
                 {"project.metric_groups.perf.metrics[1]: \"active_ticks\" is not a metric of "
                  "this project",
                  "project.metric_groups.empty: missing metrics; expected at least one project "
                  "metric"});
}

TEST(ReferenceRules, RejectsProjectSlugStartingWithADigit) {
  const ResolveResult r = ResolveYaml("project: {start_date: 2024-01-01}\n",
                                      ValidationMode::kCompat, {}, "1-click-rollout");
  EXPECT_THAT(Messages(r), ::testing::ElementsAre(
                               "project slug \"1-click-rollout\" starts with a digit; slugs name "
                               "results tables and must start with a letter or underscore"))
      << Dump(r);
}

TEST(ReferenceRules, RejectsSlugSharingAResultsTableWithAnotherProject) {
  ResolveOptions options;
  options.slug = "my-project";
  options.other_project_slugs = {"my_project", "other"};
  const ResolveResult r =
      ValidateAndResolve({"my-project.yaml", "project: {start_date: 2024-01-01}\n"},
                         testing::TestDefinitions(), {}, options);
  EXPECT_THAT(Messages(r),
              ::testing::ElementsAre("project slug \"my-project\" uses results table "
                                     "\"my_project\", already used by project \"my_project\"; "
                                     "rename one of them"));
  EXPECT_EQ(FormatDiagnostic(r.diagnostics[0]).rfind("my-project.yaml: error: project slug", 0),
            0u);
}

TEST(ReferenceRules, RejectsProjectSlugWhoseResultsTablesWouldPassTheIdentifierLimit) {
  const std::string longest(52, 's');
  EXPECT_THAT(Messages(ResolveYaml("project: {start_date: 2024-01-01}\n", ValidationMode::kStrict, {}, longest)),
              ::testing::IsEmpty());
  const std::string slug = longest + "-x";
  const ResolveResult r = ResolveYaml("project: {start_date: 2024-01-01}\n", ValidationMode::kStrict, {}, slug);
  EXPECT_THAT(Messages(r), ::testing::ElementsAre(
                               "project slug \"" + slug + "\" is 54 bytes; its results table \"" + longest +
                               "_x_statistics\" would pass PostgreSQL's 63-byte identifier limit, so slugs may "
                               "have at most 52 bytes"))
      << Dump(r);
}

TEST(ReferenceRules, RejectsSlugWhoseRelationIsAnotherProjectsStatisticsTable) {
  ResolveOptions options;
  options.slug = "my-project_statistics";
  options.other_project_slugs = {"my_project"};
  const ResolveResult r =
      ValidateAndResolve({"my-project_statistics.yaml", "project: {start_date: 2024-01-01}\n"},
                         testing::TestDefinitions(), {}, options);
  EXPECT_THAT(Messages(r), ::testing::ElementsAre(
                               "project slug \"my-project_statistics\" uses results table "
                               "\"my_project_statistics\", already used by project \"my_project\"; "
                               "rename one of them"));
}

TEST(ReferenceRules, RejectsMetricAndDimensionSlugsLongerThanAnIdentifier) {
  const std::string metric(64, 'm');
  const std::string dimension(64, 'd');
  const std::string yaml = "project:\n  start_date: 2024-01-01\n  metrics: [" + metric +
                           "]\n  population: {dimensions: [" + dimension + "]}\nmetrics:\n  " + metric +
                           ": {select_expression: x, data_source: main, statistics: {sum: {}}}\ndimensions:\n  " +
                           dimension + ": {select_expression: x, data_source: main}\n";
  const ResolveResult r = ResolveYaml(yaml);
  EXPECT_THAT(Messages(r),
              ::testing::UnorderedElementsAre(
                  "metrics." + metric + ": metric slug \"" + metric +
                      "\" is 64 bytes; it names a results column and PostgreSQL keeps only 63 bytes of an identifier",
                  "dimensions." + dimension + ": dimension slug \"" + dimension +
                      "\" is 64 bytes; it names a results column and PostgreSQL keeps only 63 bytes of an identifier"))
      << Dump(r);
  // 63 bytes fit.
  const ResolveResult fits = ResolveYaml(absl::StrReplaceAll(yaml, {{metric, metric.substr(1)}, {dimension, dimension.substr(1)}}));
  EXPECT_THAT(Messages(fits), ::testing::IsEmpty()) << Dump(fits);
}

TEST(ReferenceRules, RejectsMetricAndDimensionSlugsThatCannotBeColumns) {
  ExpectMessages(R"c(
project:
  start_date: 2024-01-01
  metrics: [gc-ms]
  population: {dimensions: [branch]}
metrics:
  gc-ms: {select_expression: gc_ms, data_source: main, statistics: {sum: {}}}
dimensions:
  branch: {select_expression: x, data_source: main}
)c",
                 R"c(
[project]
start_date = 2024-01-01
metrics = ["gc-ms"]
population = {dimensions = ["branch"]}
[metrics.gc-ms]
select_expression = "gc_ms"
data_source = "main"
statistics = {sum = {}}
[dimensions.branch]
select_expression = "x"
data_source = "main"
)c",
                 {"metrics.gc-ms: metric slug \"gc-ms\" must contain only letters, digits and "
                  "underscores and not start with a digit (it names a results column)",
                  "dimensions.branch: dimension \"branch\" collides with a results column; "
                  "rename it"});
}

TEST(ReferenceRules, ReportsEndDateBeforeStartDate) {
  ExpectMessages("project: {start_date: 2024-02-01, end_date: 2024-01-01}\n",
                 "[project]\nstart_date = 2024-02-01\nend_date = 2024-01-01\n",
                 {"project.end_date: end date 2024-01-01 is before start date 2024-02-01"});
}

TEST(ReferenceRules, ReportsDatasetPlaceholderWithoutDefault) {
  ExpectSumMetricMessages("SUM(x)", "glean", "data_sources:\n  glean: {from_expression: \"{dataset}.baseline\"}\n",
                          "[data_sources.glean]\nfrom_expression = \"{dataset}.baseline\"\n",
                          {"data_sources.glean.from_expression: contains {dataset} but default_dataset "
                  "is not set"});
}

TEST(ReferenceRules, ReportsDataSourceWithoutFromExpression) {
  ExpectSumMetricMessages("SUM(x)", "events", "data_sources:\n  events: {client_id_column: client_id}\n",
                          "[data_sources.events]\nclient_id_column = \"client_id\"\n",
                          {"data_sources.events: missing from_expression; expected a table name or "
                  "(subquery)"});
}

TEST(ReferenceRules, ReportsUnknownFunctionWithSuggestion) {
  ExpectSumMetricMessages("{{agg_summ(x)}}", "main", "", "",
                          {"metrics.m.select_expression: unknown function \"agg_summ\"; did you mean "
                  "\"agg_sum\"?"});
}

TEST(ReferenceRules, ReportsUnknownPlatformWithSuggestion) {
  ExpectMessages("project: {start_date: 2024-01-01, platform: firefox_desktp}\n",
                 "[project]\nstart_date = 2024-01-01\nplatform = \"firefox_desktp\"\n",
                 {"project.platform: no definitions for platform \"firefox_desktp\"; did you "
                  "mean \"firefox_desktop\"?",
                  "project.population: missing data_source; expected the name of a data source "
                  "(here or in the platform defaults)"});
}

TEST(ReferenceRules, WarnsWithoutStartDateOrExperiment) {
  const ResolveResult r = ResolveYaml("project: {name: x}\n");
  EXPECT_TRUE(r.ok());
  EXPECT_THAT(Messages(r), ::testing::ElementsAre(
                               "warning: project.start_date: not set and no experiment "
                               "\"test-project\" in the registry; the project is not computed "
                               "until it has a start date"));
}

}  // namespace
}  // namespace opmon::config::testing
