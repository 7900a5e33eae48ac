// The SQL of QueryErrorAggregates, golden: values only as parameters, the
// population condition, equality with NULL as "", ranges (versions by their
// numbers), the time range and the order.
#include "services/statistics/domain/error_aggregates_sql.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace opmon::statistics {
namespace {

using ::testing::ElementsAre;

ErrorAggregatesQuery Validated(const ErrorAggregatesRequest& request) {
  absl::StatusOr<ErrorAggregatesQuery> q = ValidateErrorAggregatesQuery(request);
  EXPECT_TRUE(q.ok()) << q.status();
  return q.ok() ? *q : ErrorAggregatesQuery{};
}

TEST(BuildErrorAggregatesSql, SumsThePopulationPerWindowAndDimension) {
  ErrorAggregatesRequest r;
  r.measurements = {"count", "usage_hours"};
  r.dimensions = {"channel"};
  const SqlStatement sql = BuildErrorAggregatesSql(Validated(r), 11);
  EXPECT_EQ(sql.text,
            "SELECT to_char(window_start AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), \"channel\", "
            "sum(\"count\")::double precision, sum(\"usage_hours\")::double precision FROM opmon.error_aggregates "
            "WHERE experiment_id IS NULL GROUP BY 1, 2 ORDER BY 1 NULLS FIRST, 2 NULLS FIRST LIMIT $1::bigint");
  EXPECT_THAT(sql.params, ElementsAre("11"));
}

TEST(BuildErrorAggregatesSql, BindsFiltersAndTheTimeRange) {
  ErrorAggregatesRequest r;
  r.measurements = {"main_crashes"};
  r.dimensions = {"experiment_id"};
  r.filters = {{.dimension = "country", .values = {""}},
               {.dimension = "build_id", .values = {"20260101000000", "20260131235959"}},
               {.dimension = "channel", .values = {"release"}},
               {.dimension = "version", .values = {"120", "123.0"}}};
  r.from = "2026-01-31T12:00:00Z";
  r.to = "2026-02-01T00:00:00Z";
  const SqlStatement sql = BuildErrorAggregatesSql(Validated(r), 5);
  const std::string prefix =
      "(string_to_array(substring(\"version\" FROM '^[0-9]+(?:\\.[0-9]+)*'), '.')::bigint[])";
  EXPECT_EQ(sql.text,
            "SELECT to_char(window_start AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), \"experiment_id\", "
            "sum(\"main_crashes\")::double precision FROM opmon.error_aggregates WHERE "
            "\"channel\" = $1::text AND "
            "" + prefix + "[1:$2::int] >= string_to_array($3::text, '.')::bigint[] AND " +
            prefix + "[1:$4::int] <= string_to_array($5::text, '.')::bigint[] AND "
            "\"build_id\" BETWEEN $6::text AND $7::text AND "
            "COALESCE(\"country\", '') = $8::text AND "
            "window_start >= $9::timestamptz AND window_start < $10::timestamptz "
            "GROUP BY 1, 2 ORDER BY 1 NULLS FIRST, 2 NULLS FIRST LIMIT $11::bigint");
  EXPECT_THAT(sql.params, ElementsAre("release", "1", "120", "2", "123.0", "20260101000000", "20260131235959", "",
                                      "2026-01-31T12:00:00+00:00", "2026-02-01T00:00:00+00:00", "5"));
}

}  // namespace
}  // namespace opmon::statistics
