#include "services/compute/domain/errors/error_windows.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace opmon::compute::errors {
namespace {

using ::testing::ElementsAre;

// `experiments` is viewed, not copied: pass text that outlives the ping.
RawErrorPing Ping(const std::string& received, std::optional<std::string_view> experiments = std::nullopt) {
  RawErrorPing raw;
  raw.source = PingSource::kMain;
  raw.received_us = ParseUtcTimestampUs(received).value();
  raw.channel = "beta";
  raw.app_name = "Firefox";
  raw.app_version = "123.0";
  raw.display_version = "123.0b3";
  raw.build_id = "20240120000000";
  raw.os_name = "Linux";
  raw.subsession_length = "7200";
  raw.experiments = experiments;
  return raw;
}

WindowKey Population(const std::string& window) {
  WindowKey key;
  key.window_start_us = ParseUtcTimestampUs(window).value();
  key.dimensions = PingDimensions{"beta", "123.0", "123.0b3", "20240120000000", "Firefox", "Linux", std::nullopt,
                                  std::nullopt, std::nullopt};
  return key;
}

TEST(ErrorWindows, PingCountsOnceInThePopulationAndOncePerExperiment) {
  ErrorWindows windows;
  windows.Add(Ping("2024-02-01 12:01:00+00", R"({"e1": {"branch": "a"}, "e2": {"branch": "b"}})"));
  windows.Add(Ping("2024-02-01 12:02:00+00", R"({"e1": {"branch": "a"}})"));
  windows.Add(Ping("2024-02-01 12:03:00+00"));
  EXPECT_EQ(windows.pings(), 3);
  ASSERT_EQ(windows.row_count(), 3u);
  WindowKey key = Population("2024-02-01 12:00:00+00");
  EXPECT_EQ(windows.Row(key).value()[Measure::kCount], 3);
  EXPECT_DOUBLE_EQ(windows.Row(key).value().usage_hours, 6);
  key.experiment_id = "e1";
  key.experiment_branch = "a";
  EXPECT_EQ(windows.Row(key).value()[Measure::kCount], 2);
  key.experiment_id = "e2";
  key.experiment_branch = "b";
  EXPECT_EQ(windows.Row(key).value()[Measure::kCount], 1);
  EXPECT_DOUBLE_EQ(windows.Row(key).value().usage_hours, 2);
}

TEST(ErrorWindows, WindowBoundaryAndMidnight) {
  ErrorWindows windows;
  windows.Add(Ping("2024-02-01 12:04:59.999+00"));
  windows.Add(Ping("2024-02-01 12:05:00+00"));
  windows.Add(Ping("2024-02-01 23:59:59.999999+00"));
  windows.Add(Ping("2024-02-02 00:00:00+00"));
  for (const char* w : {"2024-02-01 12:00:00+00", "2024-02-01 12:05:00+00", "2024-02-01 23:55:00+00",
                        "2024-02-02 00:00:00+00"}) {
    ASSERT_TRUE(windows.Row(Population(w)).has_value()) << w;
    EXPECT_EQ((*windows.Row(Population(w)))[Measure::kCount], 1) << w;
  }
}

TEST(ErrorWindows, RejectionsPerWindowSourceAndReason) {
  ErrorWindows windows;
  RawErrorPing bad = Ping("2024-02-01 12:01:00+00");
  bad.channel = "Other";
  windows.Add(bad);
  windows.Add(bad);
  bad.source = PingSource::kCrash;
  bad.received_us = ParseUtcTimestampUs("2024-02-01 12:06:00+00").value();
  windows.Add(bad);
  bad.build_id = "2024";
  bad.channel = "beta";
  windows.Add(bad);
  EXPECT_EQ(windows.pings(), 4);
  EXPECT_EQ(windows.row_count(), 0u);
  EXPECT_THAT(windows.RejectionLines(),
              ElementsAre("2024-02-01 12:00:00.000000+00\ttelemetry.main\tunknown_channel\t2",
                          "2024-02-01 12:05:00.000000+00\ttelemetry.crash\tunknown_channel\t1",
                          "2024-02-01 12:05:00.000000+00\ttelemetry.crash\tbad_build_id\t1"));
  EXPECT_EQ(windows.RejectedByReason().at(RejectReason::kUnknownChannel), 3);
}

TEST(ErrorWindows, AggregateLinesFollowTheCopyColumns) {
  ErrorWindows windows;
  windows.Add(Ping("2024-02-01 12:01:00+00", R"({"e1": {"branch": "a"}})"));
  // In the unique key's order: NULL (the population) after the experiment.
  EXPECT_THAT(windows.AggregateLines(), ElementsAre("2024-02-01 12:00:00.000000+00\tbeta\t123.0\t123.0b3\t20240120000000\tFirefox\tLinux\t"
                                 "\\N\t\\N\t\\N\te1\ta\t1\t1\t2\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0",
                                 "2024-02-01 12:00:00.000000+00\tbeta\t123.0\t123.0b3\t20240120000000\tFirefox\tLinux\t"
                                 "\\N\t\\N\t\\N\t\\N\t\\N\t1\t1\t2\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0"));
  EXPECT_THAT(AggregateCopyColumns(), ::testing::StartsWith("window_start, channel, version, display_version"));
  EXPECT_THAT(AggregateCopyColumns(), ::testing::EndsWith("slow_script_notice_count, slow_script_page_count"));
}

// A range of windows gives exactly its windows' lines, in the order of the
// whole output, so writing a day window by window writes the same rows.
TEST(ErrorWindows, LinesOfARangeAreThoseWindowsOnly) {
  ErrorWindows windows;
  windows.Add(Ping("2024-02-01 12:11:00+00"));
  windows.Add(Ping("2024-02-01 12:01:00+00", R"({"e1": {"branch": "a"}})"));
  windows.Add(Ping("2024-02-01 12:06:00+00"));
  windows.Add(Ping("2024-02-01 12:04:59.999999+00"));
  const auto lines_of = [&](const std::string& from, const std::string& to) {
    std::vector<std::string> lines;
    windows.ForEachAggregateLine(ParseUtcTimestampUs(from).value(), ParseUtcTimestampUs(to).value(),
                                 [&](const std::string& line) {
                                   // window, experiment, count
                                   const std::vector<std::string> f = absl::StrSplit(line, '\t');
                                   lines.push_back(absl::StrCat(f[0], " ", f[10], " ", f[12]));
                                 });
    return lines;
  };
  // 12:00 has the experiment row (first) and the population of two pings.
  EXPECT_THAT(lines_of("2024-02-01 12:00:00+00", "2024-02-01 12:05:00+00"),
              ElementsAre("2024-02-01 12:00:00.000000+00 e1 1", "2024-02-01 12:00:00.000000+00 \\N 2"));
  EXPECT_THAT(lines_of("2024-02-01 12:05:00+00", "2024-02-01 12:10:00+00"),
              ElementsAre("2024-02-01 12:05:00.000000+00 \\N 1"));
  EXPECT_THAT(lines_of("2024-02-01 12:05:00+00", "2024-02-01 12:05:00+00"), ElementsAre());
  std::vector<std::string> pieces;
  for (const char* from : {"12:00", "12:05", "12:10"}) {
    const std::string start = absl::StrCat("2024-02-01 ", from, ":00+00");
    windows.ForEachAggregateLine(ParseUtcTimestampUs(start).value(), ParseUtcTimestampUs(start).value() + 300000000,
                                 [&](const std::string& line) { pieces.push_back(line); });
  }
  EXPECT_EQ(pieces, windows.AggregateLines());
  EXPECT_EQ(pieces.size(), 4u);
}

}  // namespace
}  // namespace opmon::compute::errors
