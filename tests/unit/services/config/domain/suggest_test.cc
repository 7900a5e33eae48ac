#include "services/config/domain/suggest.h"

#include <gtest/gtest.h>

namespace opmon::config {
namespace {

TEST(Suggest, EditDistanceCountsEditsAndAdjacentSwaps) {
  EXPECT_EQ(EditDistance("", "abc"), 3);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3);
  EXPECT_EQ(EditDistance("same", "same"), 0);
  EXPECT_EQ(EditDistance("mian", "main"), 1);
}

TEST(Suggest, OffersTheClosestPlausibleTypo) {
  const std::vector<std::string> keys = {"select_expression", "data_source", "statistics"};
  EXPECT_EQ(Suggest("selct_expression", keys), "select_expression");
  EXPECT_EQ(Suggest("Data_Source", keys), "data_source");
  EXPECT_EQ(Suggest("owner", keys), std::nullopt);
  EXPECT_EQ(Suggest("statistics", keys), std::nullopt);  // not a typo
  EXPECT_EQ(DidYouMean("statistic", keys), "; did you mean \"statistics\"?");
  EXPECT_EQ(DidYouMean("xyz", keys), "");
}

TEST(Suggest, ShortWordsNeedCloseMatches) {
  EXPECT_EQ(Suggest("os", {"oss", "country"}), "oss");
  EXPECT_EQ(Suggest("ab", {"xy"}), std::nullopt);
}

}  // namespace
}  // namespace opmon::config
