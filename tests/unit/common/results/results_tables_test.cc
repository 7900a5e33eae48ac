// The shared results relations: columns per project, DDL text, collisions,
// branch labels, text[] literals and identifier quoting.

#include "common/results/results_tables.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/results/branch_labels.h"
#include "common/results/text_array.h"
#include "common/sql/quote.h"
#include "tests/testing/status_matchers.h"
#include "tests/unit/common_fixtures/config_builders.h"

namespace opmon::results {
namespace {

using ::opmon::testing::NamedDimension;
using ::opmon::testing::NamedMetric;
using ::opmon::testing::StatisticOf;
using ::testing::HasSubstr;

config::ResolvedProject Project() {
  config::ResolvedProject p;
  p.slug = "fission-rollout.v2";
  p.table_name = "fission_rollout_v2";
  p.name = "Fission";
  p.dimensions = {NamedDimension("os"), NamedDimension("country")};
  config::Metric gc = NamedMetric("gc_ms");
  gc.type = config::MetricType::kHistogram;
  gc.statistics = {StatisticOf(StatisticKind::kPercentile)};
  config::Metric ticks = NamedMetric("active_ticks");
  ticks.statistics = {StatisticOf(StatisticKind::kMean), StatisticOf(StatisticKind::kSum),
                      StatisticOf(StatisticKind::kMean)};
  p.metrics = {gc, ticks};
  return p;
}

TEST(QuoteIdent, DoublesQuotesAndKeepsCase) {
  EXPECT_EQ(sql::QuoteIdent("os"), "\"os\"");
  EXPECT_EQ(sql::QuoteIdent("Weird\"Name"), "\"Weird\"\"Name\"");
  EXPECT_EQ(sql::QuoteIdent(std::string("a\0b", 3)), "\"ab\"");
  EXPECT_EQ(sql::QualifiedName("opmon_results", "x"), "\"opmon_results\".\"x\"");
}

TEST(QuoteLiteral, DoublesSingleQuotes) {
  EXPECT_EQ(sql::QuoteLiteral("it's"), "'it''s'");
  EXPECT_EQ(sql::QuoteLiteral(""), "''");
  EXPECT_EQ(sql::DoubledQuotes("say \"hi\", 'x'", '"'), "\"say \"\"hi\"\", 'x'\"");
}

TEST(TextArrayLiteral, QuotesEveryElement) {
  EXPECT_EQ(TextArrayLiteral({}), "{}");
  EXPECT_EQ(TextArrayLiteral({"a", "b c", "d\"e", "f\\g"}), "{\"a\",\"b c\",\"d\\\"e\",\"f\\\\g\"}");
}

TEST(ResultsTables, StatisticsColumnsHaveDimensionsBetweenFixedColumns) {
  auto columns = StatisticsColumns(Project());
  ASSERT_THAT(columns, IsOk());
  std::vector<std::string> names;
  for (const auto& c : *columns) names.push_back(c.name);
  EXPECT_EQ(names, (std::vector<std::string>{"submission_date", "build_id", "os", "country", "branch", "metric",
                                             "statistic", "point", "lower", "upper", "parameter"}));
}

TEST(ResultsTables, ClientValuesColumnsTypeMetricsByKind) {
  auto columns = ClientValuesColumns(Project());
  ASSERT_THAT(columns, IsOk());
  ASSERT_EQ(columns->size(), 8u);
  EXPECT_EQ((*columns)[2], (Column{"client_id", "text"}));
  EXPECT_EQ((*columns)[5], (Column{"branch", "text"}));
  EXPECT_EQ((*columns)[6], (Column{"gc_ms", "json", "COMPRESSION lz4"}));
  EXPECT_EQ((*columns)[7], (Column{"active_ticks", "double precision"}));
}

TEST(ResultsTables, DdlGolden) {
  config::ResolvedProject p = Project();
  auto columns = StatisticsColumns(p);
  ASSERT_THAT(columns, IsOk());
  EXPECT_EQ(CreateTableSql(StatisticsTable(p), *columns),
            "CREATE TABLE IF NOT EXISTS \"opmon_results\".\"fission_rollout_v2_statistics\" (\"submission_date\" date "
            "NOT NULL, \"build_id\" text, \"os\" text, \"country\" text, \"branch\" text, \"metric\" text, "
            "\"statistic\" text, \"point\" double precision, \"lower\" double precision, \"upper\" double precision, "
            "\"parameter\" text)");
  EXPECT_EQ(AddColumnSql(ClientValuesTable(p), {"gc_ms", "json", "COMPRESSION lz4"}),
            "ALTER TABLE \"opmon_results\".\"fission_rollout_v2\" ADD COLUMN IF NOT EXISTS \"gc_ms\" json "
            "COMPRESSION lz4");
  auto values = ClientValuesColumns(p);
  ASSERT_THAT(values, IsOk());
  EXPECT_EQ(CreateTableSql(ClientValuesTable(p), *values, kClientValuesStorage),
            "CREATE TABLE IF NOT EXISTS \"opmon_results\".\"fission_rollout_v2\" (\"submission_date\" date NOT NULL, "
            "\"build_id\" text, \"client_id\" text, \"os\" text, \"country\" text, \"branch\" text, "
            "\"gc_ms\" json COMPRESSION lz4, \"active_ticks\" double precision) WITH (toast_tuple_target = 8160)");
  EXPECT_EQ(CreateDayIndexSql(ClientValuesTable(p)),
            "CREATE INDEX IF NOT EXISTS \"fission_rollout_v2_day_idx\" ON \"opmon_results\".\"fission_rollout_v2\" "
            "(submission_date)");
  EXPECT_EQ(DeleteDaySql(StatisticsTable(p)),
            "DELETE FROM \"opmon_results\".\"fission_rollout_v2_statistics\" WHERE submission_date = $1::date");
}

TEST(ResultsTables, JsonbColumnsOfOlderTablesTakeJsonValues) {
  EXPECT_TRUE(CompatibleColumnType("json", "json"));
  EXPECT_TRUE(CompatibleColumnType("jsonb", "json"));
  EXPECT_FALSE(CompatibleColumnType("json", "jsonb"));
  EXPECT_FALSE(CompatibleColumnType("double precision", "json"));
  EXPECT_FALSE(CompatibleColumnType("text", "double precision"));
}

TEST(ResultsTables, RefusesADimensionNamedLikeAFixedColumn) {
  config::ResolvedProject p = Project();
  p.dimensions.push_back(NamedDimension("branch"));
  auto columns = StatisticsColumns(p);
  EXPECT_THAT(columns, StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("dimensions.branch")));
  config::ResolvedProject q = Project();
  q.metrics[1].name = "client_id";
  auto values = ClientValuesColumns(q);
  EXPECT_THAT(values, StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("metrics.client_id")));
}

