#pragma once
// One row of a legacy (mozaggregator) table — a dimensions JSON object and a
// bigint[] histogram whose last two elements are the sum and the count — and
// the same row as opmon.legacy_aggregates stores it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "common/pg/copy_text.h"
#include "services/compute/domain/legacy/legacy_table_name.h"

namespace opmon::compute::legacy {

struct LegacyAggregateRow {
  // The dimensions object's os, child, label, metric, osVersion, application
  // and architecture; a key that is absent or null is nullopt, booleans and
  // numbers keep their JSON text ("false").
  std::optional<std::string> os, child, label, metric, os_version, application, architecture;
  std::vector<int64_t> aggregate;
};

// Parses one source row into `row` (its vectors' capacity is reused).
// InvalidArgument naming the column and quoting the start of the value: the
// dimensions are not a JSON object or have no metric; the histogram is not a
// one-dimensional array of at least two integers (sum and count).
absl::Status ParseLegacyRow(std::string_view dimensions, std::string_view histogram, LegacyAggregateRow& row);

// The columns EncodeAggregateLine writes, in order, as a COPY column list.
inline constexpr std::string_view kAggregateCopyColumns =
    "aggregate_type, ds_nodash, channel, version, os, child, label, metric, os_version, application, architecture, "
    "aggregate";

// `row` of table `table` as one COPY text line of opmon.legacy_aggregates.
void EncodeAggregateLine(const LegacyTableName& table, const LegacyAggregateRow& row, pg::CopyLine& line);

}  // namespace opmon::compute::legacy
