// The reference's table names: strict pattern, build ids truncated to their date.
#include "services/compute/domain/legacy/legacy_table_name.h"

#include "gtest/gtest.h"

namespace opmon::compute::legacy {
namespace {

using opmon::legacy::AggregateType;

TEST(ParseLegacyTableName, ReadsBothFamilies) {
  auto build = ParseLegacyTableName("build_id_nightly_68_20191220");
  ASSERT_TRUE(build.has_value());
  EXPECT_EQ(*build, (LegacyTableName{AggregateType::kBuildId, "nightly", "68", absl::CivilDay(2019, 12, 20)}));
  EXPECT_EQ(build->ds_nodash(), "20191220");
  auto submission = ParseLegacyTableName("submission_date_beta_70_20200101");
  ASSERT_TRUE(submission.has_value());
  EXPECT_EQ(*submission,
            (LegacyTableName{AggregateType::kSubmissionDate, "beta", "70", absl::CivilDay(2020, 1, 1)}));
}

TEST(ParseLegacyTableName, TruncatesAWholeBuildIdToItsDate) {
  auto build = ParseLegacyTableName("build_id_release_71_20200102031459");
  ASSERT_TRUE(build.has_value());
  EXPECT_EQ(build->ds_nodash(), "20200102");
  // A submission date is a date, never a build id.
  EXPECT_FALSE(ParseLegacyTableName("submission_date_release_71_20200102031459").has_value());
}

TEST(ParseLegacyTableName, RefusesEverythingElse) {
  for (const char* name : {"build_id_nightly_68_20191220_dimensions_idx", "build_id_nightly_68", "build_id__68_20191220",
                           "build_id_Nightly_68_20191220", "build_id_nightly_6a_20191220", "build_id_nightly_68_2019122",
                           "build_id_nightly_68_20190230", "submission_date_nightly_68_20191320", "table_update_dates",
                           "xbuild_id_nightly_68_20191220", "build_id_night_ly_68_20191220", ""}) {
    EXPECT_FALSE(ParseLegacyTableName(name).has_value()) << name;
  }
}

}  // namespace
}  // namespace opmon::compute::legacy
