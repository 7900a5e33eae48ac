#pragma once
// The crash and error aggregates relations (migration 0011_error_aggregates.sql)
// and their closed sets: measures, dimensions and rejection reasons. One home
// for their names, used by the aggregation (compute), the aggregates API and
// crash summaries (statistics), opmonctl and the tests. The warehouse columns
// they come from are in services/compute/datagen/warehouse_schema.cc and
// docs/errors.md. Header-only and dependency-free.

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/enums/enum_names.h"

namespace opmon::errors {

inline constexpr std::string_view kAggregatesTable = "opmon.error_aggregates";
inline constexpr std::string_view kSourcesTable = "opmon.error_sources";
inline constexpr std::string_view kFinalDaysTable = "opmon.error_final_days";
inline constexpr std::string_view kRejectionsTable = "opmon.error_rejections";

// The warehouse tables read (the reference's accepted document types).
inline constexpr std::string_view kMainPingsTable = "telemetry.main";
inline constexpr std::string_view kCrashPingsTable = "telemetry.crash";

// The key in opmon.data_versions bumped by every transaction that replaces
// error windows, so the statistics cache drops aggregates and summaries. Not
// a valid project slug (slugs have no '@').
inline constexpr std::string_view kDataVersionKey = "@error_aggregates";

// Tumbling windows of 5 minutes on the receive time (submission_timestamp);
// a window is final this long after it ends (the watermark).
inline constexpr int kWindowSeconds = 300;
inline constexpr int64_t kWindowMicros = int64_t{kWindowSeconds} * 1000000;
inline constexpr int kWatermarkDelaySeconds = 60;

// Measures: each is a column of opmon.error_aggregates of the same name,
// summed over pings (usage_hours is double precision, the others bigint).
enum class Measure {
  kCount,             // accepted pings, main and crash
  kSubsessionCount,   // main pings
  kUsageHours,        // main pings' subsession length in hours, clamped to [0, 25]
  kMainCrashes,
  kStartupCrashes,
  kContentCrashes,
  kContentShutdownCrashes,
  kGpuCrashes,
  kPluginCrashes,
  kGmpluginCrashes,
  kBrowserShimUsageBlocked,
  kPermissionsSqlCorrupted,
  kDefectivePermissionsSqlRemoved,
  kSlowScriptNoticeCount,
  kSlowScriptPageCount,
};

inline constexpr EnumNames<Measure, 15> kMeasureNames{{
    {Measure::kCount, "count"},
    {Measure::kSubsessionCount, "subsession_count"},
    {Measure::kUsageHours, "usage_hours"},
    {Measure::kMainCrashes, "main_crashes"},
    {Measure::kStartupCrashes, "startup_crashes"},
    {Measure::kContentCrashes, "content_crashes"},
    {Measure::kContentShutdownCrashes, "content_shutdown_crashes"},
    {Measure::kGpuCrashes, "gpu_crashes"},
    {Measure::kPluginCrashes, "plugin_crashes"},
    {Measure::kGmpluginCrashes, "gmplugin_crashes"},
    {Measure::kBrowserShimUsageBlocked, "browser_shim_usage_blocked"},
    {Measure::kPermissionsSqlCorrupted, "permissions_sql_corrupted"},
    {Measure::kDefectivePermissionsSqlRemoved, "defective_permissions_sql_removed"},
    {Measure::kSlowScriptNoticeCount, "slow_script_notice_count"},
    {Measure::kSlowScriptPageCount, "slow_script_page_count"},
}};

constexpr std::string_view MeasureName(Measure m) { return NameIn(kMeasureNames, m); }
constexpr std::optional<Measure> ParseMeasure(std::string_view name) { return ValueIn(kMeasureNames, name); }

// Dimensions: each is a column of opmon.error_aggregates of the same name.
// kWindowStart is the time dimension.
enum class Dimension {
  kWindowStart,
  kChannel,
  kVersion,
  kDisplayVersion,
  kBuildId,
  kApplication,
  kOsName,
  kOsVersion,
  kArchitecture,
  kCountry,
  kExperimentId,
  kExperimentBranch,
};

inline constexpr EnumNames<Dimension, 12> kDimensionNames{{
    {Dimension::kWindowStart, "window_start"},
    {Dimension::kChannel, "channel"},
    {Dimension::kVersion, "version"},
    {Dimension::kDisplayVersion, "display_version"},
    {Dimension::kBuildId, "build_id"},
    {Dimension::kApplication, "application"},
    {Dimension::kOsName, "os_name"},
    {Dimension::kOsVersion, "os_version"},
    {Dimension::kArchitecture, "architecture"},
    {Dimension::kCountry, "country"},
    {Dimension::kExperimentId, "experiment_id"},
    {Dimension::kExperimentBranch, "experiment_branch"},
}};

constexpr std::string_view DimensionName(Dimension d) { return NameIn(kDimensionNames, d); }
constexpr std::optional<Dimension> ParseDimension(std::string_view name) { return ValueIn(kDimensionNames, name); }

// Why a warehouse ping was not aggregated; stored in opmon.error_rejections.reason.
enum class RejectReason {
  kUnknownApplication,  // application outside the reference's accepted set
  kUnknownChannel,      // channel outside the accepted set
  kBadBuildId,          // missing, or not YYYYMMDDhhmmss
  kBuildTooOld,         // build date more than 6 months before submission (or after it)
  kMissingVersion,      // no application version
  kBadExperiments,      // experiments is not an object of {"branch": ...}
  kBadCounts,           // a keyed crash or error count is not a non-negative integer
};

inline constexpr EnumNames<RejectReason, 7> kRejectReasonNames{{
    {RejectReason::kUnknownApplication, "unknown_application"},
    {RejectReason::kUnknownChannel, "unknown_channel"},
    {RejectReason::kBadBuildId, "bad_build_id"},
    {RejectReason::kBuildTooOld, "build_too_old"},
    {RejectReason::kMissingVersion, "missing_version"},
    {RejectReason::kBadExperiments, "bad_experiments"},
    {RejectReason::kBadCounts, "bad_counts"},
}};

constexpr std::string_view RejectReasonName(RejectReason r) { return NameIn(kRejectReasonNames, r); }
constexpr std::optional<RejectReason> ParseRejectReason(std::string_view name) {
  return ValueIn(kRejectReasonNames, name);
}

}  // namespace opmon::errors
