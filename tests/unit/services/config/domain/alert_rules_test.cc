// Alert rules (the reference's per-type checks and references), each on the
// YAML and TOML form of the same project.

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/services/config/domain/test_support.h"

// In the test-support namespace: its helpers are used unqualified.
namespace opmon::config::testing {
namespace {

constexpr char kYamlHead[] =
    "project:\n  start_date: 2024-01-01\n  metrics: [gc_ms, active_ticks]\n  alerts: [a]\n"
    "alerts:\n  a:\n";
constexpr char kTomlHead[] =
    "[project]\nstart_date = 2024-01-01\nmetrics = [\"gc_ms\", \"active_ticks\"]\n"
    "alerts = [\"a\"]\n[alerts.a]\n";

void ExpectAlertMessages(const std::string& yaml_body, const std::string& toml_body,
                         const std::vector<std::string>& expected) {
  ExpectMessages(kYamlHead + yaml_body, kTomlHead + toml_body, expected);
}

TEST(AlertRules, ResolvesEveryAlertType) {
  const std::string yaml = R"c(
project:
  start_date: 2024-01-01
  metrics: [gc_ms, active_ticks]
  alerts: [limits, overlap, drift]
alerts:
  limits: {type: threshold, metrics: [gc_ms], parameters: [50, 95], min: [0, 0], max: [10, 20]}
  overlap: {type: ci_overlap, metrics: [gc_ms, active_ticks], statistics: [percentile]}
  drift: {type: avg_diff, metrics: [active_ticks], window_size: 7, max_relative_change: 0.25}
  unused: {type: ci_overlap, metrics: [gc_ms]}
)c";
  const std::string toml = R"c(
[project]
start_date = 2024-01-01
metrics = ["gc_ms", "active_ticks"]
alerts = ["limits", "overlap", "drift"]
[alerts.limits]
type = "threshold"
metrics = ["gc_ms"]
parameters = [50, 95]
min = [0, 0]
max = [10, 20]
[alerts.overlap]
type = "ci_overlap"
metrics = ["gc_ms", "active_ticks"]
statistics = ["percentile"]
[alerts.drift]
type = "avg_diff"
metrics = ["active_ticks"]
window_size = 7
max_relative_change = 0.25
[alerts.unused]
type = "ci_overlap"
metrics = ["gc_ms"]
)c";
  for (const ResolveResult& r : {ResolveYaml(yaml), ResolveToml(toml)}) {
    ASSERT_TRUE(r.ok()) << Dump(r);
    ASSERT_EQ(r.project->alerts.size(), 3u);
    const Alert& limits = r.project->alerts[0];
    EXPECT_EQ(limits.type, AlertType::kThreshold);
    EXPECT_EQ(limits.parameters, (std::vector<double>{50, 95}));
    EXPECT_EQ(limits.max, (std::vector<double>{10, 20}));
    EXPECT_EQ(r.project->alerts[1].statistics,
              std::vector<StatisticKind>{StatisticKind::kPercentile});
    EXPECT_EQ(r.project->alerts[2].window_size, 7);
    EXPECT_EQ(r.project->alerts[2].max_relative_change, 0.25);
  }
}

TEST(AlertRules, ReportsUnknownAlertWithSuggestion) {
  ExpectMessages(
      "project: {start_date: 2024-01-01, alerts: [limit]}\n"
      "alerts:\n  limits: {type: ci_overlap, metrics: [uri_count]}\n",
      "[project]\nstart_date = 2024-01-01\nalerts = [\"limit\"]\n"
      "[alerts.limits]\ntype = \"ci_overlap\"\nmetrics = [\"uri_count\"]\n",
      {"project.alerts[0]: unknown alert \"limit\"; did you mean \"limits\"?"});
}

TEST(AlertRules, ReportsAlertMetricOutsideTheProject) {
  ExpectAlertMessages("    type: ci_overlap\n    metrics: [gc_ms, main_crashes]\n",
                      "type = \"ci_overlap\"\nmetrics = [\"gc_ms\", \"main_crashes\"]\n",
                      {"alerts.a.metrics[1]: \"main_crashes\" is not a metric of this project"});
}

