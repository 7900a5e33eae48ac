// Golden SQL for every example project (every population mode, both x-axes,
// several data sources, a NULL build_id source) and the errors that name
// the config path. Regenerate with OPMON_UPDATE_GOLDEN=1 and review the diff.

#include "services/compute/domain/client_query.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tests/testing/example_files.h"
#include "tests/testing/status_matchers.h"

namespace opmon::compute {
namespace {

using ::opmon::testing::IsOk;
using ::opmon::testing::StatusIs;
using ::testing::HasSubstr;

std::string Render(const ClientQuery& q) {
  std::string out = absl::StrCat("-- params: ", q.params.size(), "\n");
  for (size_t i = 0; i < q.params.size(); ++i) {
    absl::StrAppend(&out, "-- $", i + 1, " ", q.param_names[i], " = ", q.params[i], "\n");
  }
  absl::StrAppend(&out, q.sql, "\n");
  return out;
}

void ExpectGolden(const std::string& name, const std::string& actual) {
  const std::string relative = absl::StrCat("tests/unit/services/compute/domain/golden/", name, ".sql");
  if (std::getenv("OPMON_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(testing::SourcePath(relative), std::ios::binary) << actual;
    return;
  }
  EXPECT_EQ(testing::ReadSourceFile(relative), actual) << "golden file " << relative
                                                       << " differs; run with OPMON_UPDATE_GOLDEN=1 and review";
}

ClientQuery Build(const config::ResolvedProject& project, ClientQueryOptions options = {}) {
  if (options.day == absl::CivilDay()) options.day = absl::CivilDay(2024, 2, 10);
  auto q = BuildClientQuery(project, options);
  EXPECT_THAT(q, IsOk());
  return q.ok() ? *q : ClientQuery{};
}

class ExampleGolden : public ::testing::TestWithParam<const char*> {};

TEST_P(ExampleGolden, MatchesGoldenSql) {
  auto project = testing::ResolveExample(GetParam());
  ASSERT_THAT(project, IsOk());
  ExpectGolden(GetParam(), Render(Build(*project)));
}

INSTANTIATE_TEST_SUITE_P(Examples, ExampleGolden,
                         ::testing::Values("fission-experiment", "fission-rollout", "desktop-health",
                                           "nightly-build-over-build", "engagement-statistics"),
                         [](const auto& param_info) {
                           std::string name = param_info.param;
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

TEST(ClientQuery, EnrolledOrNotWhenNoBranchesPrefOrWholePopulation) {
  auto project = testing::ResolveProjectYaml("some-rollout", R"(
project:
  platform: firefox_desktop
  start_date: 2024-01-01
  skip_default_metrics: true
  metrics: [uri_count, memory_events]
  population: {data_source: main}
)");
  ASSERT_THAT(project, IsOk());
  ClientQuery q = Build(*project);
  EXPECT_THAT(q.sql, HasSubstr("CASE WHEN bool_or(jsonb_path_query_first((experiments), $2::jsonpath, '{}', true) "
                               "IS NOT NULL) THEN 'enabled' ELSE 'disabled' END"));
  ExpectGolden("enrolled_or_not", Render(q));
}

TEST(ClientQuery, PreviewSamplesBySampleId) {
  auto project = testing::ResolveExample("desktop-health");
  ASSERT_THAT(project, IsOk());
  ClientQueryOptions options;
  options.sample_percent = 5;
  ClientQuery q = Build(*project, options);
  EXPECT_THAT(q.sql, HasSubstr("AND sample_id < $3::double precision"));
  EXPECT_EQ(q.params.back(), "5");
}

TEST(ClientQuery, LayoutNamesColumnsInOrder) {
  auto project = testing::ResolveExample("engagement-statistics");
  ASSERT_THAT(project, IsOk());
  ClientQuery q = Build(*project);
  EXPECT_EQ(q.layout.dimensions, (std::vector<std::string>{"os", "channel"}));
  EXPECT_EQ(q.layout.BranchColumn(), 5);
  ASSERT_EQ(q.layout.metrics.size(), project->metrics.size());
  for (size_t i = 0; i < q.layout.metrics.size(); ++i) EXPECT_EQ(q.layout.metrics[i].name, project->metrics[i].name);
  EXPECT_EQ(q.layout.Columns(), 6 + static_cast<int>(project->metrics.size()));
}

TEST(ClientQuery, QuotesIdentifiersAndBindsValues) {
  auto project = testing::ResolveExample("fission-experiment");
  ASSERT_THAT(project, IsOk());
  ClientQuery q = Build(*project);
  EXPECT_THAT(q.sql, HasSubstr("AS \"gc_ms\""));
  EXPECT_THAT(q.sql, Not(HasSubstr("2024-02-10")));
  EXPECT_THAT(q.sql, Not(HasSubstr("'fission-experiment'")));
  // The slug is bound inside the branch's jsonpath (shippable to shards).
  EXPECT_EQ(q.params, (std::vector<std::string>{"2024-02-10", "strict $.\"fission-experiment\".branch ? (@ != null)",
                                                "{\"control\",\"treatment\"}", "nightly"}));
}

// BuildClientQuery for 2024-02-10 of example `slug` after `edit` changed its
// data source main.
template <typename Edit>
absl::StatusOr<ClientQuery> BuildWithMainSourceEdited(const std::string& slug, Edit edit) {
  auto project = testing::ResolveExample(slug);
  EXPECT_THAT(project, IsOk());
  if (!project.ok()) return project.status();
  for (auto& ds : project->data_sources) {
    if (ds.name == "main") edit(ds);
  }
  return BuildClientQuery(*project, {.day = absl::CivilDay(2024, 2, 10), .sample_percent = {}, .only_metrics = {},
                                     .without_dimensions = false});
}

TEST(ClientQuery, RefusesPopulationSourceWithoutClients) {
  auto q = BuildWithMainSourceEdited("desktop-health", [](auto& main) { main.client_id_column = "NULL"; });
  EXPECT_THAT(q, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(q.status().message(), HasSubstr("data_sources.main.client_id_column"));
}

TEST(ClientQuery, RefusesBranchesWithoutExperimentsColumn) {
  auto q = BuildWithMainSourceEdited("fission-experiment", [](auto& main) { main.experiments_column = ""; });
  EXPECT_THAT(q, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(q.status().message(), HasSubstr("data_sources.main.experiments_column"));
}

TEST(InlineParams, QuotesLiterals) {
  ClientQuery q;
  q.sql = "SELECT $1::text, $2::date, $10";
  q.params = {"it's", "2024-01-01"};
  EXPECT_EQ(InlineParams(q), "SELECT 'it''s'::text, '2024-01-01'::date, $10");
}

}  // namespace
}  // namespace opmon::compute
