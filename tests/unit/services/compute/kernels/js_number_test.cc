#include "services/compute/kernels/js_number.h"

#include <cmath>

#include "gtest/gtest.h"
#include "tests/unit/services/compute/kernels/reference_data.h"

namespace opmon::kernels {
namespace {

TEST(JsToFixed2, BreaksExactTiesAwayFromZeroUnlikePrintf) {
  EXPECT_EQ(JsToFixed2(0.125), 0.13);   // printf("%.2f") gives 0.12
  EXPECT_EQ(JsToFixed2(0.375), 0.38);
  EXPECT_EQ(JsToFixed2(-0.125), -0.13);
  EXPECT_EQ(JsToFixed2(2.5), 2.5);
}

TEST(JsToFixed2, RoundsTheExactBinaryValue) {
  EXPECT_EQ(JsToFixed2(1.005), 1.0);  // 1.005 is 1.00499999999999989...
  EXPECT_EQ(JsToFixed2(2.675), 2.67);
  EXPECT_EQ(JsToFixed2(1.0 / 3), 0.33);
}

TEST(JsToFixed2, PassesNonFiniteAndHugeValuesThrough) {
  EXPECT_TRUE(std::isnan(JsToFixed2(NAN)));
  EXPECT_EQ(JsToFixed2(INFINITY), INFINITY);
  EXPECT_EQ(JsToFixed2(1e22 + 0.5), 1e22);
}

TEST(JsToFixed2, NegativeValuesRoundingToZeroKeepTheSign) {
  EXPECT_TRUE(std::signbit(JsToFixed2(-0.001)));
  EXPECT_FALSE(std::signbit(JsToFixed2(-0.0)));
}

TEST(JsToFixed2, MatchesNodeOnHundredsOfValues) {
  const auto& cases = testing::LoadReferenceData().to_fixed_2;
  ASSERT_GT(cases.size(), 300u);
  for (const auto& [x, expected] : cases) EXPECT_EQ(JsToFixed2(x), expected) << x;
}

}  // namespace
}  // namespace opmon::kernels
