#include "services/statistics/domain/crash_summaries.h"

#include <cstdint>
#include <string>

#include <pqxx/pqxx>

#include "common/errors/error_aggregates.h"
#include "common/pg/pool.h"
#include "common/results/data_version.h"
#include "common/status/status_macros.h"

namespace opmon::statistics {
namespace {

// The aggregates belong to no project, hence no project version.
CacheVersions Versions(std::int64_t data_version) { return {.project_version = 0, .data_version = data_version}; }

}  // namespace

CrashSummaries::CrashSummaries(pg::Pool& pool, QueryCache& cache) : pool_(pool), cache_(cache) {}

absl::StatusOr<CrashSummaryResult> CrashSummaries::Summarize(const CrashSummaryRequest& request) {
  OPMON_ASSIGN_OR_RETURN(CrashSummaryQuery query, ValidateCrashSummary(request));
  const std::string key = query.CanonicalKey();
  OPMON_ASSIGN_OR_RETURN(std::int64_t data_version,
                         pool_.RunFor<std::int64_t>("read error aggregates version", [](pqxx::connection& conn) {
                           pqxx::nontransaction tx(conn);
                           return absl::StatusOr<std::int64_t>(
                               results::ReadDataVersion(tx, std::string(errors::kDataVersionKey)));
                         }));
  CrashSummaryResult result;
  result.summary = cache_.LookupValue<CrashSummary>(errors::kDataVersionKey, key, Versions(data_version));
  result.from_cache = result.summary != nullptr;
  if (result.summary) return result;
  OPMON_ASSIGN_OR_RETURN(CrashWindows windows,
                         pool_.RunFor<CrashWindows>("read crash windows", [&](pqxx::connection& conn) {
                           return absl::StatusOr<CrashWindows>(
                               ReadCrashWindows(conn, query.channel, query.application));
                         }));
  auto summary = std::make_shared<const CrashSummary>(SummarizeCrashes(query, windows));
  // Under the version read with the windows: an aggregation in between
  // stores it as newer, never as the version looked up above.
  cache_.InsertValue<CrashSummary>(errors::kDataVersionKey, key, Versions(summary->data_version), summary,
                                   ApproximateBytes(*summary));
  result.summary = std::move(summary);
  return result;
}

}  // namespace opmon::statistics
