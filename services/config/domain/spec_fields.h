#pragma once
// The keys of each spec struct (spec.h), declared once: the key as written in
// project and definitions files, the member it is read into and, when the
// resolver takes the value unchanged, the model member (project.h) it sets.
// The spec reader, layering and the resolver walk these declarations, so a new
// file key is a schema row (schema.cc), the spec and model members, one line
// here and one in common/config/project_fields.h.
//
// How a key is read and layered follows from its member's type (spec.h):
// optional members are overridden by a later layer that sets them,
// `LocatedNames` members are appended across layers, nested specs merge key
// by key and tables of named entries merge entry by entry. Keys without a
// model member are resolved by hand (references, templates, fallbacks that
// need a diagnostic).

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>

#include "common/config/project.h"
#include "common/config/project_fields.h"
#include "services/config/domain/spec.h"

namespace opmon::config {

// `Target` is `U Model::*`, or std::nullptr_t for a key resolved by hand.
template <typename Spec, typename T, typename Target>
struct SpecField {
  using Owner = Spec;
  using Value = T;
  std::string_view key;
  T Spec::*member;
  Target resolves_to;
};

template <typename Spec, typename T>
constexpr SpecField<Spec, T, std::nullptr_t> Key(std::string_view key, T Spec::*member) {
  return {key, member, nullptr};
}

template <typename Spec, typename T, typename Model, typename U>
constexpr SpecField<Spec, T, U Model::*> Key(std::string_view key, T Spec::*member,
                                             U Model::*resolves_to) {
  return {key, member, resolves_to};
}

// SpecFieldsOf<S>::kFields: a tuple of SpecField, one per member of S except
// `location`.
template <typename S>
struct SpecFieldsOf;

template <typename S>
concept HasSpecFields = requires { SpecFieldsOf<S>::kFields; };

// Calls fn(field) for each declared key of S, in declaration order.
template <HasSpecFields S, typename Fn>
constexpr void ForEachSpecField(Fn&& fn) {
  ForEachDeclared(SpecFieldsOf<S>::kFields, fn);
}

template <>
struct SpecFieldsOf<MetricSpec> {
  static constexpr auto kFields = std::tuple(
      Key("select_expression", &MetricSpec::select_expression),
      Key("data_source", &MetricSpec::data_source),
      Key("type", &MetricSpec::type, &Metric::type),
      Key("statistics", &MetricSpec::statistics),
      Key("friendly_name", &MetricSpec::friendly_name, &Metric::friendly_name),
      Key("description", &MetricSpec::description, &Metric::description),
      Key("category", &MetricSpec::category, &Metric::category),
      Key("owner", &MetricSpec::owners, &Metric::owners),
      Key("deprecated", &MetricSpec::deprecated, &Metric::deprecated),
      Key("bigger_is_better", &MetricSpec::bigger_is_better, &Metric::bigger_is_better));
};

template <>
struct SpecFieldsOf<DataSourceSpec> {
  static constexpr auto kFields = std::tuple(
      Key("from_expression", &DataSourceSpec::from_expression),
      Key("submission_date_column", &DataSourceSpec::submission_date_column,
          &DataSource::submission_date_column),
      Key("client_id_column", &DataSourceSpec::client_id_column, &DataSource::client_id_column),
      Key("build_id_column", &DataSourceSpec::build_id_column, &DataSource::build_id_column),
      Key("experiments_column", &DataSourceSpec::experiments_column,
          &DataSource::experiments_column),
      Key("experiments_column_type", &DataSourceSpec::experiments_column_type),
      Key("default_dataset", &DataSourceSpec::default_dataset, &DataSource::default_dataset),
      Key("friendly_name", &DataSourceSpec::friendly_name, &DataSource::friendly_name),
      Key("description", &DataSourceSpec::description, &DataSource::description));
};

template <>
struct SpecFieldsOf<DimensionSpec> {
  static constexpr auto kFields = std::tuple(
      Key("select_expression", &DimensionSpec::select_expression),
      Key("data_source", &DimensionSpec::data_source),
      Key("friendly_name", &DimensionSpec::friendly_name, &Dimension::friendly_name),
      Key("description", &DimensionSpec::description, &Dimension::description));
};

template <>
struct SpecFieldsOf<AlertSpec> {
  static constexpr auto kFields = std::tuple(
      Key("type", &AlertSpec::type, &Alert::type), Key("metrics", &AlertSpec::metrics),
      Key("friendly_name", &AlertSpec::friendly_name, &Alert::friendly_name),
      Key("description", &AlertSpec::description, &Alert::description),
      Key("parameters", &AlertSpec::parameters, &Alert::parameters),
      Key("min", &AlertSpec::min, &Alert::min), Key("max", &AlertSpec::max, &Alert::max),
      Key("statistics", &AlertSpec::statistics, &Alert::statistics),
      Key("window_size", &AlertSpec::window_size, &Alert::window_size),
      Key("max_relative_change", &AlertSpec::max_relative_change,
          &Alert::max_relative_change));
};

template <>
struct SpecFieldsOf<FunctionSpec> {
  static constexpr auto kFields = std::tuple(Key("definition", &FunctionSpec::definition));
};

template <>
struct SpecFieldsOf<MetricGroupSpec> {
  static constexpr auto kFields = std::tuple(
      Key("friendly_name", &MetricGroupSpec::friendly_name, &MetricGroup::friendly_name),
      Key("description", &MetricGroupSpec::description, &MetricGroup::description),
      Key("metrics", &MetricGroupSpec::metrics));
};

template <>
struct SpecFieldsOf<PopulationSpec> {
  static constexpr auto kFields = std::tuple(
      Key("data_source", &PopulationSpec::data_source),
      Key("channel", &PopulationSpec::channel, &Population::channel),
      Key("branches", &PopulationSpec::branches),
      Key("boolean_pref", &PopulationSpec::boolean_pref, &Population::boolean_pref),
      Key("monitor_entire_population", &PopulationSpec::monitor_entire_population,
          &Population::monitor_entire_population),
      Key("dimensions", &PopulationSpec::dimensions),
      Key("group_by_dimension", &PopulationSpec::group_by_dimension));
};

template <>
struct SpecFieldsOf<ProjectSpec> {
  static constexpr auto kFields = std::tuple(
      Key("name", &ProjectSpec::name, &ResolvedProject::name),
      Key("platform", &ProjectSpec::platform),
      Key("xaxis", &ProjectSpec::xaxis, &ResolvedProject::xaxis),
      Key("start_date", &ProjectSpec::start_date, &ResolvedProject::start_date),
      Key("end_date", &ProjectSpec::end_date, &ResolvedProject::end_date),
      Key("skip", &ProjectSpec::skip, &ResolvedProject::skip),
      Key("skip_default_metrics", &ProjectSpec::skip_default_metrics,
          &ResolvedProject::skip_default_metrics),
      Key("is_rollout", &ProjectSpec::is_rollout, &ResolvedProject::is_rollout),
      Key("compact_visualization", &ProjectSpec::compact_visualization,
          &ResolvedProject::compact_visualization),
      Key("metrics", &ProjectSpec::metrics), Key("alerts", &ProjectSpec::alerts),
      Key("alert_webhook_url", &ProjectSpec::alert_webhook_url,
          &ResolvedProject::alert_webhook_url),
      Key("false_alert_rate", &ProjectSpec::false_alert_rate, &ResolvedProject::false_alert_rate),
      Key("statement_timeout_seconds", &ProjectSpec::statement_timeout_seconds,
          &ResolvedProject::statement_timeout_seconds),
      Key("reference_branch", &ProjectSpec::reference_branch,
          &ResolvedProject::reference_branch),
      Key("population", &ProjectSpec::population),
      Key("metric_groups", &ProjectSpec::metric_groups));
};

// A table of named entries (metrics.<slug>, project.metric_groups.<slug>).
template <typename T>
inline constexpr bool kIsEntryTable = false;
template <typename S>
inline constexpr bool kIsEntryTable<std::map<std::string, S>> = true;

// A spec value without where it was written.
template <typename T>
const T& Unlocated(const T& value) {
  return value;
}
template <typename T>
const T& Unlocated(const Located<T>& value) {
  return value.value;
}

// Sets each member of `model` whose key `spec` sets and the resolver takes
// unchanged (declared with a model member); leaves the others as they are,
// so defaults and fallbacks set before stay unless the files override them.
template <HasSpecFields Spec, typename Model>
void ApplySetKeys(const Spec& spec, Model& model) {
  ForEachSpecField<Spec>([&](const auto& field) {
    if constexpr (std::is_member_object_pointer_v<decltype(field.resolves_to)>) {
      if (const auto& value = spec.*field.member) model.*field.resolves_to = Unlocated(*value);
    }
  });
}

}  // namespace opmon::config
