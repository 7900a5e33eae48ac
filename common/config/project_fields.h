#pragma once
// The fields of each model struct (project.h, experiment.h), declared once:
// key, member and traits. Canonical JSON (writing and parsing), the project
// diff and, for fields project files set unchanged (`from_files`), the config
// service's reading, layering and copying of those keys walk these
// declarations instead of naming fields. So a new model field is its struct
// member plus one line here; a new key that project files set and the config
// service copies unchanged (a bool, string, number, date or enum, or a list
// of strings, numbers or enum values) adds only its row of the schema table
// (services/config/domain/schema.cc) and `.from_files = true` on that line.
//
// The key is the member's name in canonical JSON and in diff lines. The order
// is the order of diff lines. Every member is declared (the unit test checks
// the count), so no field can be left out of the stored form or the diff.

#include <cstddef>
#include <optional>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "common/config/experiment.h"
#include "common/config/project.h"

namespace opmon::config {

// What a field means to the code walking the declarations.
struct FieldTraits {
  // Names the item (or the project): diffs match items by it instead of
  // reporting it as a change.
  bool identity = false;
  // Added after canonical JSON format_version 1: written only when it differs
  // from its default, so projects not using it keep their bytes and hashes.
  bool only_when_set = false;
  // May carry a token (webhook URLs): diffs say "changed", never the value.
  bool secret = false;
  // The order of the items is shown (dashboard tiles): diffs report a reorder.
  bool order_matters = false;
  // Project files set it under `file_key` (the key when empty) and the config
  // service copies the value unchanged into the model: its spec storage,
  // reading, layering (a later layer that sets it wins) and copying follow
  // from this declaration (services/config/domain/copied_keys.h). Fields the
  // config service resolves by hand (references, templates, appended lists)
  // or files never set leave it false.
  bool from_files = false;
  std::string_view file_key = {};
};

template <typename Struct, typename T>
struct ModelField {
  using Owner = Struct;
  using Value = T;
  std::string_view key;
  T Struct::*member;
  FieldTraits traits;

