#pragma once
// The resolved OpMon project: what every service reads once the config service
// has validated a project file and layered the platform definitions under it.
// Every reference is resolved, every default filled in and every function
// call expanded, so consumers never look at project files themselves.
//
// Plain structs and enums only (this header is included widely). Canonical
// JSON lives in canonical_json.h; results table names in table_name.h.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/config/experiment.h"
#include "common/statistic/ci_method.h"
#include "common/statistic/percentile_point.h"
#include "common/statistic/statistic_kind.h"

namespace opmon::config {

// The x-axis of a project's dashboards and the unit its statistics are
// grouped by.
enum class XAxis { kSubmissionDate, kBuildId };

// How a metric's per-client value is shaped: a number, or a histogram (a JSON
// map bucket → count) that is merged and normalised per client.
enum class MetricType { kScalar, kHistogram };

// kSrm and kTooFewEnrollments are raised by live experiment monitoring
// (docs/live.md, Health), kCrashRate by crash monitoring (docs/errors.md);
// never configured in a project file.
enum class AlertType { kThreshold, kCiOverlap, kAvgDiff, kSrm, kTooFewEnrollments, kCrashRate };

// Names as written in project files ("submission_date", "histogram",
// "total_ratio", "block_jackknife", "ci_overlap", "nightly", ...).
std::string_view ToString(XAxis value);
std::string_view ToString(MetricType value);
std::string_view ToString(AlertType value);
std::string_view ToString(Channel value);

// Inverse of ToString; nullopt for any other text (case-sensitive).
std::optional<XAxis> ParseXAxis(std::string_view text);
std::optional<MetricType> ParseMetricType(std::string_view text);
std::optional<AlertType> ParseAlertType(std::string_view text);
std::optional<Channel> ParseChannel(std::string_view text);

// True when `kind` can be computed for metrics of `type`: `percentile` for
// scalars and histograms, every other statistic for scalars only (as the
// reference OpMon).
bool StatisticAppliesTo(StatisticKind kind, MetricType type);

struct PercentileParams {
  std::vector<double> percentiles = {50, 90, 99};
  bool remove_nulls = false;
  CiMethod method = CiMethod::kBinomial;
  // Scalars: bucket client values on the reference's log scale first
  // (reference behaviour) instead of exact percentiles of client values.
  bool reference_buckets = false;
  // Histograms: the point inside its bucket (the reference's key, or
  // interpolated); binomial and block_jackknife only.
  PercentilePoint point = PercentilePoint::kBucket;
  bool operator==(const PercentileParams&) const = default;
};

struct QuantileParams {
  int number_of_quantiles = 100;
  int quantile = 50;
  bool operator==(const QuantileParams&) const = default;
};

struct TotalRatioParams {
  std::string denominator_metric;  // always a metric of the same project
  bool operator==(const TotalRatioParams&) const = default;
};

// One statistic of one metric. Only the params member matching `kind` is
// meaningful; the others keep their defaults.
struct Statistic {
  StatisticKind kind = StatisticKind::kMean;
  PercentileParams percentile;
  QuantileParams quantile;
  TotalRatioParams total_ratio;
  bool operator==(const Statistic&) const = default;
};

struct DataSource {
  std::string name;
  // A table name or a parenthesised subquery (PostgreSQL); `{dataset}` is
  // already replaced by default_dataset.
  std::string from_expression;
  std::string submission_date_column = "submission_date";
  // "NULL" for pre-aggregated sources without clients.
  std::string client_id_column = "client_id";
  std::string build_id_column = "build_id";
  // SQL expression yielding the slug → {"branch": name} JSON map; empty when
  // the source has no enrolment information.
  std::string experiments_column = "experiments";
  std::string default_dataset;
  std::string friendly_name;
  std::string description;
  bool operator==(const DataSource&) const = default;
};

struct Dimension {
  std::string name;
  std::string select_expression;
  std::string data_source;  // name of a DataSource in the same project
  std::string friendly_name;
  std::string description;
  bool operator==(const Dimension&) const = default;
};

struct Metric {
  std::string name;
  // Per-client aggregate (PostgreSQL), functions already expanded.
  std::string select_expression;
  std::string data_source;  // name of a DataSource in the same project
  MetricType type = MetricType::kScalar;
  std::vector<Statistic> statistics;  // never empty
  std::string friendly_name;
  std::string description;
  std::string category;
  std::vector<std::string> owners;
  bool deprecated = false;
  bool bigger_is_better = true;
  bool operator==(const Metric&) const = default;
};

struct MetricGroup {
  std::string name;
  std::string friendly_name;
  std::string description;
  std::vector<std::string> metrics;  // each a metric of the project
  bool operator==(const MetricGroup&) const = default;
};

struct Alert {
  std::string name;
  AlertType type = AlertType::kThreshold;
  std::vector<std::string> metrics;  // each a metric of the project
  std::string friendly_name;
  std::string description;
  // threshold: parameters (e.g. percentiles) paired by index with min/max.
  std::vector<double> parameters;
  std::vector<double> min;
  std::vector<double> max;
  std::vector<StatisticKind> statistics;  // empty: every statistic
  // avg_diff only.
  std::optional<int> window_size;
  std::optional<double> max_relative_change;
  bool operator==(const Alert&) const = default;
};

struct Population {
  std::string data_source;  // name of a DataSource in the same project
  std::optional<Channel> channel;
  std::vector<std::string> branches;
  std::optional<std::string> boolean_pref;  // a SQL boolean expression
  bool monitor_entire_population = false;
  std::vector<std::string> dimensions;  // names of the project's Dimensions
  std::optional<std::string> group_by_dimension;  // one of `dimensions`
  bool operator==(const Population&) const = default;
};

struct ResolvedProject {
  std::string slug;
  std::string table_name;  // ResultsTableName(slug)
  std::string name;
  std::string platform;
  XAxis xaxis = XAxis::kSubmissionDate;
  std::optional<absl::CivilDay> start_date;
  std::optional<absl::CivilDay> end_date;
  bool skip = false;
  bool is_rollout = false;
  std::string reference_branch = "control";
  bool compact_visualization = false;
  bool skip_default_metrics = false;
  Population population;
  std::vector<Metric> metrics;  // in project order, no duplicates
  std::vector<DataSource> data_sources;  // those used, sorted by name
  std::vector<Dimension> dimensions;  // population.dimensions, in order
  std::vector<Alert> alerts;  // in project order
  // Receives the project's new alerts; empty: the statistics service's
  // --webhook-url. An http(s) URL (checked by the config service).
  std::string alert_webhook_url;
  // Sequential alert mode: the chance that the project raises any false
  // alert over all its looks is held at this level (docs/statistics.md,
  // Sequential alerts). Unset: fixed-horizon rules, one 90% interval per look.
  std::optional<double> false_alert_rate;
  // The project's own statement_timeout for its SQL, in seconds; compute
  // caps it with its --statement-timeout-seconds. Unset: the server's.
  std::optional<int> statement_timeout_seconds;
  std::vector<MetricGroup> metric_groups;  // sorted by name
  // The registry entry the project was resolved with, if any.
  std::optional<Experiment> experiment;
  bool operator==(const ResolvedProject&) const = default;
};

}  // namespace opmon::config
