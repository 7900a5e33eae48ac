#include "services/compute/domain/live/event_name.h"

#include <string_view>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace opmon::compute::live {
namespace {

using opmon::live::EventKind;

TEST(ParseEventName, ReadsEveryCanonicalName) {
  for (const auto& [kind, name] : opmon::live::kEventKindNames) {
    EXPECT_EQ(ParseEventName(name), kind) << name;
  }
}

// Each alias written out here rather than read from event_name.cc's table, so
// that the test states the reference's names on its own.
TEST(ParseEventName, ReadsTheReferenceMethodNames) {
  EXPECT_EQ(ParseEventName("enrollment"), EventKind::kEnroll);
  EXPECT_EQ(ParseEventName("unenrollment"), EventKind::kUnenroll);
  EXPECT_EQ(ParseEventName("graduation"), EventKind::kGraduate);
  EXPECT_EQ(ParseEventName("enrollFailed"), EventKind::kEnrollFailed);
  EXPECT_EQ(ParseEventName("enrollment_failed"), EventKind::kEnrollFailed);
  EXPECT_EQ(ParseEventName("unenrollFailed"), EventKind::kUnenrollFailed);
  EXPECT_EQ(ParseEventName("updateFailed"), EventKind::kUpdateFailed);
  EXPECT_EQ(ParseEventName("disqualify"), EventKind::kDisqualification);
  EXPECT_EQ(ParseEventName("expose"), EventKind::kExposure);
  EXPECT_EQ(ParseEventName("validationFailed"), EventKind::kValidationFailed);
}

TEST(ParseEventName, RefusesOtherNamesAndOtherCases) {
  for (std::string_view name : {"Enroll", "enrollfailed", "", "search"}) {
    EXPECT_EQ(ParseEventName(name), std::nullopt) << name;
  }
}

}  // namespace
}  // namespace opmon::compute::live
