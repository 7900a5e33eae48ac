#pragma once
// The names of the reference's (mozaggregator's) tables:
// build_id_<channel>_<version>_<YYYYMMDD> and
// submission_date_<channel>_<version>_<YYYYMMDD>, channel lowercase letters,
// version digits. A build_id table may carry the whole build id
// (YYYYMMDDhhmmss); as the reference, it is truncated to its date. Any other
// name (indexes, bookkeeping tables) is not a legacy table.

#include <optional>
#include <string>
#include <string_view>

#include "absl/time/civil_time.h"
#include "common/legacy/legacy_aggregates.h"

namespace opmon::compute::legacy {

struct LegacyTableName {
  opmon::legacy::AggregateType type = opmon::legacy::AggregateType::kBuildId;
  std::string channel;
  std::string version;
  absl::CivilDay day;
  // The day as the aggregates' ds_nodash column stores it: YYYYMMDD.
  std::string ds_nodash() const;
  bool operator==(const LegacyTableName&) const = default;
};

// nullopt unless `name` matches the pattern exactly and its date exists.
std::optional<LegacyTableName> ParseLegacyTableName(std::string_view name);

}  // namespace opmon::compute::legacy
