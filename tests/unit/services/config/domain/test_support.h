#pragma once
// Shared fixtures for the config domain tests: a small firefox_desktop
// platform (definitions + defaults) and helpers that resolve the YAML and
// TOML forms of the same project.

#include <string>
#include <vector>

#include "common/config/experiment.h"
#include "services/config/domain/definitions.h"
#include "services/config/domain/validate_and_resolve.h"

namespace opmon::config::testing {

// Definitions and defaults of platform firefox_desktop (parsed from YAML):
// metrics gc_ms (histogram, percentile), active_ticks (mean, via
// {{ agg_sum() }}), uri_count (sum), main_crashes (sum, crash source);
// data sources main, crash; dimensions os, country; function agg_sum;
// defaults: metrics [uri_count], population.data_source main.
const std::vector<PlatformDefinitions>& TestDefinitions();

ResolveResult ResolveYaml(const std::string& yaml,
                          ValidationMode mode = ValidationMode::kStrict,
                          const std::vector<Experiment>& experiments = {},
                          const std::string& slug = "test-project");
ResolveResult ResolveToml(const std::string& toml,
                          ValidationMode mode = ValidationMode::kStrict,
                          const std::vector<Experiment>& experiments = {},
                          const std::string& slug = "test-project");

// "path: message" of each error (warnings: "warning: path: message").
std::vector<std::string> Messages(const ResolveResult& result);

// Formatted diagnostics joined by newlines, for failure output.
std::string Dump(const ResolveResult& result);

// Resolves both forms (strict unless `mode` says otherwise) and expects
// exactly `expected` from each, in any order (see Messages()).
void ExpectMessages(const std::string& yaml, const std::string& toml,
                    const std::vector<std::string>& expected,
                    ValidationMode mode = ValidationMode::kStrict);

// Expects `result` to hold one diagnostic, formatted (FormatDiagnostic) as
// `expected`.
void ExpectOnlyDiagnostic(const ResolveResult& result, const std::string& expected);

// A project that starts 2024-01-01 with the one metric `metric`, whose
// statistics are `yaml_statistic` (a YAML entry, e.g.
// "percentile: {point: linear}"), as YAML; the entry stands on line 5.
std::string OneStatisticProjectYaml(const std::string& metric, const std::string& yaml_statistic);

// ExpectMessages on a project that starts 2024-01-01 with the one metric
// `metric`, whose statistics are `yaml_statistic` (a YAML entry, e.g.
// "percentile: {point: linear}") and `toml_statistic` (the same as a TOML
// key, e.g. "percentile = {point = \"linear\"}").
void ExpectStatisticMessages(const std::string& metric, const std::string& yaml_statistic,
                             const std::string& toml_statistic, const std::vector<std::string>& expected,
                             ValidationMode mode = ValidationMode::kStrict);

// ExpectMessages on a project that starts 2024-01-01 with the one metric m,
// {select_expression: `select_expression`, data_source: `data_source`,
// statistics: {sum: {}}}, and `yaml_tail`/`toml_tail` after it in each form.
void ExpectSumMetricMessages(const std::string& select_expression, const std::string& data_source,
                             const std::string& yaml_tail, const std::string& toml_tail,
                             const std::vector<std::string>& expected);

}  // namespace opmon::config::testing
