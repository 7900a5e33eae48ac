#include "services/compute/domain/errors/error_ping.h"

#include "gtest/gtest.h"

namespace opmon::compute::errors {
namespace {


int64_t Us(const std::string& text) { return ParseUtcTimestampUs(text).value(); }

RawErrorPing MainPing(const std::string& received = "2024-02-01 12:03:00+00") {
  RawErrorPing raw;
  raw.source = PingSource::kMain;
  raw.received_us = Us(received);
  raw.channel = "release";
  raw.app_name = "Firefox";
  raw.app_version = "122.0.1";
  raw.display_version = "122.0.1";
  raw.build_id = "20240115093000";
  raw.os_name = "Windows_NT";
  raw.os_version = "10.0.19045.3803";
  raw.architecture = "x86-64";
  raw.country = "DE";
  return raw;
}

RawErrorPing CrashPing(std::optional<std::string_view> process_type) {
  RawErrorPing raw = MainPing();
  raw.source = PingSource::kCrash;
  raw.process_type = process_type;
  return raw;
}

ErrorPing Accepted(const RawErrorPing& raw) {
  auto checked = CheckPing(raw);
  EXPECT_TRUE(std::holds_alternative<ErrorPing>(checked));
  return std::holds_alternative<ErrorPing>(checked) ? std::get<ErrorPing>(checked) : ErrorPing{};
}

std::optional<RejectReason> Rejected(const RawErrorPing& raw) {
  auto checked = CheckPing(raw);
  if (const auto* reason = std::get_if<RejectReason>(&checked)) return *reason;
  return std::nullopt;
}

TEST(CheckPing, MainPingGivesUsageSubprocessCrashesAndErrorCounts) {
  RawErrorPing raw = MainPing();
  raw.subsession_length = "5400";
  raw.subprocess_crashes = R"({"content": 3, "gpu": 1, "plugin": 2, "gmplugin": 4})";
  raw.error_counts = R"({"BROWSER_SHIM_USAGE_BLOCKED": 1, "PERMISSIONS_SQL_CORRUPTED": 2,
      "DEFECTIVE_PERMISSIONS_SQL_REMOVED": 3, "SLOW_SCRIPT_NOTICE_COUNT": 4, "SLOW_SCRIPT_PAGE_COUNT": 5})";
  const Measures m = Accepted(raw).measures;
  EXPECT_EQ(m[Measure::kCount], 1);
  EXPECT_EQ(m[Measure::kSubsessionCount], 1);
  EXPECT_DOUBLE_EQ(m.usage_hours, 1.5);
  EXPECT_EQ(m[Measure::kGpuCrashes], 1);
  EXPECT_EQ(m[Measure::kPluginCrashes], 2);
  EXPECT_EQ(m[Measure::kGmpluginCrashes], 4);
  EXPECT_EQ(m[Measure::kBrowserShimUsageBlocked], 1);
  EXPECT_EQ(m[Measure::kPermissionsSqlCorrupted], 2);
  EXPECT_EQ(m[Measure::kDefectivePermissionsSqlRemoved], 3);
  EXPECT_EQ(m[Measure::kSlowScriptNoticeCount], 4);
  EXPECT_EQ(m[Measure::kSlowScriptPageCount], 5);
  // Content crashes come from crash pings only.
  EXPECT_EQ(m[Measure::kContentCrashes], 0);
  EXPECT_EQ(m[Measure::kMainCrashes], 0);
}

TEST(CheckPing, UsageIsClampedToZeroAndTwentyFiveHours) {
  RawErrorPing raw = MainPing();
  raw.subsession_length = "-30";
  EXPECT_DOUBLE_EQ(Accepted(raw).measures.usage_hours, 0);
  raw.subsession_length = "93600";  // 26 h
  EXPECT_DOUBLE_EQ(Accepted(raw).measures.usage_hours, 25);
  raw.subsession_length = "90000";  // exactly 25 h
  EXPECT_DOUBLE_EQ(Accepted(raw).measures.usage_hours, 25);
}

TEST(CheckPing, PingWithoutLengthCountsButAddsNoUsage) {
  const Measures m = Accepted(MainPing()).measures;
  EXPECT_EQ(m[Measure::kCount], 1);
  EXPECT_EQ(m[Measure::kSubsessionCount], 1);
  EXPECT_DOUBLE_EQ(m.usage_hours, 0);
}

