// QueryErrorAggregates' validation: the grouping, population and filter rules
// of docs/errors.md (Aggregates API), the errors naming what is wrong, and
// the cache key.
#include "services/statistics/domain/error_aggregates_query.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace opmon::statistics {
namespace {

using errors::Dimension;
using errors::Measure;
using ::opmon::testing::IsOk;
using ::opmon::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

ErrorAggregatesRequest Request() {
  ErrorAggregatesRequest r;
  r.measurements = {"main_crashes", "usage_hours"};
  return r;
}

absl::Status ErrorOf(const ErrorAggregatesRequest& r) { return ValidateErrorAggregatesQuery(r).status(); }

TEST(ValidateErrorAggregatesQuery, GroupsByWindowStartFirstWhenNoTimeDimensionIsAsked) {
  ErrorAggregatesRequest r = Request();
  r.dimensions = {"channel", "build_id"};
  absl::StatusOr<ErrorAggregatesQuery> q = ValidateErrorAggregatesQuery(r);
  ASSERT_THAT(q, IsOk());
  EXPECT_THAT(q->dimensions, ElementsAre(Dimension::kWindowStart, Dimension::kChannel, Dimension::kBuildId));
  EXPECT_THAT(q->measures, ElementsAre(Measure::kMainCrashes, Measure::kUsageHours));
  EXPECT_EQ(q->page_size, kDefaultErrorPageSize);
}

TEST(ValidateErrorAggregatesQuery, KeepsWindowStartWhereItIsAsked) {
  ErrorAggregatesRequest r = Request();
  r.dimensions = {"channel", "window_start"};
  absl::StatusOr<ErrorAggregatesQuery> q = ValidateErrorAggregatesQuery(r);
  ASSERT_THAT(q, IsOk());
  EXPECT_THAT(q->dimensions, ElementsAre(Dimension::kChannel, Dimension::kWindowStart));
}

TEST(ValidateErrorAggregatesQuery, ReadsThePopulationUnlessExperimentIdIsGroupedOrFiltered) {
  ErrorAggregatesRequest r = Request();
  r.dimensions = {"channel"};
  EXPECT_TRUE(ValidateErrorAggregatesQuery(r)->population_only);
  r.dimensions = {"experiment_id"};
  EXPECT_FALSE(ValidateErrorAggregatesQuery(r)->population_only);
  r.dimensions = {"experiment_branch"};
  r.filters = {{.dimension = "experiment_id", .values = {"exp-a"}}};
  EXPECT_FALSE(ValidateErrorAggregatesQuery(r)->population_only);
}

TEST(ValidateErrorAggregatesQuery, RefusesExperimentBranchWithoutExperimentId) {
  ErrorAggregatesRequest r = Request();
  r.dimensions = {"experiment_branch"};
  EXPECT_THAT(ErrorOf(r), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("experiment_branch")));
  r.dimensions = {};
  r.filters = {{.dimension = "experiment_branch", .values = {"treatment"}}};
  EXPECT_THAT(ErrorOf(r), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("needs experiment_id")));
}

TEST(ValidateErrorAggregatesQuery, NamesAnUnknownMeasurementDimensionOrFilter) {
  ErrorAggregatesRequest r = Request();
  r.measurements = {"count", "main_crash"};
  EXPECT_THAT(ErrorOf(r), StatusIs(absl::StatusCode::kInvalidArgument,
                                   AllOf(HasSubstr("measurements: \"main_crash\""), HasSubstr("main_crashes"))));
  r = Request();
  r.dimensions = {"os"};
  EXPECT_THAT(ErrorOf(r), StatusIs(absl::StatusCode::kInvalidArgument,
                                   AllOf(HasSubstr("dimensions: \"os\""), HasSubstr("os_name"))));
  r = Request();
  r.filters = {{.dimension = "chanel", .values = {"release"}}};
  EXPECT_THAT(ErrorOf(r), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("filters: \"chanel\"")));
  r = Request();
  r.measurements = {};
  EXPECT_THAT(ErrorOf(r), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("measurements: required")));
}

TEST(ValidateErrorAggregatesQuery, RefusesRepeats) {
  ErrorAggregatesRequest r = Request();
  r.measurements = {"count", "count"};
  EXPECT_THAT(ErrorOf(r), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("\"count\" listed twice")));
  r = Request();
  r.dimensions = {"channel", "channel"};
  EXPECT_THAT(ErrorOf(r), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("\"channel\" listed twice")));
  r = Request();
  r.filters = {{.dimension = "channel", .values = {"release"}}, {.dimension = "channel", .values = {"beta"}}};
  EXPECT_THAT(ErrorOf(r),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("filters.channel: filtered more than once")));
}

