// The sample definitions and projects under deploy/examples/ resolve in
// strict mode without any diagnostic, their YAML and TOML forms resolve to
// the same canonical JSON, and together they cover the language.

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/config/canonical_json.h"
#include "services/config/domain/definitions.h"
#include "services/config/domain/validate_and_resolve.h"
#include "services/config/domain/yaml_conversion.h"
#include "tests/testing/source_tree.h"

namespace opmon::config {
namespace {

SourceFile Load(const std::string& relative) {
  const std::string text = opmon::testing::ReadSourceFile("deploy/examples/" + relative);
  EXPECT_FALSE(text.empty()) << "cannot read deploy/examples/" << relative;
  return {"deploy/examples/" + relative, text};
}

std::vector<PlatformDefinitions> Definitions(const std::string& extension) {
  std::vector<PlatformDefinitions> out;
  for (const char* name : {"functions", "firefox_desktop", "firefox_desktop_defaults", "rollout"}) {
    ParseDefinitionsResult r =
        ParseDefinitions(Load(std::string("definitions/") + name + extension),
                         ValidationMode::kStrict);
    for (const Diagnostic& d : r.diagnostics) ADD_FAILURE() << FormatDiagnostic(d);
    if (r.definitions) out.push_back(*r.definitions);
  }
  return out;
}

const char* const kProjects[] = {"fission-experiment", "fission-rollout", "desktop-health",
                                 "nightly-build-over-build", "engagement-statistics"};

std::vector<ResolvedProject> ResolveAll(const std::string& extension) {
  const std::vector<PlatformDefinitions> definitions = Definitions(extension);
  std::vector<ResolvedProject> out;
  for (const char* slug : kProjects) {
    const ResolveResult r = ValidateAndResolve(Load(std::string("projects/") + slug + extension),
                                               definitions, {}, ResolveOptions{});
    for (const Diagnostic& d : r.diagnostics) ADD_FAILURE() << FormatDiagnostic(d);
    if (r.project) out.push_back(*r.project);
  }
  return out;
}

TEST(Examples, YamlAndTomlFormsResolveIdentically) {
  const std::vector<ResolvedProject> yaml = ResolveAll(".yaml");
  const std::vector<ResolvedProject> toml = ResolveAll(".toml");
  ASSERT_EQ(yaml.size(), std::size(kProjects));
  ASSERT_EQ(toml.size(), std::size(kProjects));
  for (size_t i = 0; i < yaml.size(); ++i) {
    EXPECT_EQ(ToCanonicalJson(yaml[i]), ToCanonicalJson(toml[i])) << kProjects[i];
  }
}

// `opmonctl config convert`: every TOML example becomes YAML that loads in
// strict mode without a diagnostic and resolves to the same projects.
TEST(Examples, TomlFormsConvertToStrictYamlThatResolvesIdentically) {
  auto convert = [](const std::string& relative, FileKind kind) -> SourceFile {
    const YamlConversion converted = ConvertToYaml(Load(relative), kind);
    for (const Diagnostic& d : converted.diagnostics) ADD_FAILURE() << FormatDiagnostic(d);
    EXPECT_TRUE(converted.yaml.has_value()) << relative;
    // Same stem as the input: a definitions file's platform defaults to it.
    return {"converted/" + relative.substr(0, relative.rfind('.')) + ".yaml", converted.yaml.value_or("")};
  };
  std::vector<PlatformDefinitions> definitions;
  for (const char* name : {"functions", "firefox_desktop", "firefox_desktop_defaults", "rollout"}) {
    ParseDefinitionsResult r = ParseDefinitions(
        convert(std::string("definitions/") + name + ".toml", FileKind::kDefinitions), ValidationMode::kStrict);
    for (const Diagnostic& d : r.diagnostics) ADD_FAILURE() << FormatDiagnostic(d);
    ASSERT_TRUE(r.definitions.has_value()) << name;
    definitions.push_back(*r.definitions);
  }
  const std::vector<ResolvedProject> toml = ResolveAll(".toml");
  ASSERT_EQ(toml.size(), std::size(kProjects));
  for (size_t i = 0; i < std::size(kProjects); ++i) {
    ResolveOptions options;
    options.slug = kProjects[i];
    const ResolveResult r = ValidateAndResolve(
        convert(std::string("projects/") + kProjects[i] + ".toml", FileKind::kProject), definitions, {}, options);
    for (const Diagnostic& d : r.diagnostics) ADD_FAILURE() << FormatDiagnostic(d);
    ASSERT_TRUE(r.project.has_value()) << kProjects[i];
    EXPECT_EQ(ToCanonicalJson(*r.project), ToCanonicalJson(toml[i])) << kProjects[i];
  }
}

TEST(Examples, CoverTheLanguage) {
  const std::vector<ResolvedProject> projects = ResolveAll(".yaml");
  std::set<StatisticKind> statistics;
  std::set<CiMethod> methods;
  std::set<AlertType> alerts;
  bool build_id = false, boolean_pref = false, branches = false, whole = false, grouped = false,
       groups = false;
  for (const ResolvedProject& p : projects) {
    for (const Metric& m : p.metrics) {
      for (const Statistic& s : m.statistics) {
        statistics.insert(s.kind);
        if (s.kind == StatisticKind::kPercentile) methods.insert(s.percentile.method);
      }
    }
    for (const Alert& a : p.alerts) alerts.insert(a.type);
    build_id |= p.xaxis == XAxis::kBuildId;
    boolean_pref |= p.is_rollout && p.population.boolean_pref.has_value();
    branches |= !p.population.branches.empty();
    whole |= p.population.monitor_entire_population && !p.population.dimensions.empty();
    grouped |= p.population.group_by_dimension.has_value();
    groups |= !p.metric_groups.empty();
  }
  EXPECT_EQ(statistics.size(), kAllStatisticKinds.size());
  EXPECT_EQ(methods.size(), 4u);
  EXPECT_EQ(alerts.size(), 3u);
  EXPECT_TRUE(build_id && boolean_pref && branches && whole && grouped && groups);
}

TEST(Examples, ExpandFunctionsIntoPostgres) {
  const std::vector<ResolvedProject> projects = ResolveAll(".toml");
  ASSERT_FALSE(projects.empty());
  const ResolvedProject& fission = projects[0];
  ASSERT_EQ(fission.metrics.size(), 6u);
  EXPECT_EQ(fission.metrics[0].name, "active_ticks");
  EXPECT_EQ(fission.metrics[0].select_expression, "COALESCE(SUM(active_ticks), 0)");
  EXPECT_EQ(fission.metrics[2].select_expression,
            "array_to_json(array_agg(gc_ms) FILTER (WHERE gc_ms IS NOT NULL))");
}

}  // namespace
}  // namespace opmon::config
