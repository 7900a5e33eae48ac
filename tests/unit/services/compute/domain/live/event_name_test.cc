#include "services/compute/domain/live/event_name.h"

#include <string_view>
#include <utility>

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
  const std::pair<std::string_view, EventKind> kReferenceNames[] = {
      {"enrollment", EventKind::kEnroll},
      {"unenrollment", EventKind::kUnenroll},
      {"graduation", EventKind::kGraduate},
      {"enrollFailed", EventKind::kEnrollFailed},
      {"enrollment_failed", EventKind::kEnrollFailed},
      {"unenrollFailed", EventKind::kUnenrollFailed},
      {"updateFailed", EventKind::kUpdateFailed},
      {"disqualify", EventKind::kDisqualification},
      {"expose", EventKind::kExposure},
      {"validationFailed", EventKind::kValidationFailed},
  };
  for (const auto& [name, kind] : kReferenceNames) EXPECT_EQ(ParseEventName(name), kind) << name;
}

TEST(ParseEventName, RefusesOtherNamesAndOtherCases) {
  for (std::string_view name : {"Enroll", "enrollfailed", "", "search"}) {
    EXPECT_EQ(ParseEventName(name), std::nullopt) << name;
  }
}

}  // namespace
}  // namespace opmon::compute::live
