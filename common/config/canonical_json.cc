#include "common/config/canonical_json.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "common/config/json_value.h"
#include "common/status/status_macros.h"

namespace opmon::config {
namespace {

// ---- writing ----

JsonValue Str(std::string_view s) { return JsonValue::String(std::string(s)); }

JsonValue Strings(const std::vector<std::string>& values) {
  JsonValue array = JsonValue::Array();
  for (const auto& v : values) array.Append(Str(v));
  return array;
}

// Integral doubles are written as integers so 50.0 and 50 read the same.
JsonValue Number(double d) {
  if (d == static_cast<double>(static_cast<int64_t>(d)) && d > -9e15 && d < 9e15) {
    return JsonValue::Int(static_cast<int64_t>(d));
  }
  return JsonValue::Double(d);
}

JsonValue Numbers(const std::vector<double>& values) {
  JsonValue array = JsonValue::Array();
  for (double v : values) array.Append(Number(v));
  return array;
}

JsonValue OptString(const std::optional<std::string>& s) {
  return s ? Str(*s) : JsonValue();
}

JsonValue Date(const std::optional<absl::CivilDay>& day) {
  if (!day) return JsonValue();
  return Str(absl::StrFormat("%04d-%02d-%02d", day->year(), day->month(), day->day()));
}

JsonValue StatisticJson(const Statistic& s) {
  JsonValue o = JsonValue::Object();
  o.Set("kind", Str(ToString(s.kind)));
  JsonValue params = JsonValue::Object();
  switch (s.kind) {
    case StatisticKind::kPercentile:
      params.Set("percentiles", Numbers(s.percentile.percentiles));
      params.Set("remove_nulls", JsonValue::Bool(s.percentile.remove_nulls));
      params.Set("method", Str(ToString(s.percentile.method)));
      params.Set("reference_buckets", JsonValue::Bool(s.percentile.reference_buckets));
      break;
    case StatisticKind::kQuantile:
      params.Set("number_of_quantiles", JsonValue::Int(s.quantile.number_of_quantiles));
      params.Set("quantile", JsonValue::Int(s.quantile.quantile));
      break;
    case StatisticKind::kTotalRatio:
      params.Set("denominator_metric", Str(s.total_ratio.denominator_metric));
      break;
    default:
      break;
  }
  o.Set("params", std::move(params));
  return o;
}

JsonValue ExperimentJson(const Experiment& e) {
  JsonValue o = JsonValue::Object();
  o.Set("slug", Str(e.slug));
  o.Set("start_date", Date(e.start_date));
  o.Set("end_date", Date(e.end_date));
  o.Set("reference_branch", Str(e.reference_branch));
  o.Set("is_rollout", JsonValue::Bool(e.is_rollout));
  o.Set("branches", Strings(e.branches));
  o.Set("app_name", Str(e.app_name));
  o.Set("channel", e.channel ? Str(ToString(*e.channel)) : JsonValue());
  o.Set("boolean_pref", OptString(e.boolean_pref));
  return o;
}

JsonValue ProjectJson(const ResolvedProject& p) {
  JsonValue o = JsonValue::Object();
  o.Set("format_version", JsonValue::Int(kCanonicalJsonFormatVersion));
  o.Set("slug", Str(p.slug));
  o.Set("table_name", Str(p.table_name));
  o.Set("name", Str(p.name));
  o.Set("platform", Str(p.platform));
  o.Set("xaxis", Str(ToString(p.xaxis)));
  o.Set("start_date", Date(p.start_date));
  o.Set("end_date", Date(p.end_date));
  o.Set("skip", JsonValue::Bool(p.skip));
  o.Set("is_rollout", JsonValue::Bool(p.is_rollout));
  o.Set("reference_branch", Str(p.reference_branch));
  o.Set("compact_visualization", JsonValue::Bool(p.compact_visualization));
  o.Set("skip_default_metrics", JsonValue::Bool(p.skip_default_metrics));

  const Population& pop = p.population;
  JsonValue population = JsonValue::Object();
  population.Set("data_source", Str(pop.data_source));
  population.Set("channel", pop.channel ? Str(ToString(*pop.channel)) : JsonValue());
  population.Set("branches", Strings(pop.branches));
  population.Set("boolean_pref", OptString(pop.boolean_pref));
  population.Set("monitor_entire_population", JsonValue::Bool(pop.monitor_entire_population));
  population.Set("dimensions", Strings(pop.dimensions));
  population.Set("group_by_dimension", OptString(pop.group_by_dimension));
  o.Set("population", std::move(population));

  JsonValue metrics = JsonValue::Array();
  for (const Metric& m : p.metrics) {
    JsonValue j = JsonValue::Object();
    j.Set("name", Str(m.name));
    j.Set("select_expression", Str(m.select_expression));
    j.Set("data_source", Str(m.data_source));
    j.Set("type", Str(ToString(m.type)));
    JsonValue stats = JsonValue::Array();
    for (const Statistic& s : m.statistics) stats.Append(StatisticJson(s));
    j.Set("statistics", std::move(stats));
    j.Set("friendly_name", Str(m.friendly_name));
    j.Set("description", Str(m.description));
    j.Set("category", Str(m.category));
    j.Set("owners", Strings(m.owners));
    j.Set("deprecated", JsonValue::Bool(m.deprecated));
    j.Set("bigger_is_better", JsonValue::Bool(m.bigger_is_better));
    metrics.Append(std::move(j));
  }
  o.Set("metrics", std::move(metrics));

  JsonValue sources = JsonValue::Array();
  for (const DataSource& d : p.data_sources) {
    JsonValue j = JsonValue::Object();
    j.Set("name", Str(d.name));
    j.Set("from_expression", Str(d.from_expression));
    j.Set("submission_date_column", Str(d.submission_date_column));
    j.Set("client_id_column", Str(d.client_id_column));
    j.Set("build_id_column", Str(d.build_id_column));
    j.Set("experiments_column", Str(d.experiments_column));
    j.Set("default_dataset", Str(d.default_dataset));
    j.Set("friendly_name", Str(d.friendly_name));
    j.Set("description", Str(d.description));
    sources.Append(std::move(j));
  }
  o.Set("data_sources", std::move(sources));

  JsonValue dimensions = JsonValue::Array();
  for (const Dimension& d : p.dimensions) {
    JsonValue j = JsonValue::Object();
    j.Set("name", Str(d.name));
    j.Set("select_expression", Str(d.select_expression));
    j.Set("data_source", Str(d.data_source));
    j.Set("friendly_name", Str(d.friendly_name));
    j.Set("description", Str(d.description));
    dimensions.Append(std::move(j));
  }
  o.Set("dimensions", std::move(dimensions));

  JsonValue alerts = JsonValue::Array();
  for (const Alert& a : p.alerts) {
    JsonValue j = JsonValue::Object();
    j.Set("name", Str(a.name));
    j.Set("type", Str(ToString(a.type)));
    j.Set("metrics", Strings(a.metrics));
    j.Set("friendly_name", Str(a.friendly_name));
    j.Set("description", Str(a.description));
    j.Set("parameters", Numbers(a.parameters));
    j.Set("min", Numbers(a.min));
    j.Set("max", Numbers(a.max));
    JsonValue stats = JsonValue::Array();
    for (StatisticKind k : a.statistics) stats.Append(Str(ToString(k)));
    j.Set("statistics", std::move(stats));
    j.Set("window_size", a.window_size ? JsonValue::Int(*a.window_size) : JsonValue());
    j.Set("max_relative_change",
          a.max_relative_change ? Number(*a.max_relative_change) : JsonValue());
    alerts.Append(std::move(j));
  }
  o.Set("alerts", std::move(alerts));

  JsonValue groups = JsonValue::Array();
  for (const MetricGroup& g : p.metric_groups) {
    JsonValue j = JsonValue::Object();
    j.Set("name", Str(g.name));
    j.Set("friendly_name", Str(g.friendly_name));
    j.Set("description", Str(g.description));
    j.Set("metrics", Strings(g.metrics));
    groups.Append(std::move(j));
  }
  o.Set("metric_groups", std::move(groups));
  o.Set("experiment", p.experiment ? ExperimentJson(*p.experiment) : JsonValue());
  return o;
}

// Rebuilds `v` with object members sorted by name, recursively.
JsonValue Sorted(const JsonValue& v) {
  if (v.kind() == JsonValue::Kind::kArray) {
    JsonValue out = JsonValue::Array();
    for (const JsonValue& item : v.items()) out.Append(Sorted(item));
    return out;
  }
  if (v.kind() != JsonValue::Kind::kObject) return v;
  std::vector<const JsonValue::Member*> members;
  for (const auto& m : v.members()) members.push_back(&m);
  std::sort(members.begin(), members.end(),
            [](const auto* a, const auto* b) { return a->first < b->first; });
  JsonValue out = JsonValue::Object();
  for (const auto* m : members) out.Set(m->first, Sorted(m->second));
  return out;
}

}  // namespace

std::string ToCanonicalJson(const ResolvedProject& project) {
  return WriteJson(Sorted(ProjectJson(project)));
}

}  // namespace opmon::config