TEST(ResultsTables, RefusesDimensionsThatPostgresqlWouldCutToOneName) {
  const std::string kept(sql::kMaxIdentifierBytes, 'd');
  EXPECT_EQ(sql::KeptIdentifier(kept + "_os"), kept);
  config::ResolvedProject p = Project();
  p.dimensions.push_back(NamedDimension(kept + "_os"));
  p.dimensions.push_back(NamedDimension(kept + "_country"));
  EXPECT_THAT(StatisticsColumns(p),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("dimensions." + kept + "_country")));
  config::ResolvedProject q = Project();
  q.metrics[1].name = std::string(sql::kMaxIdentifierBytes, 'm') + "_a";
  q.metrics[0].name = std::string(sql::kMaxIdentifierBytes, 'm') + "_b";
  EXPECT_THAT(ClientValuesColumns(q), StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("metrics.")));
}

TEST(ProjectsRelation, BranchesFollowThePopulationMode) {
  config::ResolvedProject p = Project();
  p.population.branches = {"control", "treatment"};
  EXPECT_EQ(ProjectBranches(p), (std::vector<std::string>{"control", "treatment"}));
  p.population.branches.clear();
  p.population.boolean_pref = "pref";
  EXPECT_EQ(ProjectBranches(p), (std::vector<std::string>{"enabled", "disabled"}));
  p.population.boolean_pref.reset();
  p.population.monitor_entire_population = true;
  EXPECT_EQ(ProjectBranches(p), (std::vector<std::string>{"active"}));
  p.population.monitor_entire_population = false;
  EXPECT_EQ(ProjectBranches(p), (std::vector<std::string>{"enabled", "disabled"}));
}

}  // namespace
}  // namespace opmon::results
