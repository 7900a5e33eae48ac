#include "services/compute/domain/run_dates.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"

namespace opmon::compute {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

config::ResolvedProject Project() {
  config::ResolvedProject p;
  p.slug = "fission-experiment";
  p.start_date = absl::CivilDay(2024, 1, 8);
  p.end_date = absl::CivilDay(2024, 3, 31);
  return p;
}

TEST(CheckRunDates, AcceptsDaysInsideTheProjectsDates) {
  EXPECT_THAT(CheckRunDates(Project(), absl::CivilDay(2024, 1, 8), absl::CivilDay(2024, 3, 31), DateCheck::kEnforce),
              IsOk());
}

TEST(CheckRunDates, AcceptsAnyDayWhenTheProjectHasNoDates) {
  config::ResolvedProject p = Project();
  p.start_date.reset();
  p.end_date.reset();
  EXPECT_THAT(CheckRunDates(p, absl::CivilDay(1999, 1, 1), absl::CivilDay(2030, 1, 1), DateCheck::kEnforce), IsOk());
}

TEST(CheckRunDates, RefusesADayBeforeTheStartDateNamingIt) {
  EXPECT_THAT(CheckRunDates(Project(), absl::CivilDay(2024, 1, 7), absl::CivilDay(2024, 1, 7), DateCheck::kEnforce),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("2024-01-07 is outside project fission-experiment's dates 2024-01-08..2024-03-31"),
                             HasSubstr("project.start_date"), HasSubstr("--force"))));
}

TEST(CheckRunDates, RefusesABackfillPastTheEndDateAndSaysWhichDaysAreInside) {
  EXPECT_THAT(CheckRunDates(Project(), absl::CivilDay(2024, 3, 30), absl::CivilDay(2024, 4, 2), DateCheck::kEnforce),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("2024-03-30..2024-04-02 is outside"), HasSubstr("project.end_date"),
                             HasSubstr("the days inside them are 2024-03-30..2024-03-31"))));
}

TEST(CheckRunDates, RefusesASkippedProject) {
  config::ResolvedProject p = Project();
  p.skip = true;
  EXPECT_THAT(CheckRunDates(p, absl::CivilDay(2024, 2, 1), absl::CivilDay(2024, 2, 1), DateCheck::kEnforce),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("project fission-experiment is skipped (project.skip: true)"),
                             HasSubstr("force"))));
}

TEST(CheckRunDates, ForcedRunsPassBothChecks) {
  config::ResolvedProject p = Project();
  p.skip = true;
  EXPECT_THAT(CheckRunDates(p, absl::CivilDay(2023, 1, 1), absl::CivilDay(2025, 1, 1), DateCheck::kForced), IsOk());
}

}  // namespace
}  // namespace opmon::compute
