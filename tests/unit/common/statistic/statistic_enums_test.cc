#include <set>
#include <string_view>

#include <gtest/gtest.h>

#include "common/statistic/ci_method.h"
#include "common/statistic/percentile_point.h"
#include "common/statistic/statistic_kind.h"

namespace opmon {
namespace {

TEST(StatisticKind, RoundTripsThroughItsNames) {
  std::set<std::string_view> names;
  for (StatisticKind k : kAllStatisticKinds) {
    EXPECT_EQ(ParseStatisticKind(ToString(k)), k);
    names.insert(ToString(k));
  }
  EXPECT_EQ(names.size(), kAllStatisticKinds.size());
  EXPECT_EQ(ToString(StatisticKind::kTotalRatio), "total_ratio");
}

TEST(StatisticKind, RejectsOtherSpellings) {
  EXPECT_EQ(ParseStatisticKind("Mean"), std::nullopt);
  EXPECT_EQ(ParseStatisticKind(""), std::nullopt);
  EXPECT_EQ(ParseStatisticKind("percentiles"), std::nullopt);
}

TEST(CiMethod, RoundTripsThroughItsNamesAndRejectsOthers) {
  for (CiMethod m : kAllCiMethods) EXPECT_EQ(ParseCiMethod(ToString(m)), m);
  EXPECT_FALSE(ParseCiMethod("bootstrapp").has_value());
  EXPECT_EQ(*ParseCiMethod("block_jackknife"), CiMethod::kBlockJackknife);
  EXPECT_EQ(ToString(CiMethod::kBinomial), "binomial");
}

TEST(PercentilePoint, RoundTripsThroughItsNamesAndRejectsOthers) {
  for (PercentilePoint p : kAllPercentilePoints) EXPECT_EQ(ParsePercentilePoint(ToString(p)), p);
  EXPECT_EQ(ToString(PercentilePoint::kInterpolated), "interpolated");
  EXPECT_EQ(ToString(PercentilePoint::kBucket), "bucket");
  EXPECT_FALSE(ParsePercentilePoint("linear").has_value());
}

}  // namespace
}  // namespace opmon
