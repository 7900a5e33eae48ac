#include "common/results/relation_name.h"

#include <algorithm>

#include "common/config/table_name.h"
#include "common/hash/sha256.h"
#include "common/sql/quote.h"

namespace opmon::results {
namespace {

constexpr std::size_t kHashHexDigits = 8;

static_assert(kMaxTableBaseBytes == 52, "docs/data-layout.md and the config service's message state 52 bytes");

TableName InResultsSchema(std::string name) { return {kResultsSchema, std::move(name)}; }

}  // namespace

std::string TableName::Qualified() const { return sql::QualifiedName(schema, name); }

std::string RelationName(std::string_view base, std::string_view suffix) {
  std::string full = std::string(base) + std::string(suffix);
  if (full.size() <= kMaxIdentifierBytes) return full;
  const std::size_t keep = kMaxIdentifierBytes - 1 - kHashHexDigits - suffix.size();
  return std::string(base.substr(0, keep)) + "_" + hash::Sha256Hex(full).substr(0, kHashHexDigits) +
         std::string(suffix);
}

std::vector<std::string> RelationNames(std::string_view base) {
  const std::string values = RelationName(base);
  const std::string statistics = RelationName(base, kStatisticsSuffix);
  return {values, statistics, RelationName(base, kAlertsSuffix), RelationName(values, kDayIndexSuffix),
          RelationName(statistics, kDayIndexSuffix)};
}

std::optional<std::string> SharedRelationName(std::string_view a, std::string_view b) {
  const std::vector<std::string> theirs = RelationNames(b);
  for (const std::string& name : RelationNames(a)) {
    if (std::find(theirs.begin(), theirs.end(), name) != theirs.end()) return name;
  }
  return std::nullopt;
}

std::string TableBase(const config::ResolvedProject& project) {
  return project.table_name.empty() ? config::ResultsTableName(project.slug) : project.table_name;
}

TableName ClientValuesTable(const config::ResolvedProject& project) {
  return InResultsSchema(RelationName(TableBase(project)));
}

TableName StatisticsTable(const config::ResolvedProject& project) {
  return InResultsSchema(RelationName(TableBase(project), kStatisticsSuffix));
}

TableName AlertsTable(const config::ResolvedProject& project) {
  return InResultsSchema(RelationName(TableBase(project), kAlertsSuffix));
}

}  // namespace opmon::results
