#pragma once
// Names of the relations under opmon_results, all made here: the schema, a
// project's relations (`<table>`, `<table>_statistics`, `<table>_alerts`,
// where <table> = config::ResultsTableName(slug)) and their indexes.
//
// PostgreSQL cuts identifiers to 63 bytes without an error, so two long
// names could silently become one relation. A name that would not fit is
// shortened here, deterministically and visibly: its base is cut and a hash
// of the full name inserted before the suffix. Names that fit (every
// project's today) are unchanged.

#include <cstddef>
#include <string>
#include <string_view>

#include "common/config/project.h"

namespace opmon::results {

inline constexpr char kResultsSchema[] = "opmon_results";

// PostgreSQL's NAMEDATALEN - 1.
inline constexpr std::size_t kMaxIdentifierBytes = 63;

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

TableName ClientValuesTable(const config::ResolvedProject& project);  // opmon_results.<table>
TableName StatisticsTable(const config::ResolvedProject& project);    // opmon_results.<table>_statistics
TableName AlertsTable(const config::ResolvedProject& project);        // opmon_results.<table>_alerts

}  // namespace opmon::results
