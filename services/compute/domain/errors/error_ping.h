#pragma once
// One warehouse ping (telemetry.main or telemetry.crash) as the error
// aggregation reads it, and the reference's rules that turn it into the
// dimensions and measures of docs/errors.md or a rejection reason
// (common/errors/error_aggregates.h). Pure functions: no database, no clock.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/errors/error_aggregates.h"

namespace opmon::compute::errors {

using opmon::errors::Measure;
using opmon::errors::RejectReason;

enum class PingSource { kMain, kCrash };

// The warehouse table of `source` (also its name in opmon.error_sources and
// opmon.error_rejections).
std::string_view SourceTable(PingSource source);

// The columns read, as the warehouse holds them (NULL as nullopt): views
// into the row read (StreamPings: valid during its callback), so reading a
// ping copies none of its text. JSON columns are their text; startup_crash
// is PostgreSQL's boolean text (t/f).
struct RawErrorPing {
  PingSource source = PingSource::kMain;
  int64_t received_us = 0;  // submission_timestamp, microseconds since the epoch (UTC)
  std::optional<std::string_view> channel, app_name, app_version, display_version, build_id, os_name, os_version,
      architecture, country, experiments;
  // main pings
  std::optional<std::string_view> subsession_length, subprocess_crashes, error_counts;
  // crash pings
  std::optional<std::string_view> process_type, startup_crash, ipc_channel_error;
};

inline constexpr int kMeasureCount = 15;

// The measures of one ping (or their sums): integer counts indexed by
// Measure, usage_hours apart (its slot in `counts` stays 0).
struct Measures {
  std::array<int64_t, kMeasureCount> counts{};
  double usage_hours = 0;

  int64_t& operator[](Measure m) { return counts[static_cast<size_t>(m)]; }
  int64_t operator[](Measure m) const { return counts[static_cast<size_t>(m)]; }
  void Add(const Measures& other) {
    for (size_t i = 0; i < counts.size(); ++i) counts[i] += other.counts[i];
    usage_hours += other.usage_hours;
  }
};

// The dimensions of an aggregate row but the experiment ones, in the column
// order of opmon.error_aggregates: views into the RawErrorPing they were
// checked from (or static text), valid as long as it.
inline constexpr size_t kPingDimensionCount = 9;
struct PingDimensions {
  std::string_view channel, version;
  std::optional<std::string_view> display_version;
  std::string_view build_id, application;
  std::optional<std::string_view> os_name, os_version, architecture, country;

  bool operator==(const PingDimensions&) const = default;
  template <typename H>
  friend H AbslHashValue(H h, const PingDimensions& d) {
    return H::combine(std::move(h), d.channel, d.version, d.display_version, d.build_id, d.application, d.os_name,
                      d.os_version, d.architecture, d.country);
  }
};

// An accepted ping: what it adds to its window, once with no experiment and
// once per (experiment, branch) it is enrolled in (distinct, sorted). Its
// dimensions view the RawErrorPing it came from.
struct ErrorPing {
  int64_t window_start_us = 0;
  PingDimensions dimensions;
  Measures measures;
  std::vector<std::pair<std::string, std::string>> experiments;
};

// The reference's accepted applications and channels.
inline constexpr std::array<std::string_view, 2> kAcceptedApplications = {"Firefox", "Fennec"};
inline constexpr std::array<std::string_view, 5> kAcceptedChannels = {"release", "beta", "nightly", "aurora", "esr"};

// Usage is clamped to [0, kMaxUsageHours] hours per ping.
inline constexpr double kMaxUsageHours = 25;

// The start of the 5-minute window (epoch-aligned) holding `received_us`.
int64_t WindowStartUs(int64_t received_us);

// The reference's os_version: the leading "N[.N[.N]]" of `version`
// ("10.0.19045.3803" -> "10.0.19045", "22.04 LTS" -> "22.04"), a prefix of
// `version` (the view lives as long as it); nullopt when it does not start
// with a digit.
std::optional<std::string_view> CutOsVersion(std::string_view version);

// Whether a build of `build_day` is accepted for a ping received on
// `received_day`: built that day or before, at most 6 whole months earlier
// (months counted as java.time's ChronoUnit.MONTHS, as the reference).
bool BuildDateAccepted(absl::CivilDay build_day, absl::CivilDay received_day);

// The ping's window contribution, or why it is not aggregated. Checks, in
// order: application, channel, version, build id (YYYYMMDDhhmmss, a valid
// date), build age, experiments, keyed counts. The ErrorPing views `raw`'s
// text.
std::variant<ErrorPing, RejectReason> CheckPing(const RawErrorPing& raw);

// Parses PostgreSQL's ISO timestamptz output in UTC ("2024-02-01
// 12:04:59.999+00", fractions optional) into microseconds since the epoch.
absl::StatusOr<int64_t> ParseUtcTimestampUs(std::string_view text);

// The same instant as PostgreSQL input text: "2024-02-01 12:05:00.000000+00".
std::string FormatUtcTimestampUs(int64_t us);

}  // namespace opmon::compute::errors
