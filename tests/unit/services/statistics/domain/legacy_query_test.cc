// QueryLegacyAggregates' validation and its cache key.
#include "services/statistics/domain/legacy_query.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace opmon::statistics {
namespace {

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

}  // namespace
}  // namespace opmon::statistics
