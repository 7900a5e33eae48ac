#pragma once
// The rows of opmon.error_aggregates and opmon.error_rejections of a set of
// windows, summed in memory from the pings read: each accepted ping adds
// its measures to its row with no experiment (the population) and to one
// row per experiment it is enrolled in; each refused ping adds one to its
// (window, source, reason) count. Not thread-safe.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "services/compute/domain/errors/error_ping.h"
#include "services/compute/domain/errors/value_pool.h"

namespace opmon::compute::errors {

// One row's key: its window and dimensions, as text.
struct WindowKey {
  int64_t window_start_us = 0;
  PingDimensions dimensions;
  std::optional<std::string> experiment_id, experiment_branch;

  bool operator==(const WindowKey&) const = default;
  template <typename H>
  friend H AbslHashValue(H h, const WindowKey& k) {
    return H::combine(std::move(h), k.window_start_us, k.dimensions, k.experiment_id, k.experiment_branch);
  }
};

struct RejectionKey {
  int64_t window_start_us = 0;
  PingSource source = PingSource::kMain;
  RejectReason reason = RejectReason::kUnknownApplication;
  auto operator<=>(const RejectionKey&) const = default;
};

class ErrorWindows {
 public:
  // Checks `raw` (CheckPing) and adds it to its rows or its rejection count.
  void Add(const RawErrorPing& raw);
  void AddAccepted(const ErrorPing& ping);

  int64_t pings() const { return pings_; }
  size_t row_count() const;  // O(windows)
  // The measures of the row `key`, if there is one. O(dimensions).
  std::optional<Measures> Row(const WindowKey& key) const;
  const std::map<RejectionKey, int64_t>& rejections() const { return rejections_; }
  // Refused pings per reason, over every window.
  std::map<RejectReason, int64_t> RejectedByReason() const;

  // The rows as COPY text lines (no newline) in the column order of
  // AggregateCopyColumns(), ordered by window, then dimensions in column
  // order (bytewise, NULL last), so the output is the same whatever order
  // the pings came in; the line passed is valid during the call only.
  // AggregateLines() collects them (for tests). The rejections in
  // kRejectionCopyColumns's, by key. The overload with a range emits only
  // the rows of windows starting in [from_us, to_us), in the same order,
  // O(log windows + its rows).
  void ForEachAggregateLine(absl::FunctionRef<void(const std::string&)> line) const;
  void ForEachAggregateLine(int64_t from_us, int64_t to_us, absl::FunctionRef<void(const std::string&)> line) const;
  std::vector<std::string> AggregateLines() const;
  std::vector<std::string> RejectionLines() const;

 private:
  // A row's key within its window, its values interned in values_: hashing
  // and comparing it touches no text, and a row costs the same however long
  // its values.
  static constexpr size_t kKeyValues = kPingDimensionCount + 2;  // the dimensions, then experiment id and branch
  using PackedKey = std::array<ValuePool::Id, kKeyValues>;
  using WindowRows = absl::flat_hash_map<PackedKey, Measures>;

  WindowRows& RowsOf(int64_t window_start_us);

  int64_t pings_ = 0;
  ValuePool values_;
  std::array<ValuePool::Id, kPingDimensionCount> last_ids_{};  // per dimension column, the last value interned
  // By window start, so a range of windows is written in order without
  // sorting every row; pings mostly come in time order, so the last
  // window looked up is kept.
  std::map<int64_t, WindowRows> windows_;
  std::pair<int64_t, WindowRows*> last_window_{0, nullptr};
  std::map<RejectionKey, int64_t> rejections_;
  mutable std::vector<std::string> copy_texts_;  // by value id: its COPY text (kNull: \N)
};

// The columns the lines above fill, for COPY ... (columns).
std::string AggregateCopyColumns();
inline constexpr std::string_view kRejectionCopyColumns = "window_start, source, reason, pings";

}  // namespace opmon::compute::errors
