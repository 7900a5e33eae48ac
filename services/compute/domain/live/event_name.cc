#include "services/compute/domain/live/event_name.h"

#include <array>
#include <utility>

namespace opmon::compute::live {
namespace {

using opmon::live::EventKind;

// The reference counts these method names with the canonical ones
// (mozilla/bigquery-etl experiment_enrollment_aggregates_live: desktop
// normandy methods in camelCase, Glean nimbus_events metric names).
constexpr std::array<std::pair<std::string_view, EventKind>, 10> kAliases{{
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
}};

}  // namespace

std::optional<EventKind> ParseEventName(std::string_view name) {
  if (auto kind = opmon::live::ParseEventKind(name)) return kind;
  for (const auto& [alias, kind] : kAliases) {
    if (alias == name) return kind;
  }
  return std::nullopt;
}

}  // namespace opmon::compute::live
