#include "services/config/domain/layering.h"

#include <map>
#include <optional>
#include <string>

namespace opmon::config {
namespace {

template <typename T>
void Override(std::optional<T>& base, const std::optional<T>& over) {
  if (over) base = over;
}

void Append(LocatedNames& base, const LocatedNames& over) {
  base.insert(base.end(), over.begin(), over.end());
}

void Merge(MetricSpec& b, const MetricSpec& o) {
  b.location = o.location;
  Override(b.select_expression, o.select_expression);
  Override(b.data_source, o.data_source);
  Override(b.type, o.type);
  Override(b.statistics, o.statistics);
  Override(b.friendly_name, o.friendly_name);
  Override(b.description, o.description);
  Override(b.category, o.category);
  Override(b.owners, o.owners);
  Override(b.deprecated, o.deprecated);
  Override(b.bigger_is_better, o.bigger_is_better);
}

void Merge(DataSourceSpec& b, const DataSourceSpec& o) {
  b.location = o.location;
  Override(b.from_expression, o.from_expression);
  Override(b.submission_date_column, o.submission_date_column);
  Override(b.client_id_column, o.client_id_column);
  Override(b.build_id_column, o.build_id_column);
  Override(b.experiments_column, o.experiments_column);
  Override(b.experiments_column_type, o.experiments_column_type);
  Override(b.default_dataset, o.default_dataset);
  Override(b.friendly_name, o.friendly_name);
  Override(b.description, o.description);
}

void Merge(DimensionSpec& b, const DimensionSpec& o) {
  b.location = o.location;
  Override(b.select_expression, o.select_expression);
  Override(b.data_source, o.data_source);
  Override(b.friendly_name, o.friendly_name);
  Override(b.description, o.description);
}

void Merge(AlertSpec& b, const AlertSpec& o) {
  b.location = o.location;
  Override(b.type, o.type);
  Append(b.metrics, o.metrics);
  Override(b.friendly_name, o.friendly_name);
  Override(b.description, o.description);
  Override(b.parameters, o.parameters);
  Override(b.min, o.min);
  Override(b.max, o.max);
  Override(b.statistics, o.statistics);
  Override(b.window_size, o.window_size);
  Override(b.max_relative_change, o.max_relative_change);
}

void Merge(ParameterSpec& b, const ParameterSpec& o) {
  b.location = o.location;
  if (o.value || o.value_by_branch) {
    b.value = o.value;
    b.value_by_branch = o.value_by_branch;
  }
  if (o.default_value || o.default_by_branch) {
    b.default_value = o.default_value;
    b.default_by_branch = o.default_by_branch;
  }
  Override(b.distinct_by_branch, o.distinct_by_branch);
}

void Merge(FunctionSpec& b, const FunctionSpec& o) {
  b.location = o.location;
  Override(b.definition, o.definition);
}

void Merge(MetricGroupSpec& b, const MetricGroupSpec& o) {
  b.location = o.location;
  Override(b.friendly_name, o.friendly_name);
  Override(b.description, o.description);
  Override(b.metrics, o.metrics);
}

template <typename Spec>
void MergeEntries(std::map<std::string, Spec>& base, const std::map<std::string, Spec>& over) {
  for (const auto& [slug, spec] : over) {
    auto it = base.find(slug);
    if (it == base.end()) {
      base.emplace(slug, spec);
    } else {
      Merge(it->second, spec);
    }
  }
}

void Merge(PopulationSpec& b, const PopulationSpec& o) {
  Override(b.data_source, o.data_source);
  Override(b.channel, o.channel);
  Override(b.branches, o.branches);
  Override(b.boolean_pref, o.boolean_pref);
  Override(b.monitor_entire_population, o.monitor_entire_population);
  Append(b.dimensions, o.dimensions);
  Override(b.group_by_dimension, o.group_by_dimension);
}

void Merge(ProjectSpec& b, const ProjectSpec& o) {
  b.location = o.location;
  Override(b.name, o.name);
  Override(b.platform, o.platform);
  Override(b.xaxis, o.xaxis);
  Override(b.start_date, o.start_date);
  Override(b.end_date, o.end_date);
  Override(b.skip, o.skip);
  Override(b.skip_default_metrics, o.skip_default_metrics);
  Override(b.is_rollout, o.is_rollout);
  Override(b.compact_visualization, o.compact_visualization);
  Append(b.metrics, o.metrics);
  Append(b.alerts, o.alerts);
  Override(b.alert_webhook_url, o.alert_webhook_url);
  Override(b.reference_branch, o.reference_branch);
  Merge(b.population, o.population);
  MergeEntries(b.metric_groups, o.metric_groups);
}

}  // namespace

void MergeLayer(Layer& base, const Layer& over) {
  if (over.project) {
    if (base.project) {
      Merge(*base.project, *over.project);
    } else {
      base.project = over.project;
    }
  }
  MergeEntries(base.metrics, over.metrics);
  MergeEntries(base.data_sources, over.data_sources);
  MergeEntries(base.dimensions, over.dimensions);
  MergeEntries(base.alerts, over.alerts);
  MergeEntries(base.parameters, over.parameters);
  MergeEntries(base.functions, over.functions);
}

}  // namespace opmon::config
