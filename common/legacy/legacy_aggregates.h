#pragma once
// opmon.legacy_aggregates and opmon.legacy_imports (migration
// 0008_legacy_aggregates.sql): the one home of the legacy (mozaggregator)
// relations' names, their aggregate types and the data version their
// imports bump. The importer (compute) and the query (statistics) both use
// these; neither spells a table or a type name of its own.

#include <optional>
#include <string_view>

#include "common/enums/enum_names.h"

namespace opmon::legacy {

inline constexpr std::string_view kAggregatesTable = "opmon.legacy_aggregates";
inline constexpr std::string_view kImportsTable = "opmon.legacy_imports";

// The key in opmon.data_versions that every legacy import bumps (in the
// transaction that replaces a day), so the statistics cache drops legacy
// query results. Not a valid project slug (slugs have no '@'), so it cannot
// collide with a project's data version.
inline constexpr std::string_view kDataVersionKey = "@legacy_aggregates";

// The reference's two families of tables: build_id_<channel>_<version>_<day>
// (day = the build id truncated to its date) and
// submission_date_<channel>_<version>_<day>.
enum class AggregateType { kBuildId, kSubmissionDate };

inline constexpr EnumNames<AggregateType, 2> kAggregateTypeNames{{
    {AggregateType::kBuildId, "build_id"},
    {AggregateType::kSubmissionDate, "submission_date"},
}};

// "build_id" | "submission_date" (the aggregate_type column, the reference's
// table prefixes and the CLI's --type).
constexpr std::string_view AggregateTypeName(AggregateType type) { return NameIn(kAggregateTypeNames, type); }
constexpr std::optional<AggregateType> ParseAggregateType(std::string_view name) {
  return ValueIn(kAggregateTypeNames, name);
}

}  // namespace opmon::legacy