TEST(AlertRules, ReportsMissingTypeAndMetrics) {
  ExpectAlertMessages("    friendly_name: A\n", "friendly_name = \"A\"\n",
                      {"alerts.a: missing type; expected threshold|ci_overlap|avg_diff",
                       "alerts.a: missing metrics; expected at least one project metric"});
}

TEST(AlertRules, LiveMonitoringAlertTypesAreNotConfigurable) {
  ExpectAlertMessages("    type: srm\n    metrics: [gc_ms]\n", "type = \"srm\"\nmetrics = [\"gc_ms\"]\n",
                      {"alerts.a: missing type; expected threshold|ci_overlap|avg_diff",
                       "alerts.a.type: \"srm\" is not threshold|ci_overlap|avg_diff"});
}

TEST(AlertRules, ThresholdNeedsMinOrMax) {
  ExpectAlertMessages("    type: threshold\n    metrics: [gc_ms]\n",
                      "type = \"threshold\"\nmetrics = [\"gc_ms\"]\n",
                      {"alerts.a: threshold alert needs min or max"});
}

TEST(AlertRules, ThresholdBoundsPairWithParameters) {
  ExpectAlertMessages(
      "    type: threshold\n    metrics: [gc_ms]\n    parameters: [50, 90, 99]\n"
      "    min: [1, 2]\n    max: [1, 2, 3]\n",
      "type = \"threshold\"\nmetrics = [\"gc_ms\"]\nparameters = [50, 90, 99]\nmin = [1, 2]\n"
      "max = [1, 2, 3]\n",
      {"alerts.a.min: has 2 values but parameters has 3; expected one min per parameter"});
}

TEST(AlertRules, CiOverlapTakesNoBoundsOrWindow) {
  ExpectAlertMessages(
      "    type: ci_overlap\n    metrics: [gc_ms]\n    max: [3]\n    window_size: 7\n",
      "type = \"ci_overlap\"\nmetrics = [\"gc_ms\"]\nmax = [3]\nwindow_size = 7\n",
      {"alerts.a.max: not allowed for ci_overlap alerts",
       "alerts.a.window_size: not allowed for ci_overlap alerts"});
}

TEST(AlertRules, AvgDiffNeedsWindowAndChangeAndNoBounds) {
  ExpectAlertMessages("    type: avg_diff\n    metrics: [gc_ms]\n    min: [0]\n",
                      "type = \"avg_diff\"\nmetrics = [\"gc_ms\"]\nmin = [0]\n",
                      {"alerts.a.min: not allowed for avg_diff alerts",
                       "alerts.a: avg_diff alert needs window_size",
                       "alerts.a: avg_diff alert needs max_relative_change"});
}

TEST(AlertRules, RejectsUnknownStatisticNames) {
  ExpectAlertMessages(
      "    type: ci_overlap\n    metrics: [gc_ms]\n    statistics: [percentiles]\n",
      "type = \"ci_overlap\"\nmetrics = [\"gc_ms\"]\nstatistics = [\"percentiles\"]\n",
      {"alerts.a.statistics[0]: \"percentiles\" is not "
       "count|sum|mean|quantile|percentile|total_ratio; did you mean \"percentile\"?"});
}

TEST(AlertRules, WindowSizeMustBePositive) {
  ExpectAlertMessages(
      "    type: avg_diff\n    metrics: [gc_ms]\n    window_size: 0\n"
      "    max_relative_change: 0.1\n",
      "type = \"avg_diff\"\nmetrics = [\"gc_ms\"]\nwindow_size = 0\nmax_relative_change = 0.1\n",
      {"alerts.a.window_size: 0 is out of range; expected a number at least 1",
       "alerts.a: avg_diff alert needs window_size"});
}

}  // namespace
}  // namespace opmon::config::testing
