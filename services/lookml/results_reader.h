#pragma once
// Reads, for one project, what LookML generation and the HTML preview need
// from its stored results (opmon_results."<table>_statistics" and
// "<table>_alerts"): how often each dimension value occurs, which branches
// have rows, and the rows and alerts themselves. A project without results
// tables (never computed) reads as empty. Only columns that exist are read,
// so a dimension added after the last run reads as "no data".
//
// These functions throw pqxx exceptions: call them inside pg::Pool::Run,
// which converts them (common/pg/error_mapping.h).

#include <cstddef>
#include <string>
#include <vector>

#include "common/config/project.h"
#include "common/pg/pg_fwd.h"
#include "services/lookml/domain/lookml_input.h"
#include "services/lookml/domain/preview_data.h"

namespace opmon::lookml {

struct ResultsFacts {
  // One entry per project dimension with data, values most frequent first
  // (ties by value), at most `max_values` each.
  std::vector<DimensionValues> dimension_values;
  std::vector<std::string> observed_branches;  // most frequent first
};

ResultsFacts ReadResultsFacts(pqxx::transaction_base& tx, const config::ResolvedProject& project,
                              int max_values);

// Statistics rows (oldest first, at most `max_rows`; for build_id projects
// only each build's latest run) and every alert, with the project dimensions
// that have a column.
PreviewData ReadPreviewData(pqxx::transaction_base& tx, const config::ResolvedProject& project, size_t max_rows);

}  // namespace opmon::lookml