TEST(CheckPing, CrashPingsByProcessTypeShutdownKillAndStartup) {
  EXPECT_EQ(Accepted(CrashPing("main")).measures[Measure::kMainCrashes], 1);
  EXPECT_EQ(Accepted(CrashPing(std::nullopt)).measures[Measure::kMainCrashes], 1);
  RawErrorPing content = CrashPing("content");
  Measures m = Accepted(content).measures;
  EXPECT_EQ(m[Measure::kMainCrashes], 0);
  EXPECT_EQ(m[Measure::kContentCrashes], 1);
  EXPECT_EQ(m[Measure::kContentShutdownCrashes], 0);
  content.ipc_channel_error = "ShutDownKill";
  m = Accepted(content).measures;
  EXPECT_EQ(m[Measure::kContentCrashes], 0);
  EXPECT_EQ(m[Measure::kContentShutdownCrashes], 1);
  RawErrorPing startup = CrashPing("main");
  startup.startup_crash = "t";
  m = Accepted(startup).measures;
  EXPECT_EQ(m[Measure::kStartupCrashes], 1);
  EXPECT_EQ(m[Measure::kCount], 1);
  EXPECT_EQ(m[Measure::kSubsessionCount], 0);
  // gpu crash pings count as pings only: gpu crashes come from main pings.
  m = Accepted(CrashPing("gpu")).measures;
  EXPECT_EQ(m[Measure::kCount], 1);
  EXPECT_EQ(m[Measure::kMainCrashes] + m[Measure::kContentCrashes] + m[Measure::kGpuCrashes], 0);
}

TEST(CheckPing, DimensionsAsTheReferenceNamesThem) {
  RawErrorPing raw = MainPing();
  const PingDimensions d = Accepted(raw).dimensions;
  EXPECT_EQ(d.channel, "release");
  EXPECT_EQ(d.version, "122.0.1");
  EXPECT_EQ(d.build_id, "20240115093000");
  EXPECT_EQ(d.application, "Firefox");
  EXPECT_EQ(d.os_name, "Windows_NT");
  EXPECT_EQ(d.os_version, "10.0.19045");
  EXPECT_EQ(d.architecture, "x86-64");
  EXPECT_EQ(d.country, "DE");
  raw.app_name = "Fennec";
  raw.os_name = "Linux";
  EXPECT_EQ(Accepted(raw).dimensions.os_name, "Android");
}

TEST(CheckPing, ExperimentsAreDistinctAndSorted) {
  RawErrorPing raw = MainPing();
  raw.experiments = R"({"b-exp": {"branch": "treatment"}, "a-exp": {"branch": "control", "type": "x"}})";
  const ErrorPing ping = Accepted(raw);
  ASSERT_EQ(ping.experiments.size(), 2u);
  EXPECT_EQ(ping.experiments[0], (std::pair<std::string, std::string>("a-exp", "control")));
  EXPECT_EQ(ping.experiments[1], (std::pair<std::string, std::string>("b-exp", "treatment")));
}

TEST(CheckPing, RejectsEachMalformedPingWithItsReason) {
  RawErrorPing raw = MainPing();
  raw.app_name = "Thunderbird";
  EXPECT_EQ(Rejected(raw), RejectReason::kUnknownApplication);
  raw = MainPing();
  raw.app_name.reset();
  EXPECT_EQ(Rejected(raw), RejectReason::kUnknownApplication);
  raw = MainPing();
  raw.channel = "Other";
  EXPECT_EQ(Rejected(raw), RejectReason::kUnknownChannel);
  raw = MainPing();
  raw.app_version = "";
  EXPECT_EQ(Rejected(raw), RejectReason::kMissingVersion);
  for (const char* bad : {"2024011509300", "2024-01-15T0930", "20241315093000", "20240230093000", "20240115253000"}) {
    raw = MainPing();
    raw.build_id = bad;
    EXPECT_EQ(Rejected(raw), RejectReason::kBadBuildId) << bad;
  }
  raw = MainPing();
  raw.build_id.reset();
  EXPECT_EQ(Rejected(raw), RejectReason::kBadBuildId);
  raw = MainPing();
  raw.build_id = "20230701000000";  // 7 months before 2024-02-01
  EXPECT_EQ(Rejected(raw), RejectReason::kBuildTooOld);
  raw.build_id = "20240202000000";  // the day after
  EXPECT_EQ(Rejected(raw), RejectReason::kBuildTooOld);
  for (const char* bad : {"[]", R"({"e": "control"})", R"({"e": {"branch": 3}})", R"({"e": {}})", "{"}) {
    raw = MainPing();
    raw.experiments = bad;
    EXPECT_EQ(Rejected(raw), RejectReason::kBadExperiments) << bad;
  }
  for (const char* bad : {R"({"gpu": -1})", R"({"gpu": 1.5})", R"({"gpu": "2"})", "[1]"}) {
    raw = MainPing();
    raw.subprocess_crashes = bad;
    EXPECT_EQ(Rejected(raw), RejectReason::kBadCounts) << bad;
    raw = MainPing();
    raw.error_counts = bad;
    EXPECT_EQ(Rejected(raw), RejectReason::kBadCounts) << bad;
  }
}

