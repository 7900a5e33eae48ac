#include "services/compute/domain/run_dates.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace opmon::compute {
namespace {

constexpr char kForceHint[] = "; force it to run anyway (RunProject/Backfill force, opmonctl --force)";

std::string Range(absl::CivilDay from, absl::CivilDay to) {
  if (from == to) return absl::FormatCivilTime(from);
  return absl::StrCat(absl::FormatCivilTime(from), "..", absl::FormatCivilTime(to));
}

std::string DateOrOpen(const std::optional<absl::CivilDay>& day) {
  return day ? absl::FormatCivilTime(*day) : "";
}

}  // namespace

absl::Status CheckRunDates(const config::ResolvedProject& project, absl::CivilDay from, absl::CivilDay to,
                           DateCheck check) {
  if (check == DateCheck::kForced) return absl::OkStatus();
  if (project.skip) {
    return absl::FailedPreconditionError(
        absl::StrCat("project ", project.slug, " is skipped (project.skip: true)", kForceHint));
  }
  const bool before = project.start_date && from < *project.start_date;
  const bool after = project.end_date && to > *project.end_date;
  if (!before && !after) return absl::OkStatus();
  const std::string dates = absl::StrCat(DateOrOpen(project.start_date), "..", DateOrOpen(project.end_date));
  std::string message =
      absl::StrCat(Range(from, to), " is outside project ", project.slug, "'s dates ", dates, " (",
                   before ? "project.start_date" : "project.end_date", ")");
  const absl::CivilDay clamped_from = before ? *project.start_date : from;
  const absl::CivilDay clamped_to = after ? *project.end_date : to;
  if (clamped_from <= clamped_to && from != to) {
    absl::StrAppend(&message, "; the days inside them are ", Range(clamped_from, clamped_to));
  }
  absl::StrAppend(&message, kForceHint);
  return absl::FailedPreconditionError(message);
}

}  // namespace opmon::compute
