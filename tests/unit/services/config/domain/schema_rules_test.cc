// Per-key rules of the schema table, each on the YAML and TOML form of the
// same project.

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/services/config/domain/test_support.h"

// In the test-support namespace: its helpers are used unqualified.
namespace opmon::config::testing {
namespace {

TEST(SchemaRules, ReportsUnknownKeyWithSuggestion) {
  ExpectMessages(R"c(
project:
  start_date: 2024-01-01
  metrics: [gc_ms]
metrics:
  gc_ms:
    selct_expression: gc_ms
)c",
                 R"c(
[project]
start_date = 2024-01-01
metrics = ["gc_ms"]
[metrics.gc_ms]
selct_expression = "gc_ms"
)c",
                 {"metrics.gc_ms.selct_expression: unknown key; did you mean "
                  "\"select_expression\"?"});
}

TEST(SchemaRules, ListsExpectedKeysWhenNothingIsClose) {
  ExpectMessages("project:\n  start_date: 2024-01-01\n  population:\n    wibble: 1\n",
                 "[project]\nstart_date = 2024-01-01\n[project.population]\nwibble = 1\n",
                 {"project.population.wibble: unknown key; expected one of: data_source, "
                  "channel, branches, boolean_pref, monitor_entire_population, dimensions, "
                  "group_by_dimension"});
}

TEST(SchemaRules, UnknownKeysAreWarningsInCompatMode) {
  ExpectMessages("project:\n  start_date: 2024-01-01\n  owner: me\n",
                 "[project]\nstart_date = 2024-01-01\nowner = \"me\"\n",
                 {"warning: project.owner: unknown key; expected one of: name, platform, "
                  "xaxis, start_date, end_date, skip, skip_default_metrics, is_rollout, "
                  "metrics, alerts, alert_webhook_url, false_alert_rate, statement_timeout_seconds, "
                  "reference_branch, "
                  "compact_visualization, metric_groups, population (ignored in compat mode)"},
                 ValidationMode::kCompat);
}

TEST(SchemaRules, UnknownStatisticIsAnErrorEvenInCompatMode) {
  ExpectStatisticMessages("gc_ms", "percentil: {}", "percentil = {}",
                          {"metrics.gc_ms.statistics.percentil: unknown statistic; did you mean "
                  "\"percentile\"?",
                  "metrics.gc_ms.statistics: missing statistics; expected at least one of "
                           "count, sum, mean, quantile, percentile, total_ratio"},
                          ValidationMode::kCompat);
}

TEST(SchemaRules, ReportsWrongScalarType) {
  ExpectMessages("project:\n  start_date: 2024-01-01\n  skip: yes\n",
                 "[project]\nstart_date = 2024-01-01\nskip = \"yes\"\n",
                 {"project.skip: expected true or false, got \"yes\""});
}

TEST(SchemaRules, ReportsEnumValueWithSuggestion) {
  ExpectMessages("project:\n  start_date: 2024-01-01\n  population:\n    channel: nigthly\n",
                 "[project]\nstart_date = 2024-01-01\n[project.population]\n"
                 "channel = \"nigthly\"\n",
                 {"project.population.channel: \"nigthly\" is not release|beta|nightly; did you "
                  "mean \"nightly\"?"});
}

TEST(SchemaRules, ReportsInvalidDate) {
  ExpectMessages("project:\n  start_date: '2024-02-30'\n",
                 "[project]\nstart_date = \"2024-02-30\"\n",
                 {"project.start_date: \"2024-02-30\" is not a valid date; expected YYYY-MM-DD",
                  "warning: project.start_date: not set and no experiment \"test-project\" in "
                  "the registry; the project is not computed until it has a start date"});
}

TEST(SchemaRules, ReportsListElementOfWrongType) {
  ExpectMessages("project:\n  start_date: 2024-01-01\n  metrics: [gc_ms, {a: 1}]\n",
                 "[project]\nstart_date = 2024-01-01\nmetrics = [\"gc_ms\", {a = 1}]\n",
                 {"project.metrics[1]: expected a string, got a table"});
}

TEST(SchemaRules, ReportsNumberOutOfRange) {
  ExpectStatisticMessages("gc_ms", "percentile: {percentiles: [50, 101]}",
                          "percentile = {percentiles = [50, 101]}",
                          {"metrics.gc_ms.statistics.percentile.percentiles[1]: 101 is out of range; "
                  "expected a number between 0 and 100"});
}

TEST(SchemaRules, FalseAlertRateIsAShareOfAtMostHalf) {
  ExpectMessages("project:\n  start_date: 2024-01-01\n  false_alert_rate: 5\n",
                 "[project]\nstart_date = 2024-01-01\nfalse_alert_rate = 5\n",
                 {"project.false_alert_rate: 5 is out of range; expected a number between 0.0001 and 0.5"});
  ExpectMessages("project:\n  start_date: 2024-01-01\n  false_alert_rate: 0\n",
                 "[project]\nstart_date = 2024-01-01\nfalse_alert_rate = 0\n",
                 {"project.false_alert_rate: 0 is out of range; expected a number between 0.0001 and 0.5"});
}

TEST(SchemaRules, ReportsUnknownPercentileMethodWithSuggestion) {
  ExpectStatisticMessages("gc_ms", "percentile: {method: jackknif}", "percentile = {method = \"jackknif\"}",
                          {"metrics.gc_ms.statistics.percentile.method: \"jackknif\" is not "
                  "binomial|jackknife|bootstrap|block_jackknife; did you mean \"jackknife\"?"});
}

TEST(SchemaRules, ReportsUnknownPercentilePoint) {
  ExpectStatisticMessages("gc_ms", "percentile: {point: linear}", "percentile = {point = \"linear\"}",
                          {"metrics.gc_ms.statistics.percentile.point: \"linear\" is not "
                  "bucket|interpolated"});
}

TEST(SchemaRules, InterpolatedPointIsRefusedForTheReferenceMethods) {
  ExpectStatisticMessages("gc_ms", "percentile: {method: bootstrap, point: interpolated}",
                          "percentile = {method = \"bootstrap\", point = \"interpolated\"}",
                          {"metrics.gc_ms.statistics.percentile.point: interpolated applies to binomial "
                  "and block_jackknife; method \"bootstrap\" keeps the reference's output"});
}

TEST(SchemaRules, ReportsEveryErrorAtOnce) {
  ExpectMessages(R"c(
project:
  start_date: 2024-01-01
  xaxis: day
  skip: 3
metrics:
  gc_ms: {type: histgram}
)c",
                 R"c(
[project]
start_date = 2024-01-01
xaxis = "day"
skip = 3
[metrics.gc_ms]
type = "histgram"
)c",
                 {"project.xaxis: \"day\" is not submission_date|build_id",
                  "project.skip: expected true or false, got 3",
                  "metrics.gc_ms.type: \"histgram\" is not scalar|histogram; did you mean "
                  "\"histogram\"?"});
}

TEST(SchemaRules, RejectsANonTableEntry) {
  ExpectMessages("project: {start_date: 2024-01-01}\nmetrics:\n  gc_ms: 3\n",
                 "metrics = {gc_ms = 3}\n[project]\nstart_date = 2024-01-01\n",
                 {"metrics.gc_ms: expected a table, got 3"});
}

}  // namespace
}  // namespace opmon::config::testing
