#pragma once
// Turns one streamed client row (text fields in ClientRowLayout order) into
// accumulator input: the group key, the client hash, every metric value
// parsed (scalars as numbers, histograms through kernels::HistogramParser::ParseAll), and
// optionally the row of the per-client results table (histograms stored
// merged, as {"<bucket>": count}). Malformed values are
// recorded and skipped. Not thread-safe (reuses its buffers).

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/pg/copy_text.h"
#include "services/compute/domain/client_query.h"
#include "services/compute/kernels/histogram_parse.h"
#include "services/compute/domain/group_aggregator.h"
#include "services/compute/domain/malformed_values.h"

namespace opmon::compute {

using RowFields = std::vector<std::optional<std::string_view>>;

class ClientRowProcessor {
 public:
  ClientRowProcessor(const ClientRowLayout& layout, GroupAggregator& aggregator, MalformedValues& malformed);

  // Accumulates one row (fields.size() == layout.Columns()). When
  // `client_line` is set it receives the COPY line for the per-client table
  // (results::ClientValuesColumns order).
  void Process(std::span<const std::optional<std::string_view>> fields, pg::CopyLine* client_line);

 private:
  const ClientRowLayout& layout_;
  GroupAggregator& aggregator_;
  MalformedValues& malformed_;
  kernels::HistogramParser histograms_;
  std::vector<MetricValue> values_;
  GroupKey key_;
  std::string json_;
};

// "12.5" → 12.5, "t"/"f" → 1/0 (boolean aggregates); nullopt otherwise.
std::optional<double> ParseScalar(std::string_view text);

// {"<key>": count, ...} of the client's merged histogram: keys in increasing
// order, the counts of equal keys summed, shortest round-trip numbers. What
// the reference keeps per client (hist.merge); the statistics normalise each
// client to weight 1 from it, and so can anyone reading the table.
void MergedHistogramJson(std::span<const kernels::Bucket> buckets, std::string& out);

}  // namespace opmon::compute
