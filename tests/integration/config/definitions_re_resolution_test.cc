// ConfigStore::ApplyDefinitions against a real PostgreSQL: stored projects a
// definitions change affects get a new version in the same transaction (and
// a change in the feed), others do not, an unchanged file changes nothing,
// and a change that would break a stored project is refused whole.
#include <memory>
#include <string>
#include <tuple>

#include "absl/strings/str_replace.h"
#include "common/pg/pool.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/config/storage/config_store.h"
#include "tests/testing/config_yaml.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/sql_value.h"
#include "tests/testing/status_matchers.h"

namespace opmon::testing {
namespace {

using config::ConfigStore;
using config::ValidationMode;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Platforms rr_desktop (clicks, scrolls) and rr_mobile (taps); a test
// renames them for its own prefix.
std::string DesktopDefinitions() { return SumMetricDefinitionsYaml("rr_desktop", {"clicks", "scrolls"}); }
std::string MobileDefinitions() { return SumMetricDefinitionsYaml("rr_mobile", {"taps"}, "telemetry.mobile"); }

config::SourceFile Project(const std::string& slug, const std::string& platform, const std::string& metric) {
  return {slug + ".yaml", OneMetricProjectYaml(platform, metric), config::SourceFormat::kYaml};
}

class DefinitionsReResolutionTest : public PgTest {
 protected:
  void SetUp() override {
    pool_ = std::make_unique<pg::Pool>(pg::PoolOptions{.dsn = dsn(), .size = 4});
    store_ = std::make_unique<ConfigStore>(*pool_);
  }

  // Definitions of platforms <prefix>_desktop and <prefix>_mobile, and
  // projects <prefix>-clicks, <prefix>-scrolls (desktop), <prefix>-taps
  // (mobile), each using one metric; tests share the suite's database.
  static std::string Desktop(const std::string& prefix, const std::string& text = DesktopDefinitions()) {
    return absl::StrReplaceAll(text, {{"rr_", prefix + "_"}});
  }

  void ApplyProjects(const std::string& prefix) {
    ASSERT_TRUE(store_->ApplyDefinitions("", {prefix + "_desktop.yaml", Desktop(prefix)}, ValidationMode::kStrict).ok());
    ASSERT_TRUE(
        store_->ApplyDefinitions("", {prefix + "_mobile.yaml", Desktop(prefix, MobileDefinitions())}, ValidationMode::kStrict)
            .ok());
    for (const auto& [name, platform, metric] : {std::tuple{"clicks", "desktop", "clicks"},
                                                 std::tuple{"scrolls", "desktop", "scrolls"},
                                                 std::tuple{"taps", "mobile", "taps"}}) {
      const std::string slug = prefix + "-" + name;
      auto r = store_->ApplyProject(
          {Project(slug, prefix + "_" + platform, metric), "", "first", ValidationMode::kStrict});
      ASSERT_THAT(r, IsOk());
      ASSERT_EQ(r->outcome.version, 1);
    }
  }

  std::string Sql(const std::string& sql) { return QueryValue(dsn(), sql); }

  std::string Latest(const std::string& slug) {
    return Sql("SELECT latest_version FROM opmon.projects WHERE slug = '" + slug + "'");
  }