TEST(BuildDateAccepted, SixWholeMonthsBeforeTheReceiveDay) {
  const absl::CivilDay received(2024, 7, 15);
  EXPECT_TRUE(BuildDateAccepted(absl::CivilDay(2024, 7, 15), received));
  EXPECT_TRUE(BuildDateAccepted(absl::CivilDay(2024, 1, 15), received));   // 6 months
  EXPECT_TRUE(BuildDateAccepted(absl::CivilDay(2024, 1, 1), received));    // 6 months 14 days
  EXPECT_TRUE(BuildDateAccepted(absl::CivilDay(2023, 12, 31), received));   // 6 whole months and 15 days
  EXPECT_FALSE(BuildDateAccepted(absl::CivilDay(2023, 12, 15), received));  // 7 months
  EXPECT_FALSE(BuildDateAccepted(absl::CivilDay(2024, 1, 14), absl::CivilDay(2024, 8, 14)));
  EXPECT_TRUE(BuildDateAccepted(absl::CivilDay(2024, 1, 14), absl::CivilDay(2024, 8, 13)));
  EXPECT_FALSE(BuildDateAccepted(absl::CivilDay(2024, 7, 16), received));
}

TEST(CutOsVersion, KeepsUpToThreeNumericParts) {
  EXPECT_EQ(CutOsVersion("10.0.19045.3803"), "10.0.19045");
  EXPECT_EQ(CutOsVersion("10.0"), "10.0");
  EXPECT_EQ(CutOsVersion("22.04 LTS"), "22.04");
  EXPECT_EQ(CutOsVersion("6.1-generic"), "6.1");
  EXPECT_EQ(CutOsVersion("14."), "14");
  EXPECT_EQ(CutOsVersion("Vista"), std::nullopt);
  EXPECT_EQ(CutOsVersion(""), std::nullopt);
}

TEST(WindowStartUs, FiveMinuteWindowsOnReceiveTime) {
  EXPECT_EQ(WindowStartUs(Us("2024-02-01 12:04:59.999+00")), Us("2024-02-01 12:00:00+00"));
  EXPECT_EQ(WindowStartUs(Us("2024-02-01 12:05:00+00")), Us("2024-02-01 12:05:00+00"));
  EXPECT_EQ(WindowStartUs(Us("2024-02-01 23:59:59.999999+00")), Us("2024-02-01 23:55:00+00"));
  EXPECT_EQ(WindowStartUs(Us("2024-02-02 00:00:00+00")), Us("2024-02-02 00:00:00+00"));
  EXPECT_EQ(WindowStartUs(-1), -300 * int64_t{1000000});
}

TEST(ParseUtcTimestampUs, ReadsPostgresIsoOutput) {
  EXPECT_EQ(ParseUtcTimestampUs("1970-01-01 00:00:01.5+00").value_or(-1), 1500000);
  EXPECT_EQ(ParseUtcTimestampUs("1970-01-01 00:01:00+00").value_or(-1), 60000000);
  EXPECT_FALSE(ParseUtcTimestampUs("1970-01-01 00:01:00+02").ok());
  EXPECT_FALSE(ParseUtcTimestampUs("yesterday").ok());
  EXPECT_EQ(FormatUtcTimestampUs(Us("2024-02-01 12:04:59.999+00")), "2024-02-01 12:04:59.999000+00");
}

}  // namespace
}  // namespace opmon::compute::errors
