// The rules of issue 7, each checked on the dashboard plan or the generated
// text of a small variation of an example project.

#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/lookml/domain/dashboard_lookml.h"
#include "services/lookml/domain/dashboard_plan.h"
#include "services/lookml/domain/explore_lkml.h"
#include "services/lookml/domain/lookml_tree.h"
#include "services/lookml/domain/project_facts.h"
#include "services/lookml/domain/view_lkml.h"
#include "tests/unit/services/lookml/domain/example_projects.h"
#include "yaml-cpp/yaml.h"

namespace opmon::lookml {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

int CountStatistics(const config::ResolvedProject& p) {
  int n = 0;
  for (const config::Metric& m : p.metrics) n += static_cast<int>(m.statistics.size());
  return n;
}

TEST(DashboardPlan, HasOneTilePerMetricAndStatisticTwoPerRow) {
  const ProjectLookmlInput input = testing::InputFor(testing::ResolvedExample("fission-experiment"));
  const DashboardPlan plan = PlanDashboard(input, {});
  ASSERT_EQ(static_cast<int>(plan.tiles.size()), CountStatistics(input.project));
  for (size_t i = 0; i < plan.tiles.size(); ++i) {
    EXPECT_EQ(plan.tiles[i].row, static_cast<int>(i / 2) * kTileHeight);
    EXPECT_EQ(plan.tiles[i].col, static_cast<int>(i % 2) * kTileWidth);
    EXPECT_EQ(plan.tiles[i].metrics.size(), 1u);
  }
  EXPECT_EQ(plan.tiles[0].metrics, std::vector<std::string>{input.project.metrics[0].name});
}

TEST(DashboardPlan, PercentileTilesDrawConfidenceIntervalsAndCountTilesDoNot) {
  const DashboardPlan plan = PlanDashboard(testing::InputFor(testing::ResolvedExample("engagement-statistics")), {});
  std::set<std::string> with_ci, without_ci;
  for (const Tile& t : plan.tiles) (t.confidence_interval ? with_ci : without_ci).insert(t.statistic);
  EXPECT_TRUE(with_ci.count("percentile"));
  EXPECT_TRUE(without_ci.count("count"));
  EXPECT_TRUE(without_ci.count("sum"));
  EXPECT_FALSE(with_ci.count("count"));
}

TEST(DashboardPlan, MetricGroupsBecomeOneTilePerGroupAndStatisticPivotedByMetric) {
  const DashboardPlan plan = PlanDashboard(testing::InputFor(testing::ResolvedExample("engagement-statistics")), {});
  const Tile* search_mean = nullptr;
  std::set<std::pair<std::string, std::string>> seen;
  for (const Tile& t : plan.tiles) {
    EXPECT_TRUE(seen.insert({t.title, t.statistic}).second) << "repeated tile " << t.title << " " << t.statistic;
    if (t.title == "Search" && t.statistic == "mean") search_mean = &t;
    for (const std::string& m : t.metrics) {
      if (m == "search_count" || m == "uri_count" || m == "searches_per_uri") {
        EXPECT_EQ(t.title, "Search");
      }
    }
  }
  ASSERT_NE(search_mean, nullptr);
  EXPECT_TRUE(search_mean->pivot_by_metric);
  // Only the group's metrics that compute a mean (searches_per_uri is a ratio).
  EXPECT_THAT(search_mean->metrics, ElementsAre("search_count", "uri_count"));
}

TEST(DashboardPlan, GroupByDimensionWithMetricGroupsHasUniqueTiles) {
  // The reference emits one "- By os" tile per metric of a group here, all
  // with the same name.
  std::vector<ProjectLookmlInput> inputs = testing::GoldenInputs();
  const ProjectLookmlInput* grouped = nullptr;
  for (const ProjectLookmlInput& i : inputs) {
    if (i.project.slug == "engagement-grouped") grouped = &i;
  }
  ASSERT_NE(grouped, nullptr);
  const DashboardPlan plan = PlanDashboard(*grouped, {});
  std::set<std::string> names;
  for (const Tile& t : plan.tiles) {
    EXPECT_TRUE(names.insert(t.name).second) << t.name;
    ASSERT_TRUE(t.pivot_dimension.has_value());
    EXPECT_EQ(*t.pivot_dimension, "os");
    EXPECT_THAT(t.title, HasSubstr("by Operating system"));
  }
  const DimensionFilter& os = plan.dimension_filters.at(0);
  EXPECT_TRUE(os.multiple);
  EXPECT_THAT(os.options, ElementsAre("Linux", "Mac", "Windows"));
  EXPECT_EQ(os.default_value, "Linux,Mac,Windows");
}

TEST(DashboardPlan, DimensionDropdownDefaultsToTheMostFrequentValueAndListsTopValues) {
  ProjectLookmlInput input = testing::InputFor(testing::ResolvedExample("engagement-statistics"));
  input.dimension_values = {{"os", {{"Mac", 50}, {"Linux", 40}, {"Windows", 30}, {"BSD", 1}}}};
  GenerationOptions options;
  options.max_dimension_options = 3;
  const DashboardPlan plan = PlanDashboard(input, options);
  ASSERT_EQ(plan.dimension_filters.size(), 1u);  // channel has no data: no filter
  EXPECT_EQ(plan.dimension_filters[0].default_value, "Mac");
  EXPECT_THAT(plan.dimension_filters[0].options, ElementsAre("Mac", "Linux", "Windows"));
  EXPECT_FALSE(plan.dimension_filters[0].multiple);
}

TEST(DashboardPlan, CompactModeHasOneTileDrivenByMetricAndStatisticFilters) {
  const ProjectLookmlInput input = testing::InputFor(testing::ResolvedExample("nightly-build-over-build"));
  const DashboardPlan plan = PlanDashboard(input, {});
  ASSERT_EQ(plan.tiles.size(), 1u);
  EXPECT_TRUE(plan.tiles[0].metrics.empty());
  EXPECT_THAT(plan.metric_options, ElementsAre("gc_ms", "perf_first_contentful_paint_ms"));
  EXPECT_THAT(plan.statistic_options, ElementsAre("percentile"));
  const std::string yaml = RenderDashboard(input, plan);
  EXPECT_THAT(yaml, HasSubstr("'Metric': nightly_build_over_build.metric"));
  EXPECT_THAT(yaml, HasSubstr("listens_to_filters: ['Metric']"));
  EXPECT_THAT(yaml, HasSubstr("default_value: 'gc^_ms'"));
}

TEST(DashboardPlan, PercentileDefaultIsFiftyOrTheSmallestComputedPercentile) {
  config::ResolvedProject p = testing::ResolvedExample("nightly-build-over-build");
  EXPECT_EQ(PlanDashboard(testing::InputFor(p), {}).percentile_default, "50");
  for (config::Metric& m : p.metrics) m.statistics[0].percentile.percentiles = {95, 99.5};
  const DashboardPlan plan = PlanDashboard(testing::InputFor(p), {});
  EXPECT_EQ(plan.percentile_default, "95");
  EXPECT_THAT(plan.percentile_options, ElementsAre("95", "99.5"));
}

TEST(DashboardPlan, ProjectWithoutPercentilesHasNoPercentileFilter) {
  config::ResolvedProject p = testing::ResolvedExample("fission-rollout");
  std::erase_if(p.metrics, [](const config::Metric& m) {
    return m.statistics[0].kind == StatisticKind::kPercentile;
  });
  ASSERT_FALSE(p.metrics.empty());
  const ProjectLookmlInput input = testing::InputFor(p);
  const std::string yaml = RenderDashboard(input, PlanDashboard(input, {}));
  EXPECT_THAT(yaml, Not(HasSubstr("Percentile")));
}

TEST(BranchColours, RepeatThePaletteInsteadOfLeavingBranchesUncoloured) {
  std::vector<std::string> branches;
  for (int i = 0; i < 10; ++i) branches.push_back("b" + std::to_string(i));
  const auto colours = BranchColours(branches);
  ASSERT_EQ(colours.size(), 10u);
  EXPECT_EQ(colours[8].second, colours[0].second);
  EXPECT_NE(colours[1].second, colours[0].second);
}

TEST(DashboardBranches, PutTheReferenceBranchFirstAndAddBranchesSeenInData) {
  ProjectLookmlInput input = testing::InputFor(testing::ResolvedExample("fission-rollout"));
  EXPECT_THAT(DashboardBranches(input), ElementsAre("disabled", "enabled"));
  input.observed_branches = {"enabled", "surprise"};
  EXPECT_THAT(DashboardBranches(input), ElementsAre("disabled", "enabled", "surprise"));
  ProjectLookmlInput whole = testing::InputFor(testing::ResolvedExample("desktop-health"));
  EXPECT_THAT(DashboardBranches(whole), ElementsAre("active"));
}

TEST(StatisticsView, ListsOnlyDimensionsWithDataAndUsesTheBuildTimeForBuildIdProjects) {
  ProjectLookmlInput input = testing::InputFor(testing::ResolvedExample("desktop-health"));
  input.dimension_values = {{"os", {{"Linux", 1}}}, {"country", {}}};
  const std::string view = RenderStatisticsView(input);
  EXPECT_THAT(view, HasSubstr("dimension: os {"));
  EXPECT_THAT(view, Not(HasSubstr("dimension: country {")));
  EXPECT_THAT(view, HasSubstr("sql_table_name: \"opmon_results\".\"desktop_health_statistics\" ;;"));

  const std::string build = RenderStatisticsView(testing::InputFor(testing::ResolvedExample("nightly-build-over-build")));
  EXPECT_THAT(build, HasSubstr("dimension: build_time {"));
  EXPECT_THAT(build, HasSubstr("TO_TIMESTAMP(${TABLE}.build_id, 'YYYYMMDDHH24MISS')"));
  EXPECT_THAT(build, HasSubstr("derived_table:"));
}

TEST(StatisticsView, MeasuresNeverSumUnrelatedRows) {
  const std::string view = RenderStatisticsView(testing::InputFor(testing::ResolvedExample("desktop-health")));
  EXPECT_THAT(view, Not(HasSubstr("type: sum")));
  EXPECT_THAT(view, HasSubstr("CASE WHEN COUNT(*) = 1 THEN MAX(${TABLE}.point) END"));
}

TEST(Explore, AlwaysFiltersOnEscapedBranchesAndPersistsWithTheDatagroup) {
  ProjectLookmlInput input = testing::InputFor(testing::ResolvedExample("fission-experiment"));
  input.project.population.branches = {"control", "a,b", "-x"};
  const std::string explore = RenderExplore(input);
  EXPECT_THAT(explore, HasSubstr("filters: [fission_experiment.branch: \"control,a^,b,^-x\"]"));
  EXPECT_THAT(explore, HasSubstr("persist_with: fission_experiment_last_updated"));
  EXPECT_THAT(explore, HasSubstr("hidden: yes"));
}

TEST(Datagroup, TriggersOnTheDataVersionAndWithAlertingAlsoOnTheAlerts) {
  ProjectLookmlInput input = testing::InputFor(testing::ResolvedExample("fission-experiment"));
  input.alerting = false;
  EXPECT_THAT(RenderDatagroup(input),
              HasSubstr("sql_trigger: SELECT COALESCE(MAX(version), 0) FROM opmon.data_versions WHERE slug = "
                        "'fission-experiment' ;;"));
  input.alerting = true;
  const std::string alerting = RenderDatagroup(input);
  EXPECT_THAT(alerting, HasSubstr("sql_trigger: SELECT (SELECT COALESCE(MAX(version), 0) FROM opmon.data_versions "
                                  "WHERE slug = 'fission-experiment')\n"));
  EXPECT_THAT(alerting, HasSubstr("|| ':' || (SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) FROM opmon.alerts "
                                  "WHERE slug = 'fission-experiment') ;;"));
  EXPECT_THAT(alerting, HasSubstr("Invalidated when the results or alerts of fission-experiment change."));
}

TEST(Model, UsesTheConnectionAndIncludesEveryExploreAndDashboard) {
  const std::string model = RenderModel("my \"warehouse\"", {"views/a.view.lkml", "explores/a.explore.lkml",
                                                            "dashboards/a.dashboard.lookml"});
  EXPECT_THAT(model, HasSubstr("connection: \"my \\\"warehouse\\\"\""));
  EXPECT_THAT(model, HasSubstr("include: \"/explores/a.explore.lkml\""));
  EXPECT_THAT(model, HasSubstr("include: \"/dashboards/a.dashboard.lookml\""));
  EXPECT_THAT(model, Not(HasSubstr("views/a.view.lkml")));
}

TEST(Tree, LeavesOutProjectsThatHaveEnded) {
  GenerationOptions options;
  options.today = absl::CivilDay(2024, 4, 1);
  const GeneratedTree tree = GenerateTree({testing::InputFor(testing::ResolvedExample("fission-experiment")),
                                           testing::InputFor(testing::ResolvedExample("fission-rollout"))},
                                          options);
  EXPECT_THAT(tree.skipped, ElementsAre("fission-experiment"));
  for (const GeneratedFile& f : tree.files) EXPECT_THAT(f.path, Not(HasSubstr("fission_experiment")));
  options.today = absl::CivilDay(2024, 3, 31);  // its last day still counts
  EXPECT_THAT(GenerateTree({testing::InputFor(testing::ResolvedExample("fission-experiment"))}, options).skipped,
              IsEmpty());
}

TEST(Tree, SkipsAProjectWhoseLookmlNameClashesWithAnother) {
  config::ResolvedProject a = testing::ResolvedExample("fission-rollout");
  config::ResolvedProject b = a;
  b.slug = "Fission-Rollout";
  b.table_name = "Fission_Rollout";
  const GeneratedTree tree = GenerateTree({testing::InputFor(a), testing::InputFor(b)}, {});
  ASSERT_EQ(tree.problems.size(), 1u);
  EXPECT_THAT(tree.problems[0], HasSubstr("project fission-rollout: LookML name fission_rollout"));
  EXPECT_THAT(tree.skipped, ElementsAre("fission-rollout"));
}

TEST(Dashboard, EscapedValuesSurviveAYamlRoundTrip) {
  std::vector<ProjectLookmlInput> inputs = testing::GoldenInputs();
  const ProjectLookmlInput& edge = inputs.back();
  ASSERT_EQ(edge.project.slug, "edge-cases");
  const YAML::Node root = YAML::Load(RenderDashboard(edge, PlanDashboard(edge, {})));
  EXPECT_EQ(root[0]["title"].as<std::string>(), edge.project.name);
  bool found = false;
  for (const YAML::Node& f : root[0]["filters"]) {
    if (f["name"].as<std::string>() != "Operating system") continue;
    found = true;
    EXPECT_EQ(f["default_value"].as<std::string>(), "Win'dows^, 10");
    EXPECT_EQ(f["ui_config"]["options"][1].as<std::string>(), "yes");  // a string, not a boolean
  }
  EXPECT_TRUE(found);
}

TEST(Dashboard, ProjectWithoutMetricsHasNoTilesButIsComplete) {
  ProjectLookmlInput input = testing::InputFor(testing::ResolvedExample("nightly-build-over-build"));
  input.project.metrics.clear();
  const GeneratedTree tree = GenerateTree({input}, {});
  EXPECT_THAT(tree.problems, IsEmpty());
  const YAML::Node root = YAML::Load(RenderDashboard(input, PlanDashboard(input, {})));
  EXPECT_EQ(root[0]["elements"].size(), 0u);
  EXPECT_EQ(root[0]["filters"][0]["name"].as<std::string>(), "Date");
}

}  // namespace
}  // namespace opmon::lookml
