// Validation and normalisation of statistics queries, the SQL they become,
// and page tokens.
#include "services/statistics/domain/statistics_query.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/statistics/domain/page_token.h"
#include "services/statistics/domain/query_sql.h"
#include "tests/testing/status_matchers.h"
#include "tests/unit/common_fixtures/config_builders.h"

namespace opmon::statistics {
namespace {

using ::opmon::testing::NamedDimension;
using ::opmon::testing::NamedMetric;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

config::ResolvedProject Project(config::XAxis xaxis = config::XAxis::kSubmissionDate) {
  config::ResolvedProject p;
  p.slug = "fission-rollout";
  p.table_name = "fission_rollout";
  p.xaxis = xaxis;
  p.metrics = {NamedMetric("memory_total"), NamedMetric("gc_ms")};
  p.dimensions = {NamedDimension("os"), NamedDimension("country")};
  return p;
}

void ExpectInvalid(const absl::StatusOr<StatisticsQuery>& q, const std::string& text) {
  ASSERT_FALSE(q.ok());
  EXPECT_THAT(q, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(q.status().message()), HasSubstr(text));
}

TEST(ValidateQuery, NormalisesFiltersSoEqualQuestionsHaveEqualKeys) {
  QueryRequest a{.slug = "fission-rollout",
                 .metrics = {"memory_total", "gc_ms", "gc_ms"},
                 .parameters = {"50.0", "95"},
                 .branches = {"enabled", "disabled"},
                 .dimension_filters = {{"country", "DE"}, {"os", "Windows"}, {"os", "Linux"}}};
  QueryRequest b{.slug = "fission-rollout",
                 .metrics = {"gc_ms", "memory_total"},
                 .parameters = {"95", "50"},
                 .branches = {"disabled", "enabled"},
                 .dimension_filters = {{"os", "Linux"}, {"os", "Windows"}, {"country", "DE"}}};
  auto qa = ValidateQuery(Project(), a);
  auto qb = ValidateQuery(Project(), b);
  ASSERT_THAT(qa, IsOk());
  ASSERT_THAT(qb, IsOk());
  EXPECT_EQ(qa->CanonicalKey(), qb->CanonicalKey());
  EXPECT_THAT(qa->metrics, ElementsAre("gc_ms", "memory_total"));
  EXPECT_THAT(qa->parameters, ElementsAre("50", "95"));
  ASSERT_EQ(qa->dimension_filters.size(), 2u);
  EXPECT_EQ(qa->dimension_filters[0].name, "os");  // project order
  EXPECT_THAT(qa->dimension_filters[0].values, ElementsAre("Linux", "Windows"));
  EXPECT_EQ(qa->page_size, kDefaultPageSize);
  b.branches = {"disabled"};
  EXPECT_NE(ValidateQuery(Project(), b)->CanonicalKey(), qa->CanonicalKey());
}

TEST(ValidateQuery, KeysCannotCollideThroughSeparatorsInValues) {
  QueryRequest a{.slug = "fission-rollout", .branches = {"a,b"}};
  QueryRequest b{.slug = "fission-rollout", .branches = {"a", "b"}};
  EXPECT_NE(ValidateQuery(Project(), a)->CanonicalKey(), ValidateQuery(Project(), b)->CanonicalKey());
}

TEST(ValidateQuery, RejectsUnknownMetricsStatisticsAndDimensionsNamingTheField) {
  ExpectInvalid(ValidateQuery(Project(), {.slug = "fission-rollout", .metrics = {"gc_ms", "gcms"}}),
                "metrics[1]: \"gcms\" is not a metric of project \"fission-rollout\" (known: memory_total, gc_ms)");
  ExpectInvalid(ValidateQuery(Project(), {.slug = "fission-rollout", .statistics = {"median"}}),
                "statistics[0]: \"median\" is not a statistic");
  ExpectInvalid(ValidateQuery(Project(), {.slug = "fission-rollout", .dimension_filters = {{"osx", "Mac"}}}),
                "dimension_filters[0].name: \"osx\" is not a dimension of project");
}

TEST(ValidateQuery, ChecksDateRanges) {
  ExpectInvalid(ValidateQuery(Project(), {.slug = "fission-rollout", .from = "2024-02-30"}), "from");
  ExpectInvalid(ValidateQuery(Project(), {.slug = "fission-rollout", .to = "yesterday"}), "to");
  ExpectInvalid(ValidateQuery(Project(), {.slug = "fission-rollout", .from = "2024-03-02", .to = "2024-03-01"}),
                "from: \"2024-03-02\" is after to: \"2024-03-01\"");
  auto ok = ValidateQuery(Project(), {.slug = "fission-rollout", .from = "2024-03-01", .to = "2024-03-01"});
  ASSERT_THAT(ok, IsOk());
  EXPECT_EQ(ok->from, "2024-03-01");
}

TEST(ValidateQuery, BuildIdProjectsTakeBuildIdsOrDates) {
  auto q = ValidateQuery(Project(config::XAxis::kBuildId),
                         {.slug = "fission-rollout", .from = "2024-03-01", .to = "20240305"});
  ASSERT_THAT(q, IsOk());
  EXPECT_TRUE(q->by_build_id);
  EXPECT_EQ(q->from, "20240301");
  EXPECT_EQ(q->to, "20240305");
  ExpectInvalid(ValidateQuery(Project(config::XAxis::kBuildId), {.slug = "fission-rollout", .from = "2024"}),
                "from: \"2024\" is not a build id");
  ExpectInvalid(ValidateQuery(Project(config::XAxis::kBuildId),
                              {.slug = "fission-rollout", .from = "20240306000000", .to = "20240305"}),
                "is after");
}

TEST(ValidateQuery, BoundsThePageSize) {
  EXPECT_EQ(ValidateQuery(Project(), {.slug = "fission-rollout", .page_size = 50000})->page_size, kMaxPageSize);
  EXPECT_EQ(ValidateQuery(Project(), {.slug = "fission-rollout", .page_size = 7})->page_size, 7);
  ExpectInvalid(ValidateQuery(Project(), {.slug = "fission-rollout", .page_size = -1}), "page_size: -1");
}

TEST(QueryStatisticsSql, BindsEveryValueAndQuotesIdentifiers) {
  auto q = ValidateQuery(Project(), {.slug = "fission-rollout",
                                     .metrics = {"gc_ms"},
                                     .branches = {"enabled"},
                                     .dimension_filters = {{"os", "Windows'; DROP TABLE x; --"}},
                                     .from = "2024-03-01",
                                     .to = "2024-03-31",
                                     .page_size = 100});
  ASSERT_THAT(q, IsOk());
  const SqlStatement sql = BuildStatisticsPageSql(Project(), *q, 200, 101);
  EXPECT_EQ(sql.text,
            "WITH version AS (SELECT COALESCE((SELECT version FROM opmon.data_versions WHERE slug = $1), 0) AS "
            "data_version) SELECT version.data_version, page.submission_date::text, page.build_id, page.d0, "
            "page.d1, page.branch, page.metric, page.statistic, page.parameter, page.point, page.lower, page.upper "
            "FROM version LEFT JOIN LATERAL (SELECT submission_date, COALESCE(build_id, '') AS build_id, "
            "COALESCE(\"os\", '') AS d0, COALESCE(\"country\", '') AS d1, COALESCE(branch, '') AS branch, "
            "COALESCE(metric, '') AS metric, COALESCE(statistic, '') AS statistic, COALESCE(parameter, '') AS "
            "parameter, point, lower, upper FROM \"opmon_results\".\"fission_rollout_statistics\" WHERE metric IN ($2) "
            "AND branch IN ($3) AND \"os\" IN ($4) AND submission_date >= $5::date AND submission_date <= "
            "$6::date ORDER BY submission_date, build_id, d0, d1, branch, metric, statistic, parameter, point, "
            "lower, upper LIMIT $7::bigint OFFSET $8::bigint) AS page ON TRUE ORDER BY page.submission_date, "
            "page.build_id, page.d0, page.d1, page.branch, page.metric, page.statistic, page.parameter, "
            "page.point, page.lower, page.upper");
  EXPECT_THAT(sql.params, ElementsAre("fission-rollout", "gc_ms", "enabled", "Windows'; DROP TABLE x; --",
                                      "2024-03-01", "2024-03-31", "101", "200"));
}

TEST(QueryStatisticsSql, BuildIdRangesCompareTheUpperBoundAsAPrefix) {
  auto q = ValidateQuery(Project(config::XAxis::kBuildId),
                         {.slug = "fission-rollout", .from = "20240301", .to = "20240305"});
  ASSERT_THAT(q, IsOk());
  const SqlStatement sql = BuildStatisticsPageSql(Project(config::XAxis::kBuildId), *q, 0, 10);
  EXPECT_THAT(sql.text, HasSubstr("WHERE build_id >= $2::text AND left(build_id, length($3::text)) <= $3::text"));
}

TEST(PageToken, RoundTripsAndIsBoundToItsQuery) {
  const PageToken token{.data_version = 7, .project_version = 2, .offset = 3000};
  const std::string text = EncodePageToken(token, "query-a");
  auto decoded = DecodePageToken(text, "query-a");
  ASSERT_THAT(decoded, IsOk());
  EXPECT_EQ(*decoded, token);
  auto other = DecodePageToken(text, "query-b");
  ASSERT_FALSE(other.ok());
  EXPECT_THAT(std::string(other.status().message()), HasSubstr("page_token: issued for a different query"));
  EXPECT_EQ(DecodePageToken("garbage!", "query-a").status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace opmon::statistics
