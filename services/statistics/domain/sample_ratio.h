#pragma once
// The sample-ratio-mismatch (SRM) check of live experiment monitoring:
// Pearson's chi-square goodness of fit of each branch's cumulative
// enrollments against the planned ratios (Experimenter's `ratio`), with
// k − 1 degrees of freedom for k branches. Pure functions.

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace opmon::statistics {

struct BranchEnrollments {
  std::string branch;
  std::int64_t enrollments = 0;
  double planned_ratio = 1;  // relative weight, > 0
};

struct SampleRatioTest {
  double chi_square = 0;
  int degrees_of_freedom = 0;
  double p_value = 1;
  std::int64_t total = 0;
};

// The test over `branches`; nullopt with fewer than two branches, no
// enrollments, or a non-positive ratio (nothing to test).
std::optional<SampleRatioTest> TestSampleRatio(std::span<const BranchEnrollments> branches);

// P(X > x) for X ~ chi-square with `df` >= 1 degrees of freedom: the
// regularized upper incomplete gamma Q(df/2, x/2), to ~1e-14 relative
// (series below a + 1, Lentz's continued fraction above; Numerical Recipes
// 3rd ed., 6.2).
double ChiSquareSurvival(double x, int df);

}  // namespace opmon::statistics
