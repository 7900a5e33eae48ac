// Names of the results relations: unchanged when they fit PostgreSQL's 63
// bytes, shortened with a hash (never cut silently) when they do not.
#include "common/results/relation_name.h"

#include <optional>
#include <string>

#include "gtest/gtest.h"

namespace opmon::results {
namespace {

config::ResolvedProject ProjectNamed(const std::string& slug, const std::string& table) {
  config::ResolvedProject p;
  p.slug = slug;
  p.table_name = table;
  return p;
}

TEST(RelationName, KeepsNamesThatFit) {
  EXPECT_EQ(RelationName("fission_rollout", "_statistics"), "fission_rollout_statistics");
  const std::string exact(63, 'a');
  EXPECT_EQ(RelationName(exact), exact);
}

TEST(RelationName, ShortensLongNamesToExactlyTheLimitKeepingTheSuffix) {
  const std::string base(60, 'a');
  const std::string statistics = RelationName(base, "_statistics");
  const std::string alerts = RelationName(base, "_alerts");
  EXPECT_EQ(statistics.size(), kMaxIdentifierBytes);
  EXPECT_EQ(alerts.size(), kMaxIdentifierBytes);
  EXPECT_EQ(statistics.substr(statistics.size() - 11), "_statistics");
  EXPECT_EQ(alerts.substr(alerts.size() - 7), "_alerts");
  EXPECT_EQ(statistics.substr(0, 44), base.substr(0, 43) + "_");  // base cut, then the hash
  EXPECT_EQ(RelationName(base, "_statistics"), statistics);               // deterministic
  EXPECT_NE(RelationName(std::string(59, 'a') + "b", "_statistics"), statistics);
}

TEST(RelationName, TableBasesUpToTheLimitKeepEveryTableName) {
  const std::string base(kMaxTableBaseBytes, 'a');
  EXPECT_EQ(kMaxTableBaseBytes, 52u);
  EXPECT_EQ(RelationName(base, kStatisticsSuffix), base + "_statistics");
  EXPECT_EQ(RelationNames(base)[2], base + "_alerts");
}

TEST(SharedRelationName, FindsRelationsTwoProjectsWouldShare) {
  EXPECT_EQ(SharedRelationName("foo", "foo"), "foo");
  // foo's statistics table is the values table of a project named foo_statistics.
  EXPECT_EQ(SharedRelationName("foo_statistics", "foo"), "foo_statistics");
  EXPECT_EQ(SharedRelationName("foo", "foo_alerts"), "foo_alerts");
  EXPECT_EQ(SharedRelationName("foo_day_idx", "foo"), "foo_day_idx");
  EXPECT_EQ(SharedRelationName("foo", "bar"), std::nullopt);
  EXPECT_EQ(SharedRelationName("foo", "foo_bar"), std::nullopt);
  // Long bases: compared as shortened, not as PostgreSQL would cut them.
  EXPECT_EQ(SharedRelationName(std::string(70, 'a') + "x", std::string(70, 'a') + "y"), std::nullopt);
}

TEST(ProjectRelations, LiveInTheResultsSchemaNamedAfterTheTable) {
  const config::ResolvedProject p = ProjectNamed("fission-rollout.v2", "fission_rollout_v2");
  EXPECT_EQ(ClientValuesTable(p).Qualified(), "\"opmon_results\".\"fission_rollout_v2\"");
  EXPECT_EQ(StatisticsTable(p).Qualified(), "\"opmon_results\".\"fission_rollout_v2_statistics\"");
  EXPECT_EQ(AlertsTable(p).Qualified(), "\"opmon_results\".\"fission_rollout_v2_alerts\"");
  // Projects stored before they carried a table name.
  EXPECT_EQ(StatisticsTable(ProjectNamed("fission-rollout.v2", "")).name, "fission_rollout_v2_statistics");
}

}  // namespace
}  // namespace opmon::results
