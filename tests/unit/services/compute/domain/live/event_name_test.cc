#include "services/compute/domain/live/event_name.h"

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

TEST(ParseEventName, ReadsTheReferenceMethodNames) {
  const std::pair<const char*, EventKind> kAliases[] = {
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
  for (const auto& [alias, kind] : kAliases) EXPECT_EQ(ParseEventName(alias), kind) << alias;
}

TEST(ParseEventName, RefusesOtherNamesAndOtherCases) {
  EXPECT_EQ(ParseEventName("Enroll"), std::nullopt);
  EXPECT_EQ(ParseEventName("enrollfailed"), std::nullopt);
  EXPECT_EQ(ParseEventName(""), std::nullopt);
  EXPECT_EQ(ParseEventName("search"), std::nullopt);
}

}  // namespace
}  // namespace opmon::compute::live
