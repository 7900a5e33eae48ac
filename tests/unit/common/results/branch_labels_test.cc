// Where a client's branch label comes from, decided once for compute's
// client query, the projects relation and the LookML dashboards.
#include "common/results/branch_labels.h"

#include "gtest/gtest.h"

namespace opmon::results {
namespace {

TEST(BranchSource, FollowsTheReferencePrecedence) {
  config::Population p;
  EXPECT_EQ(BranchSourceOf(p), BranchSource::kEnrolment);
  p.monitor_entire_population = true;
  EXPECT_EQ(BranchSourceOf(p), BranchSource::kEntirePopulation);
  p.boolean_pref = "pref";
  EXPECT_EQ(BranchSourceOf(p), BranchSource::kBooleanPref);
  p.branches = {"control"};
  EXPECT_EQ(BranchSourceOf(p), BranchSource::kExperimentBranches);
}

TEST(BranchLabels, AreTheReferenceNames) {
  EXPECT_EQ(kEnabledBranch, "enabled");
  EXPECT_EQ(kDisabledBranch, "disabled");
  EXPECT_EQ(kActiveBranch, "active");
}

}  // namespace
}  // namespace opmon::results
