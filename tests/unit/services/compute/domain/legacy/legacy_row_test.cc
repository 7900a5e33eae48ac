// A legacy row's dimensions and histogram, and the row as stored.
#include "services/compute/domain/legacy/legacy_row.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace opmon::compute::legacy {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ParseLegacyRow, ReadsEveryDimensionAndTheHistogram) {
  LegacyAggregateRow row;
  ASSERT_TRUE(ParseLegacyRow(R"({"os": "Windows_NT", "child": "false", "label": "tab\there \"q\" \\ \u00e9",
                                 "metric": "GC_MS", "osVersion": "10.0", "application": "Firefox",
                                 "architecture": "x86", "other": 1})",
                             "{0,2,-1,9223372036854775807,4}", row)
                  .ok());
  EXPECT_EQ(row.os, "Windows_NT");
  EXPECT_EQ(row.child, "false");
  EXPECT_EQ(row.label, "tab\there \"q\" \\ \xc3\xa9");
  EXPECT_EQ(row.metric, "GC_MS");
  EXPECT_EQ(row.os_version, "10.0");
  EXPECT_EQ(row.application, "Firefox");
  EXPECT_EQ(row.architecture, "x86");
  EXPECT_THAT(row.aggregate, ElementsAre(0, 2, -1, 9223372036854775807, 4));
}

TEST(ParseLegacyRow, KeepsBooleansAndNumbersAsTextAndNullsAsNull) {
  LegacyAggregateRow row;
  row.os = "stale";
  ASSERT_TRUE(ParseLegacyRow(R"({"metric": "M", "child": true, "osVersion": 6.1, "label": null})", "{1,2}", row).ok());
  EXPECT_EQ(row.child, "true");
  EXPECT_EQ(row.os_version, "6.1");
  EXPECT_EQ(row.label, std::nullopt);
  EXPECT_EQ(row.os, std::nullopt);
}

TEST(ParseLegacyRow, RefusesANonNumericArray) {
  LegacyAggregateRow row;
  EXPECT_THAT(ParseLegacyRow(R"({"metric": "M"})", "{1,x,3}", row),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("histogram: element 2 \"x\" is not an integer")));
  EXPECT_THAT(ParseLegacyRow(R"({"metric": "M"})", "{1,NULL,3}", row),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("element 2")));
  EXPECT_THAT(ParseLegacyRow(R"({"metric": "M"})", "{{1,2},{3,4}}", row),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("histogram")));
  EXPECT_THAT(ParseLegacyRow(R"({"metric": "M"})", "{1,2,}", row),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("histogram")));
  EXPECT_THAT(ParseLegacyRow(R"({"metric": "M"})", "[1,2]", row),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not an array literal")));
  EXPECT_THAT(ParseLegacyRow(R"({"metric": "M"})", "{7}", row),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("fewer than two elements")));
}

TEST(ParseLegacyRow, RefusesBadDimensions) {
  LegacyAggregateRow row;
  EXPECT_THAT(ParseLegacyRow("[1]", "{1,2}", row),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("dimensions: not a JSON object")));
  EXPECT_THAT(ParseLegacyRow(R"({"os": "Linux"})", "{1,2}", row),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("dimensions: no metric")));
  EXPECT_THAT(ParseLegacyRow(R"({"metric": {"a": 1}})", "{1,2}", row),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("dimensions.metric")));
}

TEST(EncodeAggregateLine, WritesTheStoredColumnsInOrder) {
  LegacyAggregateRow row;
  ASSERT_TRUE(ParseLegacyRow(R"({"metric": "M", "label": "a\tb\\c", "os": "Linux"})", "{3,4,5}", row).ok());
  pg::CopyLine line;
  EncodeAggregateLine(*ParseLegacyTableName("build_id_aurora_42_20191201"), row, line);
  EXPECT_EQ(line.text(), "build_id\t20191201\taurora\t42\tLinux\t\\N\ta\\tb\\\\c\tM\t\\N\t\\N\t\\N\t{3,4,5}");
}

}  // namespace
}  // namespace opmon::compute::legacy
