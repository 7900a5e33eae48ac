#include "clients/opmonctl/statistic_format.h"

#include <limits>

#include "clients/opmonctl/table.h"
#include "gtest/gtest.h"
#include "opmon/v1/statistics.pb.h"

namespace opmon::ctl {
namespace {

v1::StatisticRow MemoryPercentile() {
  v1::StatisticRow row;
  row.set_submission_date("2024-03-01");
  row.set_branch("enabled");
  row.set_metric("memory_total");
  row.set_statistic("percentile");
  row.set_parameter("50");
  for (const auto& [name, value] : {std::pair{"os", "Linux"}, std::pair{"channel", "release"}}) {
    v1::DimensionValue* d = row.add_dimensions();
    d->set_name(name);
    d->set_value(value);
  }
  row.set_point(2566813.4375);
  row.set_upper(std::numeric_limits<double>::infinity());
  return row;
}

TEST(StatisticJson, KeepsFullPrecisionAndWritesNullForAbsentOrInfiniteValues) {
  const nlohmann::json json = StatisticJson(MemoryPercentile());
  EXPECT_EQ(json["point"].get<double>(), 2566813.4375);
  EXPECT_TRUE(json["lower"].is_null());
  EXPECT_TRUE(json["upper"].is_null());
  EXPECT_EQ(json["dimensions"], (nlohmann::json{{"os", "Linux"}, {"channel", "release"}}));
  EXPECT_EQ(json["metric"], "memory_total");
  EXPECT_EQ(json["parameter"], "50");
  EXPECT_EQ(json["build_id"], "");
}

TEST(StatisticJson, ReadsAlertsByTheSameFieldNames) {
  v1::Alert alert;
  alert.set_metric("main_crashes");
  alert.set_point(600);
  const nlohmann::json json = StatisticJson(alert);
  EXPECT_EQ(json["metric"], "main_crashes");
  EXPECT_EQ(json["point"].get<double>(), 600);
  EXPECT_TRUE(json["lower"].is_null());
}

TEST(PointLowerUpperCells, FormatsPresentValuesAndLeavesNullsEmpty) {
  const std::array<std::string, 3> table = PointLowerUpperCells(MemoryPercentile(), TableNumber);
  EXPECT_EQ(table, (std::array<std::string, 3>{"2566813", "", "inf"}));
  const std::array<std::string, 3> csv = PointLowerUpperCells(MemoryPercentile(), RoundTripNumber);
  EXPECT_EQ(csv[0], "2566813.4375");
}

TEST(DimensionsCell, JoinsNameValuePairsInOrder) {
  EXPECT_EQ(DimensionsCell(MemoryPercentile().dimensions()), "os=Linux,channel=release");
  EXPECT_EQ(DimensionsCell(v1::StatisticRow().dimensions()), "");
}

}  // namespace
}  // namespace opmon::ctl
