#include "services/compute/domain/errors/error_windows.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/pg/copy_text.h"

namespace opmon::compute::errors {
namespace {

using opmon::errors::kMeasureNames;

// A key's eleven values in column order, each as optional text; the four
// dimensions that are never NULL are copied into `required` to be pointed at.
std::array<const std::optional<std::string>*, 11> OptionalValues(const PingDimensions& d,
                                                                 const std::optional<std::string>& experiment_id,
                                                                 const std::optional<std::string>& experiment_branch,
                                                                 std::array<std::optional<std::string>, 4>& required) {
  required = {d.channel, d.version, d.build_id, d.application};
  return {&required[0],   &required[1],  &d.display_version, &required[2], &required[3],        &d.os_name,
          &d.os_version,  &d.architecture, &d.country,       &experiment_id, &experiment_branch};
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
  const PingDimensions& d = ping.dimensions;
  PackedKey key{.window_start_us = ping.window_start_us,
                .values = {values_.Intern(d.channel), values_.Intern(d.version), values_.InternOptional(d.display_version),
                           values_.Intern(d.build_id), values_.Intern(d.application), values_.InternOptional(d.os_name),
                           values_.InternOptional(d.os_version), values_.InternOptional(d.architecture), values_.InternOptional(d.country),
                           ValuePool::kNull, ValuePool::kNull}};
  rows_[key].Add(ping.measures);
  for (const auto& [experiment, branch] : ping.experiments) {
    key.values[9] = values_.Intern(experiment);
    key.values[10] = values_.Intern(branch);
    rows_[key].Add(ping.measures);
  }
}

std::optional<Measures> ErrorWindows::Row(const WindowKey& key) const {
  PackedKey packed{.window_start_us = key.window_start_us};
  std::array<std::optional<std::string>, 4> required;
  const auto texts = OptionalValues(key.dimensions, key.experiment_id, key.experiment_branch, required);
  for (size_t i = 0; i < kKeyValues; ++i) {
    std::optional<ValuePool::Id> id = values_.Find(*texts[i]);
    if (!id) return std::nullopt;
    packed.values[i] = *id;
  }
  auto it = rows_.find(packed);
  if (it == rows_.end()) return std::nullopt;
  return it->second;
}

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

void ErrorWindows::ForEachAggregateLine(absl::FunctionRef<void(const std::string&)> emit) const {
  const std::vector<uint32_t> rank = values_.Ranks();
  std::vector<const std::pair<const PackedKey, Measures>*> rows;
  rows.reserve(rows_.size());
  for (const auto& row : rows_) rows.push_back(&row);
  std::sort(rows.begin(), rows.end(), [&](const auto* a, const auto* b) {
    const PackedKey& x = a->first;
    const PackedKey& y = b->first;
    if (x.window_start_us != y.window_start_us) return x.window_start_us < y.window_start_us;
    for (size_t i = 0; i < kKeyValues; ++i) {
      if (x.values[i] != y.values[i]) return rank[x.values[i]] < rank[y.values[i]];
    }
    return false;
  });
  pg::CopyLine line;
  for (const auto* row : rows) {
    const Measures& measures = row->second;
    line.Clear();
    line.AddUnescaped(FormatUtcTimestampUs(row->first.window_start_us));
    for (ValuePool::Id id : row->first.values) {
      if (id == ValuePool::kNull) {
        line.AddNull();
      } else {
        line.Add(values_.Text(id));
      }
    }
    for (const auto& [measure, name] : kMeasureNames) {
      if (measure == Measure::kUsageHours) {
        line.AddDouble(measures.usage_hours);
      } else {
        line.AddInt(measures[measure]);
      }
    }
    emit(line.text());
  }
}

std::vector<std::string> ErrorWindows::AggregateLines() const {
  std::vector<std::string> lines;
  ForEachAggregateLine([&](const std::string& line) { lines.emplace_back(line); });
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
    line.AddInt(pings);
    lines.push_back(line.text());
  }
  return lines;
}

}  // namespace opmon::compute::errors
