// GetCrashSummary's computation on hand-made windows (1,000 usage hours
// each, so a window's events are its rate): versions summarised, equal-age
// comparison, the first day skipped as the reference skips it, the ±25%
// flags, the summary rate, and the request's validation.
#include "services/statistics/domain/crash_summary.h"

#include <algorithm>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace opmon::statistics {
namespace {

using errors::Measure;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::opmon::testing::IsOk;
using ::opmon::testing::StatusIs;

const absl::Time kT0 = absl::FromCivil(absl::CivilSecond(2026, 1, 1, 0, 0, 0), absl::UTCTimeZone());

std::size_t Column(Measure m) {
  const std::vector<Measure>& all = EventMeasures();
  return static_cast<std::size_t>(std::find(all.begin(), all.end(), m) - all.begin());
}

CrashWindow Window(const std::string& version, absl::Duration at, std::int64_t main, std::int64_t content = 0,
                   const std::string& platform = "Windows_NT") {
  CrashWindow w{.platform = platform,
                .version = version,
                .major = *MajorVersion(version),
                .build_id = "2026010100" + version.substr(0, 3),
                .window_start = kT0 + at,
                .usage_hours = 1000,
                .events = std::vector<std::int64_t>(EventMeasures().size(), 0)};
  w.events[Column(Measure::kMainCrashes)] = main;
  w.events[Column(Measure::kContentCrashes)] = content;
  return w;
}

CrashSummaryRequest Request(std::vector<std::string> measures, std::string platform = "") {
  CrashSummaryRequest request;
  request.channel = "release";
  request.platform = std::move(platform);
  request.measures = std::move(measures);
  return request;
}

CrashSummaryQuery Query(std::vector<std::string> measures = {"main_crashes", "content_crashes"},
                        std::string platform = "") {
  auto query = ValidateCrashSummary(Request(std::move(measures), std::move(platform)));
  EXPECT_THAT(query, IsOk());
  return *query;
}

const MeasureSummary& MeasureOf(const CrashSummary& s, Measure m, std::size_t platform = 0) {
  for (const MeasureSummary& ms : s.platforms.at(platform).measures) {
    if (ms.measure == m) return ms;
  }
  ADD_FAILURE() << "no " << errors::MeasureName(m);
  return s.platforms.at(platform).measures.front();
}

std::vector<std::string> Versions(const MeasureSummary& m) {
  std::vector<std::string> out;
  for (const VersionRate& v : m.versions) out.push_back(v.version);
  return out;
}

// 121 hourly for 10 days, 2 main crashes per window for 4 days then 8; 122
// hourly from day 10 for 3 days, 3 per window.
CrashWindows TwoReleases() {
  CrashWindows windows;
  for (int h = 0; h <= 240; ++h) windows.windows.push_back(Window("121.0", absl::Hours(h), h <= 96 ? 2 : 8, 1));
  for (int h = 0; h <= 72; ++h) windows.windows.push_back(Window("122.0.1", absl::Hours(240 + h), 3, 1));
  return windows;
}

TEST(CrashSummary, SummarisesTheCurrentMajorAndTheThreeBefore) {
  CrashWindows windows;
  for (const char* version : {"118.0", "119.0", "120.0.2", "121.0b3", "122.0"}) {
    const int index = *MajorVersion(version) - 118;
    for (int h = 0; h < 10; ++h) windows.windows.push_back(Window(version, absl::Hours(index * 10 + h), 1));
  }
  CrashSummary s = SummarizeCrashes(Query(), windows);
  EXPECT_EQ(s.current_major, 122);
  ASSERT_EQ(s.platforms.size(), 1u);
  EXPECT_THAT(Versions(MeasureOf(s, Measure::kMainCrashes)), ElementsAre("122", "121", "120", "119"));
  EXPECT_EQ(s.last_window, kT0 + absl::Hours(49));
}

TEST(CrashSummary, ComparesVersionsAtTheCurrentVersionsAgeAndSkipsTheirFirstDay) {
  CrashSummary s = SummarizeCrashes(Query(), TwoReleases());
  const MeasureSummary& main = MeasureOf(s, Measure::kMainCrashes);
  ASSERT_THAT(Versions(main), ElementsAre("122", "121"));
  const VersionRate& current = main.versions[0];
  const VersionRate& previous = main.versions[1];
  EXPECT_EQ(current.first_window, kT0 + absl::Hours(240));
  EXPECT_EQ(current.field, absl::Hours(72));
  EXPECT_EQ(previous.field, absl::Hours(240));  // until 122's first window
  // 122 is 72 h old: both skip their first 24 h. 122 over hours 24..72.
  EXPECT_DOUBLE_EQ(*current.rate.rate, 3);
  EXPECT_EQ(current.rate.count, 49 * 3);
  EXPECT_DOUBLE_EQ(*current.adjusted.rate, 3);
  // 121 in the field: hours 24..240 (73 windows of 2, 144 of 8), ratio of sums.
  EXPECT_EQ(previous.rate.count, 73 * 2 + 144 * 8);
  EXPECT_DOUBLE_EQ(*previous.rate.rate, (73 * 2 + 144 * 8) / 217.0);
  // 121 at 122's age: hours 24..96, all at 2.
  EXPECT_EQ(previous.adjusted.count, 73 * 2);
  EXPECT_DOUBLE_EQ(*previous.adjusted.rate, 2);
  // At equal age 122 is worse (+50%), though its rate is below 121's in the field.
  ASSERT_TRUE(main.change_percent.has_value());
  EXPECT_DOUBLE_EQ(*main.change_percent, 50);
  EXPECT_EQ(main.change, RateChange::kIncrease);
}

TEST(CrashSummary, KeepsTheFirstDayWhileTheCurrentVersionIsYoungerThanADay) {
  CrashWindows windows;
  for (int h = 0; h <= 240; ++h) windows.windows.push_back(Window("121.0", absl::Hours(h), h < 10 ? 4 : 1));
  for (int h = 0; h <= 20; ++h) windows.windows.push_back(Window("122.0", absl::Hours(240 + h), 2));
  const CrashSummary s = SummarizeCrashes(Query(), windows);
  const MeasureSummary& main = MeasureOf(s, Measure::kMainCrashes);
  ASSERT_THAT(Versions(main), ElementsAre("122", "121"));
  // 121 at 20 h: hours 0..20, 10 windows of 4 and 11 of 1.
  EXPECT_EQ(main.versions[1].adjusted.count, 10 * 4 + 11);
  EXPECT_EQ(main.versions[0].adjusted.count, 21 * 2);
}

TEST(CrashSummary, SummaryRateIsMainPlusContentOfTheCurrentVersion) {
  CrashWindows windows = TwoReleases();
  CrashSummary s = SummarizeCrashes(Query(), windows);
  ASSERT_TRUE(s.platforms[0].summary_rate.has_value());
  EXPECT_DOUBLE_EQ(*s.platforms[0].summary_rate, 3 + 1);
  // Without content crashes asked for, there is none.
  EXPECT_FALSE(SummarizeCrashes(Query({"main_crashes"}), windows).platforms[0].summary_rate.has_value());
}

TEST(CrashSummary, SummarisesEachPlatformApartOrTheOneAskedFor) {
  CrashWindows windows = TwoReleases();
  for (int h = 0; h <= 10; ++h) windows.windows.push_back(Window("122.0", absl::Hours(240 + h), 7, 0, "Linux"));
  CrashSummary all = SummarizeCrashes(Query(), windows);
  ASSERT_EQ(all.platforms.size(), 2u);
  EXPECT_EQ(all.platforms[0].platform, "Linux");
  EXPECT_THAT(Versions(MeasureOf(all, Measure::kMainCrashes, 0)), ElementsAre("122"));
  EXPECT_DOUBLE_EQ(*MeasureOf(all, Measure::kMainCrashes, 0).versions[0].rate.rate, 7);
  EXPECT_EQ(MeasureOf(all, Measure::kMainCrashes, 0).change, RateChange::kUnknown);
  CrashSummary linux_only = SummarizeCrashes(Query({}, "Linux"), windows);
  ASSERT_EQ(linux_only.platforms.size(), 1u);
  EXPECT_EQ(linux_only.platforms[0].platform, "Linux");
  EXPECT_EQ(linux_only.platforms[0].measures.size(), EventMeasures().size());
}

TEST(CrashSummary, FlagsChangesBeyondTwentyFivePercentOnly) {
  EXPECT_EQ(CompareRates(126, 100).second, RateChange::kIncrease);
  EXPECT_EQ(CompareRates(125, 100).second, RateChange::kNone);
  EXPECT_EQ(CompareRates(75, 100).second, RateChange::kNone);
  EXPECT_EQ(CompareRates(74, 100).second, RateChange::kDecrease);
  EXPECT_DOUBLE_EQ(*CompareRates(74, 100).first, -26);
  EXPECT_EQ(CompareRates(1, 0).second, RateChange::kUnknown);
  EXPECT_EQ(CompareRates(std::nullopt, 1).second, RateChange::kUnknown);
}

TEST(CrashSummary, ValidatesChannelAndMeasures) {
  EXPECT_THAT(ValidateCrashSummary({}), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("channel")));
  EXPECT_THAT(ValidateCrashSummary(Request({"main_crashes", "usage_hours"})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("measures[1]: \"usage_hours\"")));
  auto query = ValidateCrashSummary(Request({"content_crashes", "main_crashes"}));
  ASSERT_THAT(query, IsOk());
  EXPECT_EQ(query->application, "Firefox");
  EXPECT_THAT(query->measures, ElementsAre(Measure::kMainCrashes, Measure::kContentCrashes));
  EXPECT_NE(query->CanonicalKey(), Query({"main_crashes"}).CanonicalKey());
}

TEST(MajorVersion, IsTheLeadingNumber) {
  EXPECT_EQ(MajorVersion("122.0.1"), 122);
  EXPECT_EQ(MajorVersion("123.0b3"), 123);
  EXPECT_EQ(MajorVersion("99"), 99);
  EXPECT_EQ(MajorVersion("nightly"), std::nullopt);
  EXPECT_EQ(MajorVersion(""), std::nullopt);
}

}  // namespace
}  // namespace opmon::statistics
