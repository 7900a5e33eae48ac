// A statistics row's parameter: numbers, names, none, stored text kept.
#include "common/statistic/statistic_parameter.h"

#include "gtest/gtest.h"

namespace opmon {
namespace {

TEST(StatisticParameter, NumbersAreStoredInShortestForm) {
  EXPECT_EQ(StatisticParameter::Number(50).text(), "50");
  EXPECT_EQ(StatisticParameter::Number(99.9).text(), "99.9");
  EXPECT_EQ(StatisticParameter::Number(12.3456789).text(), "12.3456789");
  EXPECT_EQ(StatisticParameter::Number(99.9).number(), 99.9);
}

TEST(StatisticParameter, TextKeepsItsSpellingAndParsesNumbersOnce) {
  const StatisticParameter p = StatisticParameter::FromText("95.0");
  EXPECT_EQ(p.text(), "95.0");
  EXPECT_EQ(p.number(), 95);
  EXPECT_EQ(p.Canonical().text(), "95");
  EXPECT_EQ(p.Canonical(), "95");
  EXPECT_NE(p, StatisticParameter::Number(95));  // two rows in SQL
}

TEST(StatisticParameter, NamesAndNoneHaveNoNumber) {
  EXPECT_FALSE(StatisticParameter::FromText("active_hours").number());
  EXPECT_EQ(StatisticParameter::Name("active_hours"), "active_hours");
  EXPECT_FALSE(StatisticParameter::FromText("inf").number());
  EXPECT_EQ(StatisticParameter::FromText("inf").Canonical(), "inf");
  EXPECT_TRUE(StatisticParameter().empty());
  EXPECT_TRUE(StatisticParameter::FromText("").empty());
  EXPECT_FALSE(StatisticParameter::FromText("").number());
}

}  // namespace
}  // namespace opmon
