#pragma once
// Per-group, per-metric accumulation of client values and the statistics
// they finalise to (docs/compute.md "One project-day"). A group is one (submission_date,
// build_id, dimensions..., branch); each metric of the layout gets a kernel
// accumulator per group: HistogramAccumulator for histograms (the client's
// histograms merged and normalised to weight 1), ScalarAccumulator for
// scalars, and a RatioAccumulator per total_ratio statistic. Memory is
// bounded by groups × metrics (plus 8 bytes per scalar client value, which
// exact percentiles need), never by rows. Not thread-safe.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "common/config/project.h"
#include "services/compute/domain/client_query.h"
#include "services/compute/domain/malformed_values.h"
#include "services/compute/kernels/histogram.h"
#include "services/compute/kernels/statistic_spec.h"

namespace opmon::compute {

// One client's value of one metric, parsed from its column (reused).
struct MetricValue {
  enum class State { kNull, kValue, kMalformed };
  State state = State::kNull;
  double scalar = 0;                     // scalars
  std::vector<kernels::Bucket> buckets;  // histograms: the client's, merged (canonical)
};

struct GroupKey {
  std::string submission_date;  // YYYY-MM-DD
  std::optional<std::string> build_id;
  std::vector<std::optional<std::string>> dimensions;  // layout order
  std::string branch;
  bool operator==(const GroupKey&) const = default;
};

struct StatisticRecord {
  size_t group = 0;  // GroupAggregator::key(group)
  std::string metric;
  kernels::StatisticRow row;  // NaN point/lower/upper are NULL
};

class GroupAggregator {
 public:
  // InvalidArgument naming the metric when a statistic's parameters are
  // invalid or a total_ratio denominator is not a scalar metric of `layout`.
  static absl::StatusOr<std::unique_ptr<GroupAggregator>> Create(const config::ResolvedProject& project,
                                                                 const ClientRowLayout& layout);
  ~GroupAggregator();

  // The group of these key values, created on first use.
  size_t GroupFor(const GroupKey& key);

  // Adds one client. `values` has one entry per layout metric. A malformed
  // value (or a histogram the kernel refuses) is recorded in `malformed` and
  // that metric skips the client.
  void AddClient(size_t group, uint64_t client_hash, std::span<const MetricValue> values,
                 MalformedValues& malformed);

  // Every configured statistic of every group, groups in creation order,
  // metrics and statistics in config order. A statistic the kernel cannot
  // finalise for a group (e.g. total_ratio over a zero denominator) is
  // recorded in `malformed` and left out.
  std::vector<StatisticRecord> Finalize(MalformedValues& malformed) const;

  size_t groups() const { return keys_.size(); }
  const GroupKey& key(size_t group) const { return keys_[group]; }

 private:
  struct MetricPlan;
  struct GroupState;
  GroupAggregator() = default;

  std::vector<MetricPlan> plans_;
  std::vector<GroupKey> keys_;
  std::vector<std::unique_ptr<GroupState>> states_;
  absl::flat_hash_map<std::string, size_t> index_;
  std::string scratch_key_;
  // Per metric: min and max non-NULL scalar value of the day (the range of
  // the reference's log buckets).
  std::vector<std::optional<std::pair<double, double>>> ranges_;
};

}  // namespace opmon::compute
