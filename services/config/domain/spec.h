#pragma once
// Parsed, schema-checked but unresolved configuration: one Layer per file
// (project, platform definitions, platform defaults). Every field is optional
// so layers can patch each other (layering.h) and keeps where it came from, so
// the resolver can point errors at the file and line that caused them.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/config/project.h"
#include "services/config/domain/copied_keys.h"
#include "services/config/domain/diagnostic.h"

namespace opmon::config {

using LocatedString = Located<std::string>;
using LocatedNames = std::vector<LocatedString>;

// The keys files set and the resolver copies unchanged into the model are
// each spec's `copied` member, derived from the model's declarations
// (copied_keys.h); the members below are the keys resolved by hand.

struct StatisticSpec {
  Statistic statistic;
  SourceLocation location;
  SourceLocation denominator_location;  // total_ratio
};

struct MetricSpec {
  SourceLocation location;
  CopiedKeys<Metric> copied;
  std::optional<LocatedString> select_expression;
  std::optional<LocatedString> data_source;
  // Replaced as a whole by a later layer that sets it.
  std::optional<Located<std::vector<StatisticSpec>>> statistics;
};

struct DataSourceSpec {
  SourceLocation location;
  CopiedKeys<DataSource> copied;
  std::optional<LocatedString> from_expression;
  std::optional<std::string> experiments_column_type;
};

struct DimensionSpec {
  SourceLocation location;
  CopiedKeys<Dimension> copied;
  std::optional<LocatedString> select_expression;
  std::optional<LocatedString> data_source;
};

struct AlertSpec {
  SourceLocation location;
  CopiedKeys<Alert> copied;
  LocatedNames metrics;  // appended across layers
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
  CopiedKeys<MetricGroup> copied;
  std::optional<LocatedNames> metrics;
};

struct PopulationSpec {
  CopiedKeys<Population> copied;
  std::optional<LocatedString> data_source;
  std::optional<LocatedNames> branches;
  LocatedNames dimensions;  // appended across layers
  std::optional<LocatedString> group_by_dimension;
};

struct ProjectSpec {
  SourceLocation location;
  CopiedKeys<ResolvedProject> copied;
  std::optional<LocatedString> platform;
  LocatedNames metrics;  // appended across layers
  LocatedNames alerts;   // appended across layers
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
