#include "common/config/table_name.h"

#include <gtest/gtest.h>

namespace opmon::config {
namespace {

TEST(ResultsTableName, ReplacesEveryCharacterOutsideIdentifierSet) {
  EXPECT_EQ(ResultsTableName("fission-rollout.v2"), "fission_rollout_v2");
  EXPECT_EQ(ResultsTableName("a b/c"), "a_b_c");
  EXPECT_EQ(ResultsTableName("plain_Slug_09"), "plain_Slug_09");
}

TEST(ResultsTableName, ReplacesEachNonAsciiByte) {
  EXPECT_EQ(ResultsTableName("caf\xc3\xa9"), "caf__");
}

TEST(ResultsTableName, MapsDifferentSlugsToTheSameName) {
  EXPECT_EQ(ResultsTableName("my-project"), ResultsTableName("my.project"));
}

}  // namespace
}  // namespace opmon::config
