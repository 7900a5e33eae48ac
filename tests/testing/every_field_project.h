#pragma once
// EveryFieldSet(): a resolved project in which every field of every model
// struct differs from its default somewhere (a list of items counts when one
// item sets it), for tests that check code walking the field declarations
// (common/config/project_fields.h) misses none, among them the config
// service's handling of the keys files set unchanged (copied_keys_test).
// project_fields_test checks the fixture itself sets every declared field.

#include "absl/time/civil_time.h"
#include "common/config/experiment.h"
#include "common/config/project.h"
#include "common/statistic/ci_method.h"
#include "common/statistic/statistic_kind.h"

namespace opmon::testing {

inline config::ResolvedProject EveryFieldSet() {
  config::ResolvedProject p;
  p.slug = "every-field";
  p.table_name = "every_field";
  p.name = "Every field";
  p.platform = "fenix";
  p.xaxis = config::XAxis::kBuildId;
  p.start_date = absl::CivilDay(2024, 3, 1);
  p.end_date = absl::CivilDay(2024, 4, 30);
  p.skip = true;
  p.is_rollout = true;
  p.reference_branch = "disabled";
  p.compact_visualization = true;
  p.alert_webhook_url = "https://hooks.example.com/x";
  p.statement_timeout_seconds = 90;
  p.false_alert_rate = 0.05;
  p.skip_default_metrics = true;
  p.population = {.data_source = "main",
                  .channel = config::Channel::kNightly,
                  .branches = {"a", "b"},
                  .boolean_pref = "pref_on",
                  .monitor_entire_population = true,
                  .dimensions = {"os"},
                  .group_by_dimension = "os"};

  config::Statistic percentile;
  percentile.kind = StatisticKind::kPercentile;
  percentile.percentile = {.percentiles = {5, 95.5},
                           .remove_nulls = true,
                           .method = CiMethod::kBootstrap,
                           .reference_buckets = true,
                           .point = PercentilePoint::kInterpolated};
  config::Statistic quantile;
  quantile.kind = StatisticKind::kQuantile;
  quantile.quantile = {.number_of_quantiles = 10, .quantile = 3};
  config::Statistic ratio;
  ratio.kind = StatisticKind::kTotalRatio;
  ratio.total_ratio.denominator_metric = "other";
  p.metrics = {{.name = "m",
                .select_expression = "SUM(x)",
                .data_source = "main",
                .type = config::MetricType::kHistogram,
                .statistics = {percentile, quantile, ratio},
                .friendly_name = "M",
                .description = "The m",
                .category = "perf",
                .owners = {"a@example.com"},
                .deprecated = true,
                .bigger_is_better = false}};
  p.data_sources = {{.name = "main",
                     .from_expression = "t",
                     .submission_date_column = "day",
                     .client_id_column = "NULL",
                     .build_id_column = "build",
                     .experiments_column = "",
                     .default_dataset = "ds",
                     .friendly_name = "Main",
                     .description = "Main pings"}};
  p.dimensions = {{"os", "normalized_os", "main", "OS", "Operating system"}};
  p.alerts = {{.name = "limits",
               .type = config::AlertType::kAvgDiff,
               .metrics = {"m"},
               .friendly_name = "Limits",
               .description = "Too high",
               .parameters = {50},
               .min = {0.5},
               .max = {100},
               .statistics = {StatisticKind::kPercentile},
               .window_size = 7,
               .max_relative_change = 0.25}};
  p.metric_groups = {{"g", "G", "Group", {"m"}}};
  p.experiment = config::Experiment{.slug = "every-field",
                            .start_date = absl::CivilDay(2024, 3, 1),
                            .end_date = absl::CivilDay(2024, 5, 1),
                            .reference_branch = "b",
                            .is_rollout = true,
                            .branches = {"a", "b"},
                            .app_name = "fenix",
                            .channel = config::Channel::kBeta,
                            .boolean_pref = "pref_on"};
  return p;
}

}  // namespace opmon::testing
