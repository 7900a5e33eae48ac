// QueryLegacyAggregates' validation, its cache key, the SQL it becomes and the
// merge of stored rows into one histogram per (date, label), with numbers
// worked by hand.
#include "services/statistics/domain/legacy_query.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/statistics/domain/legacy_aggregates_reader.h"
#include "services/statistics/domain/legacy_histogram_merge.h"
#include "tests/testing/status_matchers.h"

namespace opmon::statistics {
namespace {

using ::opmon::testing::IsOk;
using ::opmon::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

LegacyQueryRequest Request() {
  LegacyQueryRequest r;
  r.channel = "nightly";
  r.version = "42";
  r.metric = "GC_MS";
  return r;
}

TEST(ValidateLegacyQuery, DefaultsToSubmissionDateAndNormalisesDays) {
  LegacyQueryRequest r = Request();
  r.from = "2015-06-15";
  r.to = "20150616";
  absl::StatusOr<LegacyQuery> q = ValidateLegacyQuery(r);
  ASSERT_THAT(q, IsOk());
  EXPECT_EQ(q->aggregate_type, legacy::AggregateType::kSubmissionDate);
  EXPECT_EQ(q->from, "20150615");
  EXPECT_EQ(q->to, "20150616");
  r.aggregate_type = "build_id";
  r.from = "";
  q = ValidateLegacyQuery(r);
  ASSERT_THAT(q, IsOk());
  EXPECT_EQ(q->aggregate_type, legacy::AggregateType::kBuildId);
  EXPECT_EQ(q->from, std::nullopt);
}

TEST(ValidateLegacyQuery, NamesTheFieldOfEveryBadRequest) {
  auto with = [](auto edit) {
    LegacyQueryRequest r = Request();
    edit(r);
    return ValidateLegacyQuery(r).status();
  };
  using absl::StatusCode::kInvalidArgument;
  EXPECT_THAT(with([](auto& r) { r.aggregate_type = "build"; }),
              StatusIs(kInvalidArgument, HasSubstr("aggregate_type: \"build\" is not build_id|submission_date")));
  EXPECT_THAT(with([](auto& r) { r.channel = ""; }), StatusIs(kInvalidArgument, HasSubstr("channel: required")));
  EXPECT_THAT(with([](auto& r) { r.version = ""; }), StatusIs(kInvalidArgument, HasSubstr("version: required")));
  EXPECT_THAT(with([](auto& r) { r.metric = ""; }), StatusIs(kInvalidArgument, HasSubstr("metric: required")));
  EXPECT_THAT(with([](auto& r) { r.from = "20150230"; }),
              StatusIs(kInvalidArgument, HasSubstr("from: \"20150230\" is not a day as YYYYMMDD or YYYY-MM-DD")));
  EXPECT_THAT(with([](auto& r) { r.to = "2015061"; }), StatusIs(kInvalidArgument, HasSubstr("to: \"2015061\"")));
  EXPECT_THAT(with([](auto& r) {
                r.from = "20150617";
                r.to = "20150616";
              }),
              StatusIs(kInvalidArgument, HasSubstr("from: 20150617 is after to: 20150616")));
  EXPECT_THAT(with([](auto& r) {
                r.filters = {{LegacyDimension::kOs, "Linux"}, {LegacyDimension::kOs, "Darwin"}};
              }),
              StatusIs(kInvalidArgument, HasSubstr("os: filtered more than once")));
}

TEST(LegacyQueryKey, IsTheSameForEquivalentRequestsAndDiffersOtherwise) {
  LegacyQueryRequest a = Request();
  a.from = "2015-06-15";
  a.filters = {{LegacyDimension::kOs, "Linux"}, {LegacyDimension::kLabel, ""}};
  LegacyQueryRequest b = Request();
  b.aggregate_type = "submission_date";
  b.from = "20150615";
  b.filters = {{LegacyDimension::kLabel, ""}, {LegacyDimension::kOs, "Linux"}};
  const std::string key = ValidateLegacyQuery(a)->CanonicalKey();
  EXPECT_EQ(key, ValidateLegacyQuery(b)->CanonicalKey());
  b.filters.pop_back();  // no os filter
  EXPECT_NE(key, ValidateLegacyQuery(b)->CanonicalKey());
  LegacyQueryRequest c = a;
  c.aggregate_type = "build_id";
  EXPECT_NE(key, ValidateLegacyQuery(c)->CanonicalKey());
  // A value holding a separator cannot imitate two values.
  LegacyQueryRequest d = Request(), e = Request();
  d.channel = "night|2:ly";
  e.channel = "night";
  e.version = "ly|2:42";
  EXPECT_NE(ValidateLegacyQuery(d)->CanonicalKey(), ValidateLegacyQuery(e)->CanonicalKey());
}

TEST(LegacyAggregatesSql, BindsEveryValueAndQuotesEveryColumn) {
  LegacyQueryRequest r = Request();
  r.aggregate_type = "build_id";
  r.from = "20150615";
  r.to = "20150616";
  r.filters = {{LegacyDimension::kChild, "true"}, {LegacyDimension::kOsVersion, "6.1"}};
  const SqlStatement sql = BuildLegacyAggregatesSql(*ValidateLegacyQuery(r));
  EXPECT_EQ(sql.text,
            "WITH version AS (SELECT COALESCE((SELECT version FROM opmon.data_versions WHERE slug = $1), 0) AS "
            "data_version) SELECT version.data_version, selected.ds_nodash, selected.label, selected.aggregate::text "
            "FROM version LEFT JOIN LATERAL (SELECT ds_nodash, COALESCE(label, '') AS label, aggregate FROM "
            "opmon.legacy_aggregates WHERE aggregate_type = $2 AND channel = $3 AND version = $4 AND metric = $5 AND "
            "ds_nodash >= $6 AND ds_nodash <= $7 AND COALESCE(\"os_version\", '') = $8 AND "
            "COALESCE(\"child\", '') = $9) AS selected ON TRUE");
  EXPECT_THAT(sql.params, ElementsAre("@legacy_aggregates", "build_id", "nightly", "42", "GC_MS", "20150615",
                                      "20150616", "6.1", "true"));
}

TEST(LegacyHistogramMerger, SumsBucketsSumsAndCountsApartPerDateAndLabel) {
  LegacyHistogramMerger merger;
  // 20150615, unkeyed: [1,2,3 | sum 10, count 6] + [4,0,1 | 7, 5] = [5,2,4 | 17, 11].
  const std::vector<std::int64_t> a = {1, 2, 3, 10, 6}, b = {4, 0, 1, 7, 5};
  // 20150615, label "x": alone.
  const std::vector<std::int64_t> c = {0, 9, 0, 90, 9};
  // 20150614, unkeyed: [2,2,2 | 6, 6] + [1,1,1 | 3, 3] + [0,0,5 | 50, 5] = [3,3,8 | 59, 14].
  const std::vector<std::int64_t> d = {2, 2, 2, 6, 6}, e = {1, 1, 1, 3, 3}, f = {0, 0, 5, 50, 5};
  ASSERT_THAT(merger.Add("20150615", "", a), IsOk());
  ASSERT_THAT(merger.Add("20150615", "x", c), IsOk());
  ASSERT_THAT(merger.Add("20150614", "", d), IsOk());
  ASSERT_THAT(merger.Add("20150615", "", b), IsOk());
  ASSERT_THAT(merger.Add("20150614", "", e), IsOk());
  ASSERT_THAT(merger.Add("20150614", "", f), IsOk());
  EXPECT_THAT(std::move(merger).Finish(),
              ElementsAre(LegacyHistogram{"20150614", "", {3, 3, 8}, 59, 14, 3},
                          LegacyHistogram{"20150615", "", {5, 2, 4}, 17, 11, 2},
                          LegacyHistogram{"20150615", "x", {0, 9, 0}, 90, 9, 1}));
}

TEST(LegacyHistogramMerger, RefusesInconsistentRowsNamingWhere) {
  LegacyHistogramMerger merger;
  const std::vector<std::int64_t> three = {1, 2, 3, 10, 6}, two = {1, 2, 3, 4}, short_array = {5};
  ASSERT_THAT(merger.Add("20150615", "tab\t", three), IsOk());
  EXPECT_THAT(merger.Add("20150615", "tab\t", two),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("legacy aggregate of 20150615 label \"tab\\t\": a row with 2 buckets among rows "
                                 "with 3; re-import that day")));
  LegacyHistogramMerger other;
  EXPECT_THAT(other.Add("20150615", "", short_array),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("1 elements, fewer than the sum and the count")));
}

TEST(LegacyHistogramMerger, ReportsOverflowInsteadOfWrapping) {
  LegacyHistogramMerger merger;
  const std::int64_t max = std::numeric_limits<std::int64_t>::max();
  const std::vector<std::int64_t> a = {1, max, 1}, b = {0, 1, 1};
  ASSERT_THAT(merger.Add("20150615", "", a), IsOk());
  EXPECT_THAT(merger.Add("20150615", "", b),
              StatusIs(absl::StatusCode::kOutOfRange, HasSubstr("the merged sum passes 2^63 - 1")));
}

}  // namespace
}  // namespace opmon::statistics
