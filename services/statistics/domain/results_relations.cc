#include "services/statistics/domain/results_relations.h"

#include "common/results/results_tables.h"
#include "common/sql/quote.h"

namespace opmon::statistics {

std::string StatisticsRelation(const config::ResolvedProject& project) {
  return results::StatisticsTable(project).Qualified();
}

std::string AlertsRelation(const config::ResolvedProject& project) {
  return sql::QualifiedName(results::kResultsSchema, project.table_name + "_alerts");
}

}  // namespace opmon::statistics
