#include "services/compute/domain/legacy/legacy_table_name.h"

#include <vector>

#include "absl/strings/str_format.h"

namespace opmon::compute::legacy {
namespace {

using opmon::legacy::AggregateType;

bool AllOf(std::string_view text, int (*predicate)(int)) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!predicate(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

int IsLowerLetter(int c) { return c >= 'a' && c <= 'z'; }
int IsDigit(int c) { return c >= '0' && c <= '9'; }

// YYYYMMDD → the day, when it exists.
std::optional<absl::CivilDay> DayOf(std::string_view digits) {
  const int year = std::stoi(std::string(digits.substr(0, 4)));
  const int month = std::stoi(std::string(digits.substr(4, 2)));
  const int day = std::stoi(std::string(digits.substr(6, 2)));
  absl::CivilDay civil(year, month, day);
  // CivilDay normalises 2019-02-30 to March: a date that moved does not exist.
  if (civil.year() != year || civil.month() != month || civil.day() != day) return std::nullopt;
  return civil;
}

}  // namespace

std::string LegacyTableName::ds_nodash() const {
  return absl::StrFormat("%04d%02d%02d", day.year(), day.month(), day.day());
}

std::optional<LegacyTableName> ParseLegacyTableName(std::string_view name) {
  LegacyTableName parsed;
  std::string_view rest;
  constexpr std::string_view kBuildId = "build_id_";
  constexpr std::string_view kSubmissionDate = "submission_date_";
  if (name.substr(0, kBuildId.size()) == kBuildId) {
    parsed.type = AggregateType::kBuildId;
    rest = name.substr(kBuildId.size());
  } else if (name.substr(0, kSubmissionDate.size()) == kSubmissionDate) {
    parsed.type = AggregateType::kSubmissionDate;
    rest = name.substr(kSubmissionDate.size());
  } else {
    return std::nullopt;
  }
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    const size_t end = rest.find('_', start);
    parts.push_back(rest.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  if (parts.size() != 3 || !AllOf(parts[0], IsLowerLetter) || !AllOf(parts[1], IsDigit) ||
      !AllOf(parts[2], IsDigit)) {
    return std::nullopt;
  }
  const std::string_view date = parts[2];
  const bool whole_build_id = parsed.type == AggregateType::kBuildId && date.size() == 14;
  if (date.size() != 8 && !whole_build_id) return std::nullopt;
  auto day = DayOf(date.substr(0, 8));
  if (!day) return std::nullopt;
  parsed.channel = std::string(parts[0]);
  parsed.version = std::string(parts[1]);
  parsed.day = *day;
  return parsed;
}

}  // namespace opmon::compute::legacy
