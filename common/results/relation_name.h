#pragma once
// Names of the relations under opmon_results, all made here: the schema, a
// project's relations (`<table>`, `<table>_statistics`, `<table>_alerts`,
// where <table> = config::ResultsTableName(slug)) and their indexes.
//
// PostgreSQL cuts identifiers to 63 bytes without an error, so two long
// names could silently become one relation. The config service refuses a
// slug whose relations would not fit (kMaxTableBaseBytes); a name that still
// would not (a day index of a long table, a project stored before that
// check) is shortened here, deterministically and visibly: its base is cut
// and a hash of the full name inserted before the suffix. Names that fit are
// unchanged.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/config/project.h"
#include "common/sql/quote.h"

namespace opmon::results {

inline constexpr char kResultsSchema[] = "opmon_results";

inline constexpr std::size_t kMaxIdentifierBytes = sql::kMaxIdentifierBytes;

// Suffixes of a project's relations after its table base.
inline constexpr std::string_view kStatisticsSuffix = "_statistics";
inline constexpr std::string_view kAlertsSuffix = "_alerts";
inline constexpr std::string_view kDayIndexSuffix = "_day_idx";

// The longest table base whose relations (`<base>_statistics` is the
// longest) keep their full names; the config service refuses longer slugs.
inline constexpr std::size_t kMaxTableBaseBytes = kMaxIdentifierBytes - kStatisticsSuffix.size();

// Names a results relation: the unquoted parts and the quoted qualified name.
struct TableName {
  std::string schema;
  std::string name;
  std::string Qualified() const;  // "opmon_results"."fission_experiment"
  bool operator==(const TableName&) const = default;
};

// `base` + `suffix` when it fits kMaxIdentifierBytes; otherwise `base` cut
// short + "_" + 8 hex digits of SHA-256(base + suffix) + `suffix`, exactly
// 63 bytes. `suffix` must be shorter than 54 bytes. Bases are ASCII
// (ResultsTableName), so the cut never splits a character.
std::string RelationName(std::string_view base, std::string_view suffix = {});

// The base of a project's relation names: project.table_name, or
// config::ResultsTableName(slug) for a project stored before it had one.
std::string TableBase(const config::ResolvedProject& project);

// Every relation a project with table base `base` owns in the results
// schema, named as PostgreSQL keeps them: its three tables and the day
// indexes (results_tables.h CreateDayIndexSql).
std::vector<std::string> RelationNames(std::string_view base);

// A relation name that projects with table bases `a` and `b` would both own
// ("foo" and "foo_statistics" share "foo_statistics"), or nullopt. Equal
// bases share their first relation, `a` itself.
std::optional<std::string> SharedRelationName(std::string_view a, std::string_view b);

TableName ClientValuesTable(const config::ResolvedProject& project);  // opmon_results.<table>
TableName StatisticsTable(const config::ResolvedProject& project);    // opmon_results.<table>_statistics
TableName AlertsTable(const config::ResolvedProject& project);        // opmon_results.<table>_alerts

}  // namespace opmon::results
