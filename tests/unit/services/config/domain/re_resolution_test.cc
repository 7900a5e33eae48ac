// ReResolveProjects: which stored projects a definitions change affects, and
// which it would break.
#include "services/config/domain/re_resolution.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_replace.h"
#include "tests/testing/config_yaml.h"

namespace opmon::config {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kDesktop[] = R"(
metrics:
  gc_ms:
    select_expression: gc_ms
    data_source: main
    type: histogram
    statistics: {percentile: {}}
  uri_count:
    select_expression: SUM(uri_count)
    data_source: main
    statistics: {sum: {}}
data_sources:
  main:
    from_expression: telemetry.main
)";

constexpr char kFenix[] = R"(
metrics:
  crashes:
    select_expression: COUNT(*)
    data_source: crash
    statistics: {sum: {}}
data_sources:
  crash:
    from_expression: telemetry.crash
)";

PlatformDefinitions Parse(const std::string& path, const std::string& text) {
  ParseDefinitionsResult r = ParseDefinitions({path, text}, ValidationMode::kStrict);
  EXPECT_TRUE(r.definitions.has_value()) << (r.diagnostics.empty() ? "" : FormatDiagnostic(r.diagnostics[0]));
  return r.definitions.value_or(PlatformDefinitions{});
}

StoredProjectFile Project(const std::string& slug, const std::string& platform, const std::string& metric,
                          const std::string& source) {
  return {slug, {slug + ".yaml", ::opmon::testing::OneMetricProjectYaml(platform, metric, source)}};
}

std::vector<std::string> Slugs(const ReResolution& r) {
  std::vector<std::string> out;
  for (const ReResolvedProject& p : r.changed) out.push_back(p.slug);
  return out;
}

class ReResolveProjectsTest : public ::testing::Test {
 protected:
  std::vector<PlatformDefinitions> before_ = {Parse("fenix.yaml", kFenix), Parse("firefox_desktop.yaml", kDesktop)};
  std::vector<StoredProjectFile> projects_ = {
      Project("uses-uri-count", "firefox_desktop", "uri_count", "main"),
      Project("uses-gc-ms", "firefox_desktop", "gc_ms", "main"),
      Project("fenix-crashes", "fenix", "crashes", "crash"),
      Project("already-broken", "firefox_desktop", "no_such_metric", "main"),
  };
};

TEST_F(ReResolveProjectsTest, ReResolvesOnlyTheProjectsTheChangeAffects) {
  const std::vector<PlatformDefinitions> after = {
      before_[0],
      Parse("firefox_desktop.yaml", absl::StrReplaceAll(kDesktop, {{"SUM(uri_count)", "SUM(uri_count_v2)"}}))};
  const ReResolution r = ReResolveProjects(projects_, before_, after, {});
  EXPECT_THAT(Slugs(r), ElementsAre("uses-uri-count"));
  ASSERT_EQ(r.changed.size(), 1u);
  ASSERT_EQ(r.changed[0].project.metrics.size(), 1u);
  EXPECT_EQ(r.changed[0].project.metrics[0].select_expression, "SUM(uri_count_v2)");
  EXPECT_THAT(r.broken, IsEmpty());
}

TEST_F(ReResolveProjectsTest, FindsNothingWhenTheDefinitionsResolveTheSame) {
  // A comment added: a new file, the same resolution.
  const std::vector<PlatformDefinitions> after = {before_[0],
                                                  Parse("firefox_desktop.yaml", std::string("# v2\n") + kDesktop)};
  const ReResolution r = ReResolveProjects(projects_, before_, after, {});
  EXPECT_THAT(r.changed, IsEmpty());
  EXPECT_THAT(r.broken, IsEmpty());
}

TEST_F(ReResolveProjectsTest, SharedFunctionsReachEveryPlatform) {
  const std::string with_function = std::string(kFenix) + "functions:\n  agg_sum:\n    definition: SUM({select_expr})\n";
  std::vector<StoredProjectFile> projects = projects_;
  projects.push_back({"templated",
                      {"templated.yaml",
                       "project:\n  platform: firefox_desktop\n  metrics: [t]\n"
                       "  population: {data_source: main, monitor_entire_population: true}\n"
                       "metrics:\n  t:\n    select_expression: '{{ agg_sum(\"x\") }}'\n    data_source: main\n"
                       "    statistics: {sum: {}}\n"}});
  std::vector<PlatformDefinitions> before = {Parse("fenix.yaml", with_function), before_[1]};
  std::vector<PlatformDefinitions> after = {
      Parse("fenix.yaml", absl::StrReplaceAll(with_function, {{"SUM({select_expr})", "MAX({select_expr})"}})),
      before_[1]};
  const ReResolution r = ReResolveProjects(projects, before, after, {});
  EXPECT_THAT(Slugs(r), ElementsAre("templated"));
}

TEST_F(ReResolveProjectsTest, ReportsProjectsThatNoLongerResolveButNotThoseThatNeverDid) {
  const std::vector<PlatformDefinitions> after = {
      before_[0], Parse("firefox_desktop.yaml", absl::StrReplaceAll(kDesktop, {{"  gc_ms:", "  gc_pause_ms:"}}))};
  const ReResolution r = ReResolveProjects(projects_, before_, after, {});
  EXPECT_THAT(r.changed, IsEmpty());
  ASSERT_EQ(r.broken.size(), 1u);
  EXPECT_EQ(r.broken[0].slug, "uses-gc-ms");
  ASSERT_FALSE(r.broken[0].errors.empty());
  EXPECT_EQ(FormatDiagnostic(r.broken[0].errors[0]),
            "uses-gc-ms.yaml:3:13: error: project.metrics[0]: unknown metric \"gc_ms\"; define it under metrics or "
            "in the platform definitions");
  EXPECT_EQ(BrokenProjectsMessage("definitions \"firefox_desktop\" version 2 (firefox_desktop.yaml)", r.broken),
            "definitions \"firefox_desktop\" version 2 (firefox_desktop.yaml) would break 1 stored project "
            "(nothing was stored); fix the project or keep what it uses in the definitions:\n"
            "project \"uses-gc-ms\": uses-gc-ms.yaml:3:13: error: project.metrics[0]: unknown metric \"gc_ms\"; "
            "define it under metrics or in the platform definitions");
}

TEST(BrokenProjectsMessage, ShowsTheFirstThreeErrorsOfEachProject) {
  BrokenProject many{"many", {}};
  for (int line = 1; line <= 5; ++line) many.errors.push_back({Severity::kError, {"m.yaml", line, 1, "x"}, "bad"});
  BrokenProject one{"one", {{Severity::kError, {"o.yaml", 2, 4, "y"}, "worse"}}};
  EXPECT_EQ(BrokenProjectsMessage("definitions \"d\" version 3 (d.yaml)", std::vector<BrokenProject>{many, one}),
            "definitions \"d\" version 3 (d.yaml) would break 2 stored projects (nothing was stored); fix the "
            "projects or keep what they use in the definitions:\n"
            "project \"many\": m.yaml:1:1: error: x: bad\n"
            "project \"many\": m.yaml:2:1: error: x: bad\n"
            "project \"many\": m.yaml:3:1: error: x: bad\n"
            "project \"many\": ... 2 more\n"
            "project \"one\": o.yaml:2:4: error: y: worse");
}

}  // namespace
}  // namespace opmon::config
