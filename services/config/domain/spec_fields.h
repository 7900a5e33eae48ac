#pragma once
// The keys of each spec struct (spec.h), declared once: the key as written in
// project and definitions files and the member it is read into. The spec
// reader and layering walk these declarations, and the resolver copies
// values through them, so no code names a key twice.
//
// Two kinds of keys: those the resolver copies unchanged into the model are
// declared once, in the model's declaration (`from_files` in
// common/config/project_fields.h), and their spec storage and declarations
// derive from it (copied_keys.h); ForEachSpecField visits them after the keys
// declared here, which are the ones resolved by hand (references, templates,
// appended lists, fallbacks that need a diagnostic). So a new key copied
// unchanged is a schema row (schema.cc), its model member (project.h) and
// its line in project_fields.h; a key resolved by hand adds its spec member
// and a line here instead of `from_files`, and the resolver's code for it.
//
// How a key is read and layered follows from its member's type (spec.h):
// optional members are overridden by a later layer that sets them,
// `LocatedNames` members are appended across layers, nested specs merge key
// by key and tables of named entries merge entry by entry.

#include <map>
#include <string>
#include <string_view>
#include <tuple>

#include "common/config/project_fields.h"
#include "services/config/domain/copied_keys.h"
#include "services/config/domain/spec.h"

namespace opmon::config {

template <typename Spec, typename T>
struct SpecField {
  using Owner = Spec;
  using Value = T;
  std::string_view key;
  T Spec::*member;

  const T& Of(const Spec& spec) const { return spec.*member; }
  T& Of(Spec& spec) const { return spec.*member; }
};

template <typename Spec, typename T>
constexpr SpecField<Spec, T> Key(std::string_view key, T Spec::*member) {
  return {key, member};
}

// SpecFieldsOf<S>::kFields: a tuple of SpecField, one per member of S except
// `location` and `copied`.
template <typename S>
struct SpecFieldsOf;

template <typename S>
concept HasSpecFields = requires { SpecFieldsOf<S>::kFields; };

// Calls fn(field) for each key of S: the declared keys in declaration order,
// then the copied ones (copied_keys.h) in the model's order. Each field has
// `key` and `Of(spec)`.
template <HasSpecFields S, typename Fn>
constexpr void ForEachSpecField(Fn&& fn) {
  ForEachDeclared(SpecFieldsOf<S>::kFields, fn);
  if constexpr (HasCopiedKeys<S>) ForEachCopiedKey<S>(fn);
}

template <>
struct SpecFieldsOf<MetricSpec> {
  static constexpr auto kFields =
      std::tuple(Key("select_expression", &MetricSpec::select_expression),
                 Key("data_source", &MetricSpec::data_source),
                 Key("statistics", &MetricSpec::statistics));
};

template <>
struct SpecFieldsOf<DataSourceSpec> {
  static constexpr auto kFields =
      std::tuple(Key("from_expression", &DataSourceSpec::from_expression),
                 Key("experiments_column_type", &DataSourceSpec::experiments_column_type));
};

template <>
struct SpecFieldsOf<DimensionSpec> {
  static constexpr auto kFields =
      std::tuple(Key("select_expression", &DimensionSpec::select_expression),
                 Key("data_source", &DimensionSpec::data_source));
};

template <>
struct SpecFieldsOf<AlertSpec> {
  static constexpr auto kFields = std::tuple(Key("metrics", &AlertSpec::metrics));
};

template <>
struct SpecFieldsOf<FunctionSpec> {
  static constexpr auto kFields = std::tuple(Key("definition", &FunctionSpec::definition));
};

template <>
struct SpecFieldsOf<MetricGroupSpec> {
  static constexpr auto kFields = std::tuple(Key("metrics", &MetricGroupSpec::metrics));
};

template <>
struct SpecFieldsOf<PopulationSpec> {
  static constexpr auto kFields =
      std::tuple(Key("data_source", &PopulationSpec::data_source),
                 Key("branches", &PopulationSpec::branches),
                 Key("dimensions", &PopulationSpec::dimensions),
                 Key("group_by_dimension", &PopulationSpec::group_by_dimension));
};

template <>
struct SpecFieldsOf<ProjectSpec> {
  static constexpr auto kFields = std::tuple(
      Key("platform", &ProjectSpec::platform), Key("metrics", &ProjectSpec::metrics),
      Key("alerts", &ProjectSpec::alerts), Key("population", &ProjectSpec::population),
      Key("metric_groups", &ProjectSpec::metric_groups));
};

// A table of named entries (metrics.<slug>, project.metric_groups.<slug>).
template <typename T>
inline constexpr bool kIsEntryTable = false;
template <typename S>
inline constexpr bool kIsEntryTable<std::map<std::string, S>> = true;

}  // namespace opmon::config