TEST(ValidateErrorAggregatesQuery, TakesOneValueAsEqualityAndTwoAsARange) {
  ErrorAggregatesRequest r = Request();
  r.filters = {{.dimension = "version", .values = {"120", "123.0"}}, {.dimension = "channel", .values = {"release"}}};
  absl::StatusOr<ErrorAggregatesQuery> q = ValidateErrorAggregatesQuery(r);
  ASSERT_THAT(q, IsOk());
  EXPECT_THAT(q->filters, ElementsAre(ErrorFilter{Dimension::kChannel, "release", std::nullopt},
                                      ErrorFilter{Dimension::kVersion, "120", "123.0"}));
  r.filters = {{.dimension = "country", .values = {}}};
  EXPECT_THAT(ErrorOf(r), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("filters.country: 0 values")));
  r.filters = {{.dimension = "country", .values = {"DE", "FR", "US"}}};
  EXPECT_THAT(ErrorOf(r), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("filters.country: 3 values")));
}

TEST(ValidateErrorAggregatesQuery, RefusesBadRangeBoundsAndTimeFilters) {
  ErrorAggregatesRequest r = Request();
  r.filters = {{.dimension = "version", .values = {"120", "123.0b3"}}};
  EXPECT_THAT(ErrorOf(r), StatusIs(absl::StatusCode::kInvalidArgument,
                                   AllOf(HasSubstr("filters.version"), HasSubstr("\"123.0b3\""))));
  r.filters = {{.dimension = "country", .values = {"", "FR"}}};
  EXPECT_THAT(ErrorOf(r), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("filters.country")));
  r.filters = {{.dimension = "window_start", .values = {"2026-01-01T00:00:00Z"}}};
  EXPECT_THAT(ErrorOf(r), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("use from and to")));
}

TEST(ValidateErrorAggregatesQuery, ParsesTheTimeRangeAndThePageSize) {
  ErrorAggregatesRequest r = Request();
  r.from = "2026-01-31T12:00:00Z";
  r.to = "2026-01-31T13:00:00+01:00";
  EXPECT_THAT(ErrorOf(r), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("to: \"2026-01-31T13:00:00+01:00\"")));
  r.to = "2026-01-31T12:05:00Z";
  absl::StatusOr<ErrorAggregatesQuery> q = ValidateErrorAggregatesQuery(r);
  ASSERT_THAT(q, IsOk());
  EXPECT_EQ(*q->from, absl::FromUnixSeconds(1769860800));
  EXPECT_EQ(*q->to - *q->from, absl::Minutes(5));
  r.from = "yesterday";
  EXPECT_THAT(ErrorOf(r), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("from: \"yesterday\"")));
  r = Request();
  r.page_size = kMaxErrorPageSize + 1;
  EXPECT_THAT(ErrorOf(r), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_size")));
  r.page_size = 7;
  EXPECT_EQ(ValidateErrorAggregatesQuery(r)->page_size, 7);
}

TEST(ErrorAggregatesQueryKey, IgnoresFilterOrderAndPageSizeButNotTheRows) {
  ErrorAggregatesRequest a = Request();
  a.filters = {{.dimension = "channel", .values = {"release"}}, {.dimension = "os_name", .values = {"Windows"}}};
  ErrorAggregatesRequest b = a;
  std::swap(b.filters[0], b.filters[1]);
  b.page_size = 10;
  EXPECT_EQ(ValidateErrorAggregatesQuery(a)->CanonicalKey(), ValidateErrorAggregatesQuery(b)->CanonicalKey());
  b.filters[0].values = {"Windows", "Windows"};  // a range, not equality
  EXPECT_NE(ValidateErrorAggregatesQuery(a)->CanonicalKey(), ValidateErrorAggregatesQuery(b)->CanonicalKey());
  ErrorAggregatesRequest c = a;
  c.dimensions = {"experiment_id"};
  ErrorAggregatesRequest d = a;
  d.dimensions = {"window_start", "experiment_id"};  // the same grouping as c
  EXPECT_EQ(ValidateErrorAggregatesQuery(c)->CanonicalKey(), ValidateErrorAggregatesQuery(d)->CanonicalKey());
  EXPECT_NE(ValidateErrorAggregatesQuery(a)->CanonicalKey(), ValidateErrorAggregatesQuery(c)->CanonicalKey());
  ErrorAggregatesRequest e = a;
  e.measurements = {"usage_hours", "main_crashes"};  // columns in another order
  EXPECT_NE(ValidateErrorAggregatesQuery(a)->CanonicalKey(), ValidateErrorAggregatesQuery(e)->CanonicalKey());
}

}  // namespace
}  // namespace opmon::statistics
