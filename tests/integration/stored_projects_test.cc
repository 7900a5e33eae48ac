// The shared readers of what the services store, against a real PostgreSQL:
// stored project versions (common/projects) and dimension value frequencies
// of a results relation (common/results/dimension_frequencies.h).
#include <pqxx/pqxx>

#include "common/config/canonical_json.h"
#include "common/projects/project_versions.h"
#include "common/projects/stored_projects.h"
#include "common/results/dimension_frequencies.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/status_matchers.h"

namespace opmon::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

config::ResolvedProject Project(const std::string& slug, const std::string& name) {
  config::ResolvedProject p;
  p.slug = slug;
  p.name = name;
  return p;
}

class StoredProjectsTest : public PgTest {
 protected:
  // Each test reads every stored project, so it starts from none (the
  // tests of one binary share a database).
  void SetUp() override {
    conn_ = std::make_unique<pqxx::connection>(dsn());
    pqxx::work tx(*conn_);
    tx.exec("TRUNCATE opmon.projects, opmon.project_versions CASCADE");
    tx.commit();
  }

  // Stores `resolved_json` as version `version` of `slug` and makes it the latest.
  void Store(const std::string& slug, int64_t version, const std::string& resolved_json, bool deleted = false) {
    pqxx::work tx(*conn_);
    tx.exec_params(
        "INSERT INTO opmon.project_versions (slug, version, content_hash, resolved, message, deleted) "
        "VALUES ($1, $2, 'hash', $3::jsonb, 'm', $4)",
        slug, version, resolved_json, deleted);
    tx.exec_params(
        "INSERT INTO opmon.projects (slug, latest_version, deleted) VALUES ($1, $2, $3) "
        "ON CONFLICT (slug) DO UPDATE SET latest_version = EXCLUDED.latest_version, deleted = EXCLUDED.deleted",
        slug, version, deleted);
    tx.commit();
  }

  std::unique_ptr<pqxx::connection> conn_;
};

TEST_F(StoredProjectsTest, ReadsTheLatestLiveVersionWithItsResultsTable) {
  Store("read-latest", 1, config::ToCanonicalJson(Project("read-latest", "first")));
  Store("read-latest", 2, config::ToCanonicalJson(Project("read-latest", "second")));
  pqxx::read_transaction tx(*conn_);
  absl::StatusOr<projects::StoredProject> latest = projects::ReadLatestProject(tx, "read-latest");
  ASSERT_THAT(latest, IsOk());
  EXPECT_EQ(latest->version, 2);
  EXPECT_EQ(latest->project.name, "second");
  EXPECT_EQ(latest->project.table_name, "read_latest");
  absl::StatusOr<config::ResolvedProject> first = projects::ReadProjectVersion(tx, "read-latest", 1);
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->name, "first");
  EXPECT_THAT(projects::ReadProjectVersion(tx, "read-latest", 3),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("\"read-latest\" has no resolved version 3")));
  EXPECT_THAT(projects::ReadLatestProject(tx, "never-applied"),
              StatusIs(absl::StatusCode::kNotFound, "slug: no project \"never-applied\""));
}

TEST_F(StoredProjectsTest, LeavesDeletedProjectsOutAndReportsUnparsableOnes) {
  Store("live-a", 1, config::ToCanonicalJson(Project("live-a", "a")));
  Store("live-deleted", 2, config::ToCanonicalJson(Project("live-deleted", "d")), /*deleted=*/true);
  Store("live-broken", 1, R"({"metrics": 3})");
  pqxx::read_transaction tx(*conn_);
  EXPECT_THAT(projects::ReadLatestProject(tx, "live-deleted"), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(projects::ReadLatestProject(tx, "live-broken"),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("project \"live-broken\": stored version 1 does not parse")));
  projects::LiveProjects live = projects::ReadLiveProjects(tx);
  ASSERT_EQ(live.projects.size(), 1u);
  EXPECT_EQ(live.projects[0].project.slug, "live-a");
  EXPECT_EQ(live.projects[0].version, 1);
  ASSERT_EQ(live.problems.size(), 1u);
  EXPECT_THAT(live.problems[0], HasSubstr("project \"live-broken\": stored version 1 does not parse"));
  EXPECT_THAT(projects::ReadLiveSlugs(tx), ElementsAre("live-a", "live-broken"));
}

TEST_F(StoredProjectsTest, ReadsVersionRowsHistoryAndSummaries) {
  Store("rows", 1, config::ToCanonicalJson(Project("rows", "Rows")));
  Store("rows", 2, config::ToCanonicalJson(Project("rows", "Rows")), /*deleted=*/true);
  pqxx::read_transaction tx(*conn_);
  std::optional<projects::ProjectHead> head = projects::ReadProjectHead(tx, "rows");
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->latest_version, 2);
  EXPECT_TRUE(head->deleted);
  EXPECT_FALSE(projects::ReadProjectHead(tx, "no-rows").has_value());
  std::optional<projects::ProjectVersionRow> row = projects::ReadVersionRow(tx, "rows", 1);
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->content_hash, "hash");
  EXPECT_EQ(row->message, "m");
  EXPECT_FALSE(row->deleted);
  ASSERT_TRUE(row->resolved_json.has_value());
  EXPECT_THAT(*row->resolved_json, HasSubstr("\"Rows\""));
  EXPECT_FALSE(projects::ReadVersionRow(tx, "rows", 5).has_value());
  std::vector<projects::ProjectVersionRow> history = projects::ReadVersionHistory(tx, "rows");
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].version, 2);
  EXPECT_TRUE(history[0].deleted);
  EXPECT_THAT(projects::ReadLatestSummaries(tx, /*include_deleted=*/false), IsEmpty());
  std::vector<projects::LatestVersionSummary> all = projects::ReadLatestSummaries(tx, /*include_deleted=*/true);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].name, "Rows");
  EXPECT_TRUE(all[0].deleted);
}

TEST_F(StoredProjectsTest, CountsDimensionValuesMostFrequentFirst) {
  config::ResolvedProject project = Project("freq", "Freq");
  project.table_name = "freq";
  for (const char* name : {"os", "country", "added_later"}) {
    config::Dimension d;
    d.name = name;
    project.dimensions.push_back(d);
  }
  pqxx::read_transaction empty_tx(*conn_);
  EXPECT_THAT(results::ReadDimensionFrequencies(empty_tx, project, 10), IsEmpty());  // never computed
  empty_tx.commit();
  {
    pqxx::work tx(*conn_);
    tx.exec("CREATE TABLE opmon_results.freq_statistics (os text, country text, branch text)");
    tx.exec("INSERT INTO opmon_results.freq_statistics VALUES "
            "('Mac', 'DE', 'a'), ('Linux', 'DE', 'a'), ('Mac', NULL, 'b'), ('Win', 'FR', 'b'), ('Mac', '', 'b')");
    tx.commit();
  }
  pqxx::read_transaction tx(*conn_);
  std::vector<results::DimensionValues> values = results::ReadDimensionFrequencies(tx, project, 2);
  EXPECT_EQ(values, (std::vector<results::DimensionValues>{
                        {"os", {{"Mac", 3}, {"Linux", 1}}},
                        {"country", {{"", 2}, {"DE", 2}}},  // NULL and '' count as ""; ties by value
                        {"added_later", {}}}));
  EXPECT_EQ(results::ReadValueFrequencies(tx, results::StatisticsTable(project), "branch", 5),
            (std::vector<results::ValueCount>{{"b", 3}, {"a", 2}}));
}

}  // namespace
}  // namespace opmon::testing
