#include "services/compute/domain/errors/error_windows.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/pg/copy_text.h"

namespace opmon::compute::errors {
namespace {

using opmon::errors::kMeasureNames;

void AddOptional(pg::CopyLine& line, const std::optional<std::string>& value) {
  if (value) {
    line.Add(*value);
  } else {
    line.AddNull();
  }
}

}  // namespace

void ErrorWindows::Add(const RawErrorPing& raw) {
  std::variant<ErrorPing, RejectReason> checked = CheckPing(raw);
  if (const auto* reason = std::get_if<RejectReason>(&checked)) {
    ++pings_;
    ++rejections_[RejectionKey{WindowStartUs(raw.received_us), raw.source, *reason}];
    return;
  }
  AddAccepted(std::get<ErrorPing>(checked));
}

void ErrorWindows::AddAccepted(const ErrorPing& ping) {
  ++pings_;
  for (const auto& [experiment, branch] : ping.experiments) {
    AddTo(WindowKey{ping.window_start_us, ping.dimensions, experiment, branch}, ping.measures);
  }
  AddTo(WindowKey{ping.window_start_us, ping.dimensions, std::nullopt, std::nullopt}, ping.measures);
}

void ErrorWindows::AddTo(WindowKey key, const Measures& measures) { rows_[std::move(key)].Add(measures); }

std::map<RejectReason, int64_t> ErrorWindows::RejectedByReason() const {
  std::map<RejectReason, int64_t> out;
  for (const auto& [key, pings] : rejections_) out[key.reason] += pings;
  return out;
}

std::string AggregateCopyColumns() {
  std::string columns =
      "window_start, channel, version, display_version, build_id, application, os_name, os_version, architecture, "
      "country, experiment_id, experiment_branch";
  for (const auto& [measure, name] : kMeasureNames) absl::StrAppend(&columns, ", ", std::string(name));
  return columns;
}

std::vector<std::string> ErrorWindows::AggregateLines() const {
  std::vector<std::string> lines;
  lines.reserve(rows_.size());
  pg::CopyLine line;
  for (const auto& [key, measures] : rows_) {
    line.Clear();
    const PingDimensions& d = key.dimensions;
    line.AddUnescaped(FormatUtcTimestampUs(key.window_start_us));
    line.Add(d.channel);
    line.Add(d.version);
    AddOptional(line, d.display_version);
    line.Add(d.build_id);
    line.Add(d.application);
    AddOptional(line, d.os_name);
    AddOptional(line, d.os_version);
    AddOptional(line, d.architecture);
    AddOptional(line, d.country);
    AddOptional(line, key.experiment_id);
    AddOptional(line, key.experiment_branch);
    for (const auto& [measure, name] : kMeasureNames) {
      if (measure == Measure::kUsageHours) {
        line.AddDouble(measures.usage_hours);
      } else {
        line.AddUnescaped(absl::StrCat(measures[measure]));
      }
    }
    lines.push_back(line.text());
  }
  // In key order (window first): the unique index takes them in order, and
  // the output does not depend on the hash map's.
  std::sort(lines.begin(), lines.end());
  return lines;
}

std::vector<std::string> ErrorWindows::RejectionLines() const {
  std::vector<std::string> lines;
  pg::CopyLine line;
  for (const auto& [key, pings] : rejections_) {
    line.Clear();
    line.AddUnescaped(FormatUtcTimestampUs(key.window_start_us));
    line.Add(SourceTable(key.source));
    line.Add(opmon::errors::RejectReasonName(key.reason));
    line.AddUnescaped(absl::StrCat(pings));
    lines.push_back(line.text());
  }
  return lines;
}

}  // namespace opmon::compute::errors
