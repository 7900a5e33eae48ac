// Event times read and written without absl's format engine agree with it:
// absl::ParseTime(RFC3339_full) and FormatTime("%Y-%m-%d %H:%M:%E6S+00")
// are the reference, plus hand-worked instants.
#include "services/compute/domain/live/event_time.h"

#include <string>

#include "absl/time/civil_time.h"
#include "gtest/gtest.h"

namespace opmon::compute::live {
namespace {

std::optional<absl::Time> AbslParse(const std::string& text) {
  absl::Time t;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, text, &t, &error)) return std::nullopt;
  return t;
}

TEST(ParseEventTime, ReadsHandWorkedInstants) {
  const absl::Time noon = absl::FromCivil(absl::CivilSecond(2024, 2, 20, 12, 4, 59), absl::UTCTimeZone());
  EXPECT_EQ(ParseEventTime("2024-02-20T12:04:59.999Z"), noon + absl::Milliseconds(999));
  EXPECT_EQ(ParseEventTime("2024-02-20T13:04:59+01:00"), noon);
  EXPECT_EQ(ParseEventTime("2024-02-20T07:34:59.000000001-04:30"), noon + absl::Nanoseconds(1));
}

TEST(ParseEventTime, AnswersWhatAbslParseTimeAnswers) {
  for (const std::string text : {
           "2024-02-20T12:04:59.999Z", "2024-02-20T12:05:00Z", "2023-12-31T23:59:59.9999999Z",
           "1969-12-31T23:59:59.5Z", "2024-02-29T00:00:00-00:00", "2024-02-20T12:00:00.123456789+05:45",
           "2024-02-20t12:00:00z",          // lower case: the general parser's
           "2024-02-20T12:00:00.1234567891Z",  // ten fraction digits
           "2024-02-30T12:00:00Z",          // no such day
           "2023-02-29T12:00:00Z", "2024-13-01T00:00:00Z", "2024-02-20T24:00:00Z",
           "2024-12-31T23:59:60Z",          // a leap second
           "2024-02-20T12:00:00+24:00", "2024-02-20T12:00:00+0100", "2024-02-20T12:00:00.Z",
           "2024-02-20T12:00:00", "2024-02-20 12:00:00Z", "2024-2-20T12:00:00Z", "12024-02-20T12:00:00Z",
           "2024-02-20T12:00:00ZZ", "", "yesterday",
       }) {
    EXPECT_EQ(ParseEventTime(text), AbslParse(text)) << text;
  }
}

TEST(AppendCopyTime, WritesWhatAbslFormatTimeWrites) {
  std::string out;
  AppendCopyTime(out, absl::FromCivil(absl::CivilSecond(2024, 2, 20, 12, 4, 59), absl::UTCTimeZone()) +
                          absl::Nanoseconds(999999999));
  EXPECT_EQ(out, "2024-02-20 12:04:59.999999+00");
  const absl::Time base = absl::FromCivil(absl::CivilSecond(1969, 12, 31, 23, 59, 58), absl::UTCTimeZone());
  for (absl::Duration step : {absl::Nanoseconds(250000001), absl::Hours(7919) + absl::Microseconds(3),
                              absl::Hours(24 * 365 * 33) + absl::Nanoseconds(1)}) {
    for (int i = 0; i < 50; ++i) {
      const absl::Time t = base + i * step;
      out.clear();
      AppendCopyTime(out, t);
      EXPECT_EQ(out, absl::FormatTime("%Y-%m-%d %H:%M:%E6S+00", t, absl::UTCTimeZone())) << i;
    }
  }
  out.clear();
  AppendCopyTime(out, absl::FromCivil(absl::CivilSecond(12024, 1, 1, 0, 0, 0), absl::UTCTimeZone()));
  EXPECT_EQ(out, "12024-01-01 00:00:00.000000+00");
}

}  // namespace
}  // namespace opmon::compute::live