  const T& Of(const Struct& s) const { return s.*member; }
  T& Of(Struct& s) const { return s.*member; }
};

template <typename Struct, typename T>
constexpr ModelField<Struct, T> Field(std::string_view key, T Struct::*member,
                                      FieldTraits traits = {}) {
  return {key, member, traits};
}

// FieldsOf<S>::kFields: a tuple of ModelField, one per member of S.
template <typename S>
struct FieldsOf;

template <typename S>
concept HasFields = requires { FieldsOf<S>::kFields; };

// Calls fn(element) for each element of a declaration tuple, in order.
template <typename Tuple, typename Fn>
constexpr void ForEachDeclared(const Tuple& declarations, Fn&& fn) {
  std::apply([&fn](const auto&... declared) { (fn(declared), ...); }, declarations);
}

// Calls fn(field) for each declared field of S, in declaration order.
template <HasFields S, typename Fn>
constexpr void ForEachField(Fn&& fn) {
  ForEachDeclared(FieldsOf<S>::kFields, fn);
}

template <typename S>
inline constexpr size_t kFieldCount = std::tuple_size_v<decltype(FieldsOf<S>::kFields)>;

// The key project files set a `from_files` field under.
template <typename Field>
constexpr std::string_view FileKeyOf(const Field& field) {
  return field.traits.file_key.empty() ? field.key : field.traits.file_key;
}

// Statistic parameters: the key of each params member of Statistic is the
// name of the statistic kind it belongs to.
template <>
struct FieldsOf<PercentileParams> {
  static constexpr auto kFields = std::tuple(
      Field("percentiles", &PercentileParams::percentiles),
      Field("remove_nulls", &PercentileParams::remove_nulls),
      Field("method", &PercentileParams::method),
      Field("reference_buckets", &PercentileParams::reference_buckets),
      Field("point", &PercentileParams::point, {.only_when_set = true}));
};

template <>
struct FieldsOf<QuantileParams> {
  static constexpr auto kFields =
      std::tuple(Field("number_of_quantiles", &QuantileParams::number_of_quantiles),
                 Field("quantile", &QuantileParams::quantile));
};

template <>
struct FieldsOf<TotalRatioParams> {
  static constexpr auto kFields =
      std::tuple(Field("denominator_metric", &TotalRatioParams::denominator_metric));
};

template <>
struct FieldsOf<Statistic> {
  static constexpr auto kFields = std::tuple(
      Field("kind", &Statistic::kind), Field("percentile", &Statistic::percentile),
      Field("quantile", &Statistic::quantile), Field("total_ratio", &Statistic::total_ratio));
};

template <>
struct FieldsOf<DataSource> {
  static constexpr auto kFields = std::tuple(
      Field("name", &DataSource::name, {.identity = true}),
      Field("from_expression", &DataSource::from_expression),
      Field("submission_date_column", &DataSource::submission_date_column, {.from_files = true}),
      Field("client_id_column", &DataSource::client_id_column, {.from_files = true}),
      Field("build_id_column", &DataSource::build_id_column, {.from_files = true}),
      Field("experiments_column", &DataSource::experiments_column, {.from_files = true}),
      Field("default_dataset", &DataSource::default_dataset, {.from_files = true}),
      Field("friendly_name", &DataSource::friendly_name, {.from_files = true}),
      Field("description", &DataSource::description, {.from_files = true}));
};

template <>
struct FieldsOf<Dimension> {
  static constexpr auto kFields = std::tuple(
      Field("name", &Dimension::name, {.identity = true}),
      Field("select_expression", &Dimension::select_expression),
      Field("data_source", &Dimension::data_source),
      Field("friendly_name", &Dimension::friendly_name, {.from_files = true}),
      Field("description", &Dimension::description, {.from_files = true}));
};

template <>
struct FieldsOf<Metric> {
  static constexpr auto kFields = std::tuple(
      Field("name", &Metric::name, {.identity = true}),
      Field("select_expression", &Metric::select_expression),
      Field("data_source", &Metric::data_source),
      Field("type", &Metric::type, {.from_files = true}),
      Field("statistics", &Metric::statistics),
      Field("friendly_name", &Metric::friendly_name, {.from_files = true}),
      Field("description", &Metric::description, {.from_files = true}),
      Field("category", &Metric::category, {.from_files = true}),
      Field("owners", &Metric::owners, {.from_files = true, .file_key = "owner"}),
      Field("deprecated", &Metric::deprecated, {.from_files = true}),
      Field("bigger_is_better", &Metric::bigger_is_better, {.from_files = true}));
};

template <>
struct FieldsOf<MetricGroup> {
  static constexpr auto kFields = std::tuple(
      Field("name", &MetricGroup::name, {.identity = true}),
      Field("friendly_name", &MetricGroup::friendly_name, {.from_files = true}),
      Field("description", &MetricGroup::description, {.from_files = true}),
      Field("metrics", &MetricGroup::metrics));
};

template <>
struct FieldsOf<Alert> {
  static constexpr auto kFields = std::tuple(
      Field("name", &Alert::name, {.identity = true}),
      Field("type", &Alert::type, {.from_files = true}),
      Field("metrics", &Alert::metrics),
      Field("friendly_name", &Alert::friendly_name, {.from_files = true}),
      Field("description", &Alert::description, {.from_files = true}),
      Field("parameters", &Alert::parameters, {.from_files = true}),
      Field("min", &Alert::min, {.from_files = true}),
      Field("max", &Alert::max, {.from_files = true}),
      Field("statistics", &Alert::statistics, {.from_files = true}),
      Field("window_size", &Alert::window_size, {.from_files = true}),
      Field("max_relative_change", &Alert::max_relative_change, {.from_files = true}));
};

template <>
struct FieldsOf<Population> {
  static constexpr auto kFields = std::tuple(
      Field("data_source", &Population::data_source),
      Field("channel", &Population::channel, {.from_files = true}),
      Field("branches", &Population::branches),
      Field("boolean_pref", &Population::boolean_pref, {.from_files = true}),
      Field("monitor_entire_population", &Population::monitor_entire_population,
            {.from_files = true}),
      Field("dimensions", &Population::dimensions),
      Field("group_by_dimension", &Population::group_by_dimension));
};

template <>
struct FieldsOf<Experiment> {
  static constexpr auto kFields = std::tuple(
      Field("slug", &Experiment::slug, {.identity = true}),
      Field("start_date", &Experiment::start_date), Field("end_date", &Experiment::end_date),
      Field("reference_branch", &Experiment::reference_branch),
      Field("is_rollout", &Experiment::is_rollout), Field("branches", &Experiment::branches),
      Field("app_name", &Experiment::app_name), Field("channel", &Experiment::channel),
      Field("boolean_pref", &Experiment::boolean_pref));
};

template <>
struct FieldsOf<ResolvedProject> {
  static constexpr auto kFields = std::tuple(
      Field("slug", &ResolvedProject::slug, {.identity = true}),
      // ResultsTableName(slug): as fixed as the slug.
      Field("table_name", &ResolvedProject::table_name, {.identity = true}),
      Field("name", &ResolvedProject::name, {.from_files = true}),
      Field("platform", &ResolvedProject::platform),
      Field("xaxis", &ResolvedProject::xaxis, {.from_files = true}),
      Field("start_date", &ResolvedProject::start_date, {.from_files = true}),
      Field("end_date", &ResolvedProject::end_date, {.from_files = true}),
      Field("skip", &ResolvedProject::skip, {.from_files = true}),
      Field("is_rollout", &ResolvedProject::is_rollout, {.from_files = true}),
      Field("reference_branch", &ResolvedProject::reference_branch, {.from_files = true}),
      Field("compact_visualization", &ResolvedProject::compact_visualization, {.from_files = true}),
      Field("alert_webhook_url", &ResolvedProject::alert_webhook_url,
            {.only_when_set = true, .secret = true, .from_files = true}),
      Field("false_alert_rate", &ResolvedProject::false_alert_rate,
            {.only_when_set = true, .from_files = true}),
      Field("skip_default_metrics", &ResolvedProject::skip_default_metrics, {.from_files = true}),
      Field("statement_timeout_seconds", &ResolvedProject::statement_timeout_seconds,
            {.only_when_set = true, .from_files = true}),
      Field("population", &ResolvedProject::population),
      Field("metrics", &ResolvedProject::metrics, {.order_matters = true}),
      Field("data_sources", &ResolvedProject::data_sources),
      Field("dimensions", &ResolvedProject::dimensions),
      Field("alerts", &ResolvedProject::alerts),
      Field("metric_groups", &ResolvedProject::metric_groups),
      Field("experiment", &ResolvedProject::experiment));
};

// Shapes of field types, for code that walks fields generically.
template <typename T>
inline constexpr bool kIsOptional = false;
template <typename T>
inline constexpr bool kIsOptional<std::optional<T>> = true;
template <typename T>
inline constexpr bool kIsVector = false;
template <typename T>
inline constexpr bool kIsVector<std::vector<T>> = true;

// The Parse* function of each enum in the model, by type, for code that walks
// fields generically. nullopt for unknown text.
template <typename E>
std::optional<E> ParseEnum(std::string_view text) {
  if constexpr (std::is_same_v<E, XAxis>) {
    return ParseXAxis(text);
  } else if constexpr (std::is_same_v<E, MetricType>) {
    return ParseMetricType(text);
  } else if constexpr (std::is_same_v<E, StatisticKind>) {
    return ParseStatisticKind(text);
  } else if constexpr (std::is_same_v<E, CiMethod>) {
    return ParseCiMethod(text);
  } else if constexpr (std::is_same_v<E, PercentilePoint>) {
    return ParsePercentilePoint(text);
  } else if constexpr (std::is_same_v<E, AlertType>) {
    return ParseAlertType(text);
  } else {
    static_assert(std::is_same_v<E, Channel>, "not a model enum");
    return ParseChannel(text);
  }
}

}  // namespace opmon::config
