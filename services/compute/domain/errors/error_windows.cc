#include "services/compute/domain/errors/error_windows.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/pg/copy_text.h"

namespace opmon::compute::errors {
namespace {

using opmon::errors::kMeasureNames;

// NULL after every value, as a B-tree index orders them.
int CompareOptional(const std::optional<std::string>& a, const std::optional<std::string>& b) {
  if (!a || !b) return a ? -1 : (b ? 1 : 0);
  return a->compare(*b);
}

// The order of opmon.error_aggregates' unique key under a bytewise collation
// (C, C.UTF-8): rows sent in it go to the index's rightmost page, which
// PostgreSQL inserts into without descending the tree.
bool KeyLess(const WindowKey& a, const WindowKey& b) {
  if (a.window_start_us != b.window_start_us) return a.window_start_us < b.window_start_us;
  const PingDimensions& x = a.dimensions;
  const PingDimensions& y = b.dimensions;
  for (int c : {x.channel.compare(y.channel), x.version.compare(y.version),
                CompareOptional(x.display_version, y.display_version), x.build_id.compare(y.build_id),
                x.application.compare(y.application), CompareOptional(x.os_name, y.os_name),
                CompareOptional(x.os_version, y.os_version), CompareOptional(x.architecture, y.architecture),
                CompareOptional(x.country, y.country), CompareOptional(a.experiment_id, b.experiment_id),
                CompareOptional(a.experiment_branch, b.experiment_branch)}) {
    if (c != 0) return c < 0;
  }
  return false;
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
  std::vector<const std::pair<const WindowKey, Measures>*> rows;
  rows.reserve(rows_.size());
  for (const auto& row : rows_) rows.push_back(&row);
  std::sort(rows.begin(), rows.end(), [](const auto* a, const auto* b) { return KeyLess(a->first, b->first); });
  std::vector<std::string> lines;
  lines.reserve(rows.size());
  pg::CopyLine line;
  for (const auto* row : rows) {
    const WindowKey& key = row->first;
    const Measures& measures = row->second;
    line.Clear();
    const PingDimensions& d = key.dimensions;
    line.AddUnescaped(FormatUtcTimestampUs(key.window_start_us));
    line.Add(d.channel);
    line.Add(d.version);
    line.AddOptional(d.display_version);
    line.Add(d.build_id);
    line.Add(d.application);
    line.AddOptional(d.os_name);
    line.AddOptional(d.os_version);
    line.AddOptional(d.architecture);
    line.AddOptional(d.country);
    line.AddOptional(key.experiment_id);
    line.AddOptional(key.experiment_branch);
    for (const auto& [measure, name] : kMeasureNames) {
      if (measure == Measure::kUsageHours) {
        line.AddDouble(measures.usage_hours);
      } else {
        line.AddUnescaped(absl::StrCat(measures[measure]));
      }
    }
    lines.push_back(line.text());
  }
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
