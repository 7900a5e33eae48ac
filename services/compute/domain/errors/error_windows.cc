#include "services/compute/domain/errors/error_windows.h"

#include <algorithm>
#include <limits>

#include "absl/strings/str_cat.h"
#include "common/pg/copy_text.h"

namespace opmon::compute::errors {
namespace {

using opmon::errors::kMeasureNames;

// A key's nine dimension values in column order (experiment id and branch
// follow), each through `text` (a dimension never NULL) or `optional` (one
// that may be): the one place interning and lookup take that order from.
template <typename R, typename Text, typename Optional>
std::array<R, kPingDimensionCount> InColumnOrder(const PingDimensions& d, Text text, Optional optional) {
  return {text(d.channel),       text(d.version),       optional(d.display_version),
          text(d.build_id),      text(d.application),   optional(d.os_name),
          optional(d.os_version), optional(d.architecture), optional(d.country)};
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
  const std::array<std::optional<std::string_view>, kPingDimensionCount> dimensions = InColumnOrder<std::optional<std::string_view>>(
      ping.dimensions, [](std::string_view v) { return std::optional(v); },
      [](const std::optional<std::string_view>& v) { return v; });
  PackedKey key{};  // experiment id and branch NULL: the population
  for (size_t i = 0; i < dimensions.size(); ++i) {
    // Pings in a row often share a column's value: comparing it with the
    // last one is cheaper than hashing it.
    ValuePool::Id& last = last_ids_[i];
    if (!dimensions[i]) {
      key[i] = ValuePool::kNull;
    } else if (last != ValuePool::kNull && values_.Text(last) == *dimensions[i]) {
      key[i] = last;
    } else {
      key[i] = last = values_.Intern(*dimensions[i]);
    }
  }
  WindowRows& rows = RowsOf(ping.window_start_us);
  rows[key].Add(ping.measures);
  for (const auto& [experiment, branch] : ping.experiments) {
    key[kPingDimensionCount] = values_.Intern(experiment);
    key[kPingDimensionCount + 1] = values_.Intern(branch);
    rows[key].Add(ping.measures);
  }
}

size_t ErrorWindows::row_count() const {
  size_t rows = 0;
  for (const auto& [window, window_rows] : windows_) rows += window_rows.size();
  return rows;
}

ErrorWindows::WindowRows& ErrorWindows::RowsOf(int64_t window_start_us) {
  if (last_window_.second == nullptr || last_window_.first != window_start_us) {
    auto [it, added] = windows_.try_emplace(window_start_us);  // map nodes stay put
    // A new window most likely holds about as many rows as the one before:
    // sized at once, it is not rehashed while it fills.
    if (added && last_window_.second != nullptr) it->second.reserve(last_window_.second->size());
    last_window_ = {window_start_us, &it->second};
  }
  return *last_window_.second;
}

std::optional<Measures> ErrorWindows::Row(const WindowKey& key) const {
  const std::array<std::optional<ValuePool::Id>, kPingDimensionCount> dimensions = InColumnOrder<std::optional<ValuePool::Id>>(
      key.dimensions, [this](std::string_view v) { return values_.Find(v); },
      [this](const std::optional<std::string_view>& v) { return values_.FindOptional(v); });
  const std::optional<ValuePool::Id> experiment[] = {values_.FindOptional(key.experiment_id),
                                                     values_.FindOptional(key.experiment_branch)};
  PackedKey packed{};
  for (size_t i = 0; i < kKeyValues; ++i) {
    const std::optional<ValuePool::Id>& id = i < kPingDimensionCount ? dimensions[i] : experiment[i - kPingDimensionCount];
    if (!id) return std::nullopt;  // a value never seen: no such row
    packed[i] = *id;
  }
  auto window = windows_.find(key.window_start_us);
  if (window == windows_.end()) return std::nullopt;
  auto it = window->second.find(packed);
  if (it == window->second.end()) return std::nullopt;
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
  ForEachAggregateLine(std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(), emit);
}

void ErrorWindows::ForEachAggregateLine(int64_t from_us, int64_t to_us,
                                        absl::FunctionRef<void(const std::string&)> emit) const {
  const std::vector<uint32_t>& rank = values_.Ranks();
  // Each value's COPY text, escaped once rather than once per row using it.
  for (ValuePool::Id id = static_cast<ValuePool::Id>(copy_texts_.size()); id < rank.size(); ++id) {
    std::string& text = copy_texts_.emplace_back();
    if (id == ValuePool::kNull) {
      text = pg::kCopyNull;
    } else {
      pg::AppendCopyEscaped(text, values_.Text(id));
    }
  }
  // The rows of a window with their keys' ranks, sorted by those.
  using RankedRow = std::pair<PackedKey, const std::pair<const PackedKey, Measures>*>;
  std::vector<RankedRow> rows;
  pg::CopyLine line;
  for (auto window = windows_.lower_bound(from_us); window != windows_.end() && window->first < to_us; ++window) {
    rows.clear();
    rows.reserve(window->second.size());
    for (const auto& row : window->second) {
      RankedRow& ranked = rows.emplace_back(PackedKey{}, &row);
      for (size_t i = 0; i < kKeyValues; ++i) ranked.first[i] = rank[row.first[i]];
    }
    std::sort(rows.begin(), rows.end(), [](const RankedRow& a, const RankedRow& b) { return a.first < b.first; });
    const std::string window_start = FormatUtcTimestampUs(window->first);
    for (const auto& [ranks, row] : rows) {
      const Measures& measures = row->second;
      line.Clear();
      line.AddUnescaped(window_start);
      for (ValuePool::Id id : row->first) line.AddEscaped(copy_texts_[id]);
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