  std::unique_ptr<pg::Pool> pool_;
  std::unique_ptr<ConfigStore> store_;
};

TEST_F(DefinitionsReResolutionTest, ReVersionsOnlyAffectedProjectsOnceInTheDefinitionsTransaction) {
  ApplyProjects("ra");
  const std::string changes_before = Sql("SELECT max(change_id) FROM opmon.project_changes");
  const config::SourceFile changed{
      "ra_desktop.yaml",
      Desktop("ra", absl::StrReplaceAll(DesktopDefinitions(), {{"SUM(clicks)", "SUM(clicks) FILTER (WHERE clicks > 0)"}}))};
  auto applied = store_->ApplyDefinitions("", changed, ValidationMode::kStrict);
  ASSERT_THAT(applied, IsOk());
  EXPECT_EQ(applied->name, "ra_desktop");
  EXPECT_EQ(applied->outcome.version, 2);
  EXPECT_TRUE(applied->outcome.changed);
  ASSERT_EQ(applied->re_resolved.size(), 1u);
  EXPECT_EQ(applied->re_resolved[0].slug, "ra-clicks");
  EXPECT_EQ(applied->re_resolved[0].version, 2);
  EXPECT_THAT(applied->re_resolved[0].diff_summary, ElementsAre("metrics.clicks: select_expression changed"));

  EXPECT_EQ(Latest("ra-clicks"), "2");
  EXPECT_EQ(Latest("ra-scrolls"), "1");
  EXPECT_EQ(Latest("ra-taps"), "1");
  EXPECT_EQ(Sql("SELECT message FROM opmon.project_versions WHERE slug = 'ra-clicks' AND version = 2"),
            "re-resolved after definitions \"ra_desktop\" v2");
  EXPECT_EQ(Sql("SELECT resolved->'metrics'->0->>'select_expression' FROM opmon.project_versions "
                "WHERE slug = 'ra-clicks' AND version = 2"),
            "SUM(clicks) FILTER (WHERE clicks > 0)");
  // The project keeps the source it was applied with.
  EXPECT_EQ(Sql("SELECT count(DISTINCT source) FROM opmon.project_versions WHERE slug = 'ra-clicks'"), "1");
  // WatchProjects sees the definitions and the project, in that order.
  EXPECT_EQ(Sql("SELECT string_agg(kind || ' ' || slug || ' ' || version, ', ' ORDER BY change_id) "
                "FROM opmon.project_changes WHERE change_id > " + changes_before),
            "definitions_applied ra_desktop 2, applied ra-clicks 2");

  // The same file again changes nothing.
  auto again = store_->ApplyDefinitions("", changed, ValidationMode::kStrict);
  ASSERT_THAT(again, IsOk());
  EXPECT_FALSE(again->outcome.changed);
  EXPECT_EQ(again->outcome.version, 2);
  EXPECT_THAT(again->re_resolved, IsEmpty());
  EXPECT_EQ(Latest("ra-clicks"), "2");
  EXPECT_EQ(Sql("SELECT count(*) FROM opmon.project_versions WHERE slug = 'ra-clicks'"), "2");

  // A deleted project is left alone.
  ASSERT_TRUE(store_->projects().Delete("ra-scrolls", "retired").ok());
  auto next = store_->ApplyDefinitions(
      "",
      {"ra_desktop.yaml", Desktop("ra", absl::StrReplaceAll(DesktopDefinitions(), {{"SUM(scrolls)", "MAX(scrolls)"}}))},
      ValidationMode::kStrict);
  ASSERT_THAT(next, IsOk());
  ASSERT_EQ(next->re_resolved.size(), 1u);
  EXPECT_EQ(next->re_resolved[0].slug, "ra-clicks");  // its FILTER is gone again
  EXPECT_EQ(next->re_resolved[0].version, 3);
  EXPECT_EQ(Latest("ra-scrolls"), "2");  // its deletion marker
}

TEST_F(DefinitionsReResolutionTest, RefusesDefinitionsThatBreakAStoredProjectAndStoresNothing) {
  ApplyProjects("rb");
  const std::string versions = Sql("SELECT count(*) FROM opmon.project_versions");
  const std::string changes = Sql("SELECT max(change_id) FROM opmon.project_changes");
  // scrolls renamed: rb-scrolls no longer resolves; clicks changed too.
  const config::SourceFile breaking{
      "rb_desktop.yaml",
      Desktop("rb", absl::StrReplaceAll(DesktopDefinitions(),
                                        {{"  scrolls:", "  scroll_events:"}, {"SUM(clicks)", "MAX(clicks)"}}))};
  auto refused = store_->ApplyDefinitions("", breaking, ValidationMode::kStrict);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(refused.status().message(),
            "definitions \"rb_desktop\" version 2 (rb_desktop.yaml) would break 1 stored project (nothing was "
            "stored); fix the project or keep what it uses in the definitions:\n"
            "project \"rb-scrolls\": rb-scrolls.yaml:3:13: error: project.metrics[0]: unknown metric \"scrolls\"; "
            "define it under metrics or in the platform definitions");
  EXPECT_EQ(Sql("SELECT count(*) FROM opmon.project_versions"), versions);
  EXPECT_EQ(Sql("SELECT max(change_id) FROM opmon.project_changes"), changes);
  EXPECT_EQ(Sql("SELECT max(version) FROM opmon.definitions WHERE platform = 'rb_desktop'"), "1");
  EXPECT_EQ(Latest("rb-clicks"), "1");

  // Once the project stops using the metric, the same definitions apply.
  auto moved = store_->ApplyProject({Project("rb-scrolls", "rb_desktop", "clicks"), "", "", ValidationMode::kStrict});
  ASSERT_THAT(moved, IsOk());
  auto applied = store_->ApplyDefinitions("", breaking, ValidationMode::kStrict);
  ASSERT_THAT(applied, IsOk());
  EXPECT_EQ(applied->outcome.version, 2);
  ASSERT_EQ(applied->re_resolved.size(), 2u);
  EXPECT_EQ(applied->re_resolved[0].slug, "rb-clicks");
  EXPECT_EQ(applied->re_resolved[1].slug, "rb-scrolls");
  EXPECT_EQ(applied->re_resolved[1].version, 3);
}

}  // namespace
}  // namespace opmon::testing
