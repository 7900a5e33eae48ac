#include "tests/unit/services/config/domain/test_support.h"

#include <cstdlib>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"

namespace opmon::config::testing {
namespace {

constexpr char kDefinitionsYaml[] = R"c(
metrics:
  gc_ms:
    select_expression: gc_ms
    data_source: main
    type: histogram
    friendly_name: GC time
    statistics:
      percentile: {}
  active_ticks:
    select_expression: '{{ agg_sum("active_ticks") }}'
    data_source: main
    statistics:
      mean: {}
  uri_count:
    select_expression: SUM(uri_count)
    data_source: main
    statistics:
      sum: {}
  main_crashes:
    select_expression: COUNT(*)
    data_source: crash
    statistics:
      sum: {}
data_sources:
  main:
    from_expression: telemetry.main
  crash:
    from_expression: telemetry.crash
dimensions:
  os:
    select_expression: normalized_os
    data_source: main
  country:
    select_expression: country
    data_source: main
functions:
  agg_sum:
    definition: COALESCE(SUM({select_expr}), 0)
)c";

constexpr char kDefaults[] = R"c(
platform: firefox_desktop
project:
  metrics: [uri_count]
  population:
    data_source: main
)c";

constexpr char kRolloutDefaults[] = R"c(
project:
  platform: firefox_desktop
  metrics: [main_crashes]
)c";

PlatformDefinitions MustParse(const std::string& path, const std::string& text) {
  ParseDefinitionsResult r = ParseDefinitions({path, text}, ValidationMode::kStrict);
  if (!r.definitions) std::abort();
  return *r.definitions;
}

ResolveResult Resolve(const std::string& path, const std::string& text, ValidationMode mode,
                      const std::vector<Experiment>& experiments, const std::string& slug) {
  ResolveOptions options;
  options.mode = mode;
  options.slug = slug;
  return ValidateAndResolve({path, text}, TestDefinitions(), experiments, options);
}

}  // namespace

const std::vector<PlatformDefinitions>& TestDefinitions() {
  static const std::vector<PlatformDefinitions> kDefinitions = {
      MustParse("definitions/firefox_desktop.yaml", kDefinitionsYaml),
      MustParse("definitions/firefox_desktop_defaults.yaml", kDefaults),
      MustParse("definitions/rollout.yaml", kRolloutDefaults),
  };
  return kDefinitions;
}

ResolveResult ResolveYaml(const std::string& yaml, ValidationMode mode,
                          const std::vector<Experiment>& experiments, const std::string& slug) {
  return Resolve("project.yaml", yaml, mode, experiments, slug);
}

ResolveResult ResolveToml(const std::string& toml, ValidationMode mode,
                          const std::vector<Experiment>& experiments, const std::string& slug) {
  return Resolve("project.toml", toml, mode, experiments, slug);
}

std::vector<std::string> Messages(const ResolveResult& result) {
  std::vector<std::string> out;
  for (const Diagnostic& d : result.diagnostics) {
    out.push_back(absl::StrCat(d.severity == Severity::kWarning ? "warning: " : "",
                               d.location.path.empty() ? "" : d.location.path + ": ",
                               d.message));
  }
  return out;
}

std::string Dump(const ResolveResult& result) {
  std::string out;
  for (const Diagnostic& d : result.diagnostics) absl::StrAppend(&out, FormatDiagnostic(d), "\n");
  return out;
}

void ExpectMessages(const std::string& yaml, const std::string& toml,
                    const std::vector<std::string>& expected, ValidationMode mode) {
  const ResolveResult y = ResolveYaml(yaml, mode);
  EXPECT_THAT(Messages(y), ::testing::UnorderedElementsAreArray(expected)) << "YAML:\n"
                                                                           << Dump(y);
  const ResolveResult t = ResolveToml(toml, mode);
  EXPECT_THAT(Messages(t), ::testing::UnorderedElementsAreArray(expected)) << "TOML:\n"
                                                                           << Dump(t);
}

void ExpectOnlyDiagnostic(const ResolveResult& result, const std::string& expected) {
  ASSERT_EQ(result.diagnostics.size(), 1u) << Dump(result);
  EXPECT_EQ(FormatDiagnostic(result.diagnostics[0]), expected);
}

std::string OneStatisticProjectYaml(const std::string& metric, const std::string& yaml_statistic) {
  return absl::StrCat("project: {start_date: 2024-01-01, metrics: [", metric, "]}\nmetrics:\n  ", metric,
                      ":\n    statistics:\n      ", yaml_statistic, "\n");
}

void ExpectStatisticMessages(const std::string& metric, const std::string& yaml_statistic,
                             const std::string& toml_statistic, const std::vector<std::string>& expected,
                             ValidationMode mode) {
  ExpectMessages(OneStatisticProjectYaml(metric, yaml_statistic),
                 absl::StrCat("[project]\nstart_date = 2024-01-01\nmetrics = [\"", metric, "\"]\n[metrics.", metric,
                              ".statistics]\n", toml_statistic, "\n"),
                 expected, mode);
}

void ExpectSumMetricMessages(const std::string& select_expression, const std::string& data_source,
                             const std::string& yaml_tail, const std::string& toml_tail,
                             const std::vector<std::string>& expected) {
  ExpectMessages(absl::StrCat("project: {start_date: 2024-01-01, metrics: [m]}\nmetrics:\n  m: {select_expression: \"",
                              select_expression, "\", data_source: ", data_source, ", statistics: {sum: {}}}\n",
                              yaml_tail),
                 absl::StrCat("[project]\nstart_date = 2024-01-01\nmetrics = [\"m\"]\n[metrics.m]\nselect_expression = \"",
                              select_expression, "\"\ndata_source = \"", data_source,
                              "\"\nstatistics = {sum = {}}\n", toml_tail),
                 expected);
}

}  // namespace opmon::config::testing
