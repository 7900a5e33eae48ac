// TOML (or YAML) to native YAML: the checked tree written back, keys opmon
// does not know dropped with a warning, strings never re-typed.

#include "services/config/domain/yaml_conversion.h"

#include <gtest/gtest.h>

namespace opmon::config {
namespace {

TEST(YamlConversion, WritesTheCheckedTreeAndDropsUnknownKeysWithAWarning) {
  const SourceFile toml{"hub/gc.toml", R"toml(
[project]
name = "GC"
platform = "firefox_desktop"
start_date = 2024-01-08
metrics = ["gc_ms"]
compact_visualization = true
owner = "someone"

[project.population]
data_source = "main"
channel = "beta"
boolean_pref = "1 = 1"

[metrics.gc_ms]
select_expression = """
SUM(
  gc_ms)"""
data_source = "main"
type = "histogram"

[metrics.gc_ms.statistics.percentile]
percentiles = [25, 50, 99.9]
)toml"};
  const YamlConversion converted = ConvertToYaml(toml, FileKind::kProject);
  ASSERT_EQ(converted.diagnostics.size(), 1u) << FormatDiagnostic(converted.diagnostics.back());
  EXPECT_EQ(FormatDiagnostic(converted.diagnostics[0]),
            "hub/gc.toml:8:1: warning: project.owner: unknown key; expected one of: name, platform, xaxis, "
            "start_date, end_date, skip, skip_default_metrics, is_rollout, metrics, alerts, alert_webhook_url, "
            "false_alert_rate, statement_timeout_seconds, reference_branch, compact_visualization, metric_groups, population "
            "(ignored in compat mode)");
  ASSERT_TRUE(converted.yaml.has_value());
  // toml++ keeps a table's keys sorted, so the YAML lists them that way.
  EXPECT_EQ(*converted.yaml, R"yaml(metrics:
  gc_ms:
    data_source: "main"
    select_expression: "SUM(\n  gc_ms)"
    statistics:
      percentile:
        percentiles:
          - 25
          - 50
          - 99.9
    type: "histogram"
project:
  compact_visualization: true
  metrics:
    - "gc_ms"
  name: "GC"
  platform: "firefox_desktop"
  population:
    boolean_pref: "1 = 1"
    channel: "beta"
    data_source: "main"
  start_date: "2024-01-08"
)yaml");
  // The YAML loads in strict mode: no unknown key left.
  const YamlConversion again = ConvertToYaml({"gc.yaml", *converted.yaml}, FileKind::kProject);
  EXPECT_TRUE(again.diagnostics.empty());
  EXPECT_EQ(again.yaml, converted.yaml);
}

TEST(YamlConversion, RefusesAFileWithErrors) {
  const YamlConversion converted =
      ConvertToYaml({"bad.toml", "[project]\nxaxis = \"weekly\"\n"}, FileKind::kProject);
  EXPECT_FALSE(converted.yaml.has_value());
  ASSERT_FALSE(converted.diagnostics.empty());
  EXPECT_EQ(converted.diagnostics[0].severity, Severity::kError);
}

}  // namespace
}  // namespace opmon::config
