// Every key the resolver copies unchanged into the model (the model fields
// declared `from_files` in common/config/project_fields.h) goes the whole
// way with nothing written for it but its schema row and that declaration:
// the schema accepts it, the spec reader reads it with where it was written,
// a later layer that sets it wins, one that does not keeps it, and the
// resolver's copy puts it in the model. Values come from EveryFieldSet(),
// which sets every model field, so a key left out anywhere fails here.

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "common/config/project_fields.h"
#include "services/config/domain/copied_keys.h"
#include "services/config/domain/diagnostic.h"
#include "services/config/domain/document.h"
#include "services/config/domain/front_end.h"
#include "services/config/domain/layering.h"
#include "services/config/domain/schema.h"
#include "services/config/domain/schema_validator.h"
#include "services/config/domain/spec.h"
#include "services/config/domain/spec_reader.h"
#include "tests/testing/every_field_project.h"

namespace opmon::config {
namespace {

using ::opmon::testing::EveryFieldSet;
using ::testing::IsEmpty;

// A model value as YAML.
template <typename T>
std::string Yaml(const T& value) {
  if constexpr (std::is_same_v<T, std::string>) {
    return absl::StrCat("\"", absl::CEscape(value), "\"");
  } else if constexpr (std::is_same_v<T, bool>) {
    return value ? "true" : "false";
  } else if constexpr (std::is_arithmetic_v<T>) {
    return absl::StrCat(value);
  } else if constexpr (std::is_same_v<T, absl::CivilDay>) {
    return absl::FormatCivilTime(value);
  } else if constexpr (std::is_enum_v<T>) {
    return absl::StrCat("\"", std::string(ToString(value)), "\"");
  } else {
    static_assert(kIsVector<T>, "no YAML form for this model type");
    std::vector<std::string> items;
    for (const auto& item : value) items.push_back(Yaml(item));
    return absl::StrCat("[", absl::StrJoin(items, ", "), "]");
  }
}

// `indent` spaces, then `key: value` for each copied key of Spec that
// `model` holds a value for (an unset optional is left out).
template <HasCopiedKeys Spec>
std::string CopiedKeysYaml(const ModelOf<Spec>& model, int indent) {
  std::string out;
  ForEachCopiedKey<Spec>([&](const auto& key) {
    const auto& value = model.*key.resolves_to;
    using Value = std::remove_cvref_t<decltype(value)>;
    const std::string line_start = absl::StrCat(std::string(indent, ' '), std::string(key.key), ": ");
    if constexpr (kIsOptional<Value>) {
      if (value) out += absl::StrCat(line_start, Yaml(*value), "\n");
    } else {
      out += absl::StrCat(line_start, Yaml(value), "\n");
    }
  });
  return out;
}

// A project file setting, for the project, its population, and one entry of
// each table, every copied key `p` (and its items) holds a value for.
std::string ProjectFile(const ResolvedProject& p, const MetricGroup& group, const Metric& metric,
                        const DataSource& source, const Dimension& dimension,
                        const Alert& alert) {
  return absl::StrCat("project:\n", CopiedKeysYaml<ProjectSpec>(p, 2),  //
                      "  population:\n", CopiedKeysYaml<PopulationSpec>(p.population, 4),
                      "  metric_groups:\n    g:\n", CopiedKeysYaml<MetricGroupSpec>(group, 6),
                      "metrics:\n  m:\n", CopiedKeysYaml<MetricSpec>(metric, 4),
                      "data_sources:\n  main:\n", CopiedKeysYaml<DataSourceSpec>(source, 4),
                      "dimensions:\n  os:\n", CopiedKeysYaml<DimensionSpec>(dimension, 4),
                      "alerts:\n  limits:\n", CopiedKeysYaml<AlertSpec>(alert, 4));
}

// Parsed, checked against the schema (strict) and read; no diagnostics.
Layer Read(const std::string& file, const std::string& yaml) {
  DiagnosticSink sink;
  Document document;
  EXPECT_TRUE(ParseYaml(file, yaml, document, sink));
  const Node cleaned = ValidateAgainstSchema(document, kProjectFileSection,
                                             ValidationMode::kStrict, sink);
  std::vector<std::string> messages;
  for (const Diagnostic& d : sink.diagnostics()) messages.push_back(FormatDiagnostic(d));
  EXPECT_THAT(messages, IsEmpty()) << yaml;
  return ReadLayer(file, cleaned);
}

// Each copied key of `spec` is set, written in `file` at `path`.<key>, and
// copies into the model as `expected`'s value.
template <HasCopiedKeys Spec>
void ExpectEveryCopiedKey(const Spec& spec, const ModelOf<Spec>& expected,
                          const std::string& file, const std::string& path) {
  ModelOf<Spec> model;
  ApplyCopiedKeys(spec, model);
  ForEachCopiedKey<Spec>([&](const auto& key) {
    const std::string key_path = absl::StrCat(path, ".", std::string(key.key));
    const auto& value = key.Of(spec);
    ASSERT_TRUE(value.has_value()) << key_path;
    EXPECT_EQ(value->location.file, file) << key_path;
    EXPECT_EQ(value->location.path, key_path);
    EXPECT_GT(value->location.line, 0) << key_path;
    EXPECT_GT(value->location.column, 0) << key_path;
    EXPECT_TRUE(model.*key.resolves_to == expected.*key.resolves_to) << key_path;
  });
}

TEST(CopiedKeys, EveryCopiedKeyIsReadLayeredAndCopiedIntoTheModel) {
  const ResolvedProject p = EveryFieldSet();
  ASSERT_EQ(p.metric_groups.size(), 1u);
  ASSERT_EQ(p.metrics.size(), 1u);
  ASSERT_EQ(p.data_sources.size(), 1u);
  ASSERT_EQ(p.dimensions.size(), 1u);
  ASSERT_EQ(p.alerts.size(), 1u);
  // An earlier layer setting every key it can to the model's default (which
  // EveryFieldSet() never holds), the project's every key, and a later
  // layer naming the same entries without setting any key.
  ResolvedProject defaults;
  defaults.alert_webhook_url = "https://earlier.example.com/";  // the schema refuses ""
  Layer merged = Read("defaults.yaml",
                      ProjectFile(defaults, MetricGroup{}, Metric{}, DataSource{}, Dimension{},
                                  Alert{}));
  MergeLayer(merged, Read("every_field.yaml",
                          ProjectFile(p, p.metric_groups[0], p.metrics[0], p.data_sources[0],
                                      p.dimensions[0], p.alerts[0])));
  MergeLayer(merged, Read("later.yaml",
                          "project: {population: {}, metric_groups: {g: {}}}\n"
                          "metrics: {m: {}}\ndata_sources: {main: {}}\ndimensions: {os: {}}\n"
                          "alerts: {limits: {}}\n"));

  ASSERT_TRUE(merged.project.has_value());
  const std::string file = "every_field.yaml";
  ExpectEveryCopiedKey(*merged.project, p, file, "project");
  ExpectEveryCopiedKey(merged.project->population, p.population, file, "project.population");
  ExpectEveryCopiedKey(merged.project->metric_groups.at("g"), p.metric_groups[0], file,
                       "project.metric_groups.g");
  ExpectEveryCopiedKey(merged.metrics.at("m"), p.metrics[0], file, "metrics.m");
  ExpectEveryCopiedKey(merged.data_sources.at("main"), p.data_sources[0], file,
                       "data_sources.main");
  ExpectEveryCopiedKey(merged.dimensions.at("os"), p.dimensions[0], file, "dimensions.os");
  ExpectEveryCopiedKey(merged.alerts.at("limits"), p.alerts[0], file, "alerts.limits");
}

// Copied<&Model::member> names the same storage the walkers visit.
TEST(CopiedKeys, CopiedNamesTheStorageOfItsModelMember) {
  MetricSpec spec;
  Copied<&Metric::owners>(spec) = Located<std::vector<std::string>>{{"a@example.com"}, {}};
  bool found = false;
  ForEachCopiedKey<MetricSpec>([&](const auto& key) {
    if constexpr (std::is_same_v<std::remove_cvref_t<decltype(key.resolves_to)>,
                                 decltype(&Metric::owners)>) {
      if (key.resolves_to == &Metric::owners) {
        EXPECT_EQ(key.key, "owner");  // the file key, where it differs
        ASSERT_TRUE(key.Of(spec).has_value());
        EXPECT_EQ(key.Of(spec)->value, std::vector<std::string>{"a@example.com"});
        found = true;
      }
    }
  });
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace opmon::config
