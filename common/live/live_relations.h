#pragma once
// The live experiment monitoring relations (migration 0009_live_windows.sql)
// and the closed set of enrollment event kinds: one home for their names,
// used by the aggregation (compute), the series and health checks
// (statistics) and the tests. Header-only and dependency-free.

#include <optional>
#include <string_view>

#include "common/enums/enum_names.h"

namespace opmon::live {

inline constexpr std::string_view kEventsTable = "opmon.live_events";
inline constexpr std::string_view kEnrollmentWindowsTable = "opmon.live_enrollment_windows";
inline constexpr std::string_view kSearchWindowsTable = "opmon.live_search_windows";
inline constexpr std::string_view kDailyClientsTable = "opmon.live_daily_clients";
inline constexpr std::string_view kSourcesTable = "opmon.live_sources";

// The key in opmon.data_versions bumped by every transaction that replaces
// live windows, so the statistics cache drops live series. Not a valid
// project slug (slugs have no '@').
inline constexpr std::string_view kDataVersionKey = "@live_windows";

// Window length: window_start is the receive time floored to 5 minutes.
inline constexpr int kWindowSeconds = 300;

// Enrollment event kinds. The name is the canonical event name stored in
// opmon.live_events.event and the counter column of
// opmon.live_enrollment_windows. The reference's method-name aliases
// (enrollment, unenrollment, expose, enrollFailed, ...) are parsed where
// events enter (compute), never stored.
enum class EventKind {
  kEnroll,
  kUnenroll,
  kGraduate,
  kUpdate,
  kEnrollFailed,
  kUnenrollFailed,
  kUpdateFailed,
  kDisqualification,
  kExposure,
  kValidationFailed,
};

inline constexpr EnumNames<EventKind, 10> kEventKindNames{{
    {EventKind::kEnroll, "enroll"},
    {EventKind::kUnenroll, "unenroll"},
    {EventKind::kGraduate, "graduate"},
    {EventKind::kUpdate, "update"},
    {EventKind::kEnrollFailed, "enroll_failed"},
    {EventKind::kUnenrollFailed, "unenroll_failed"},
    {EventKind::kUpdateFailed, "update_failed"},
    {EventKind::kDisqualification, "disqualification"},
    {EventKind::kExposure, "exposure"},
    {EventKind::kValidationFailed, "validation_failed"},
}};

constexpr std::string_view EventKindName(EventKind kind) { return NameIn(kEventKindNames, kind); }
// Canonical names only; aliases are compute's business.
constexpr std::optional<EventKind> ParseEventKind(std::string_view name) { return ValueIn(kEventKindNames, name); }

}  // namespace opmon::live
