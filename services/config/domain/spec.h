#pragma once
// Parsed, schema-checked but unresolved configuration: one Layer per file
// (project, platform definitions, platform defaults). Every field is optional
// so layers can patch each other (layering.h) and keeps where it came from, so
// the resolver can point errors at the file and line that caused them.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/config/project.h"
#include "services/config/domain/diagnostic.h"

namespace opmon::config {

template <typename T>
struct Located {
  T value{};
  SourceLocation location;
};

using LocatedString = Located<std::string>;
using LocatedNames = std::vector<LocatedString>;

struct StatisticSpec {
  Statistic statistic;
  SourceLocation location;
  SourceLocation denominator_location;  // total_ratio
};

struct MetricSpec {
  SourceLocation location;
  std::optional<LocatedString> select_expression;
  std::optional<LocatedString> data_source;
  std::optional<MetricType> type;
  // Replaced as a whole by a later layer that sets it.
  std::optional<Located<std::vector<StatisticSpec>>> statistics;
  std::optional<std::string> friendly_name;
  std::optional<std::string> description;
  std::optional<std::string> category;
  std::optional<std::vector<std::string>> owners;
  std::optional<bool> deprecated;
  std::optional<bool> bigger_is_better;
};

struct DataSourceSpec {
  SourceLocation location;
  std::optional<LocatedString> from_expression;
  std::optional<std::string> submission_date_column;
  std::optional<std::string> client_id_column;
  std::optional<std::string> build_id_column;
  std::optional<std::string> experiments_column;
  std::optional<std::string> experiments_column_type;
  std::optional<std::string> default_dataset;
  std::optional<std::string> friendly_name;
  std::optional<std::string> description;
};

struct DimensionSpec {
  SourceLocation location;
  std::optional<LocatedString> select_expression;
  std::optional<LocatedString> data_source;
  std::optional<std::string> friendly_name;
  std::optional<std::string> description;
};

struct AlertSpec {
  SourceLocation location;
  std::optional<Located<AlertType>> type;
  LocatedNames metrics;  // appended across layers
  std::optional<std::string> friendly_name;
  std::optional<std::string> description;
  std::optional<Located<std::vector<double>>> parameters;
  std::optional<Located<std::vector<double>>> min;
  std::optional<Located<std::vector<double>>> max;
  std::optional<std::vector<StatisticKind>> statistics;
  std::optional<Located<int>> window_size;
  std::optional<Located<double>> max_relative_change;
};

struct ParameterSpec {
  SourceLocation location;
  std::optional<std::string> value;
  std::optional<std::map<std::string, std::string>> value_by_branch;
  std::optional<std::string> default_value;
  std::optional<std::map<std::string, std::string>> default_by_branch;
  std::optional<bool> distinct_by_branch;
};

struct FunctionSpec {
  SourceLocation location;
  std::optional<LocatedString> definition;
};

struct MetricGroupSpec {
  SourceLocation location;
  std::optional<std::string> friendly_name;
  std::optional<std::string> description;
  std::optional<LocatedNames> metrics;
};

struct PopulationSpec {
  std::optional<LocatedString> data_source;
  std::optional<Channel> channel;
  std::optional<LocatedNames> branches;
  std::optional<LocatedString> boolean_pref;
  std::optional<bool> monitor_entire_population;
  LocatedNames dimensions;  // appended across layers
  std::optional<LocatedString> group_by_dimension;
};

struct ProjectSpec {
  SourceLocation location;
  std::optional<std::string> name;
  std::optional<LocatedString> platform;
  std::optional<XAxis> xaxis;
  std::optional<Located<absl::CivilDay>> start_date;
  std::optional<Located<absl::CivilDay>> end_date;
  std::optional<bool> skip;
  std::optional<bool> skip_default_metrics;
  std::optional<bool> is_rollout;
  std::optional<bool> compact_visualization;
  LocatedNames metrics;  // appended across layers
  LocatedNames alerts;   // appended across layers
  std::optional<std::string> alert_webhook_url;
  std::optional<Located<double>> false_alert_rate;
  std::optional<Located<int>> statement_timeout_seconds;
  std::optional<std::string> reference_branch;
  PopulationSpec population;
  std::map<std::string, MetricGroupSpec> metric_groups;
};

// One file's content. Maps are keyed by slug.
struct Layer {
  std::string file;
  std::optional<LocatedString> platform;  // definitions files only
  std::optional<ProjectSpec> project;
  std::map<std::string, MetricSpec> metrics;
  std::map<std::string, DataSourceSpec> data_sources;
  std::map<std::string, DimensionSpec> dimensions;
  std::map<std::string, AlertSpec> alerts;
  std::map<std::string, ParameterSpec> parameters;
  std::map<std::string, FunctionSpec> functions;
};

}  // namespace opmon::config
