#pragma once
// The rows of opmon.error_aggregates and opmon.error_rejections of a set of
// windows, summed in memory from the pings read: each accepted ping adds
// its measures to its row with no experiment (the population) and to one
// row per experiment it is enrolled in; each refused ping adds one to its
// (window, source, reason) count. Not thread-safe.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "services/compute/domain/errors/error_ping.h"

namespace opmon::compute::errors {

// One row's key: its window and dimensions.
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
  const absl::flat_hash_map<WindowKey, Measures>& rows() const { return rows_; }
  const std::map<RejectionKey, int64_t>& rejections() const { return rejections_; }
  // Refused pings per reason, over every window.
  std::map<RejectReason, int64_t> RejectedByReason() const;

  // The rows as COPY text lines (no newline) in the column order of
  // AggregateCopyColumns(), in the order of the table's unique key (bytewise,
  // NULL last); the rejections in kRejectionCopyColumns's, by key.
  std::vector<std::string> AggregateLines() const;
  std::vector<std::string> RejectionLines() const;

 private:
  void AddTo(WindowKey key, const Measures& measures);

  int64_t pings_ = 0;
  absl::flat_hash_map<WindowKey, Measures> rows_;
  std::map<RejectionKey, int64_t> rejections_;
};

// The columns the lines above fill, for COPY ... (columns).
std::string AggregateCopyColumns();
inline constexpr std::string_view kRejectionCopyColumns = "window_start, source, reason, pings";

}  // namespace opmon::compute::errors
