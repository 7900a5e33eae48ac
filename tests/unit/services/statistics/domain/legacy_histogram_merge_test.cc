// Merging stored legacy rows into one histogram per (date, label), with
// numbers worked by hand, and the rows that cannot merge.
#include "services/statistics/domain/legacy_histogram_merge.h"

#include <cstdint>
#include <limits>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace opmon::statistics {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

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
