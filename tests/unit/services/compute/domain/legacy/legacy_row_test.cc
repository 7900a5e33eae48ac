// A legacy row's dimensions and histogram, and the row as stored.
#include "services/compute/domain/legacy/legacy_row.h"

#include <string>
#include <vector>

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

// Dimensions, histogram array literal and a part of the message it is
// refused with (InvalidArgument).
struct Refusal {
  std::string dimensions;
  std::string aggregate;
  std::string reason;
};

void ExpectRefused(const std::vector<Refusal>& cases) {
  for (const Refusal& c : cases) {
    LegacyAggregateRow row;
    EXPECT_THAT(ParseLegacyRow(c.dimensions, c.aggregate, row),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.reason)))
        << c.dimensions << " " << c.aggregate;
  }
}

TEST(ParseLegacyRow, RefusesANonNumericArray) {
  const std::string m = R"({"metric": "M"})";
  ExpectRefused({{m, "{1,x,3}", "histogram: element 2 \"x\" is not an integer"},
                 {m, "{1,NULL,3}", "element 2"},
                 {m, "{{1,2},{3,4}}", "histogram"},
                 {m, "{1,2,}", "histogram"},
                 {m, "[1,2]", "not an array literal"},
                 {m, "{7}", "fewer than two elements"}});
}

TEST(ParseLegacyRow, RefusesBadDimensions) {
  ExpectRefused({{"[1]", "{1,2}", "dimensions: not a JSON object"},
                 {R"({"os": "Linux"})", "{1,2}", "dimensions: no metric"},
                 {R"({"metric": {"a": 1}})", "{1,2}", "dimensions.metric"}});
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
