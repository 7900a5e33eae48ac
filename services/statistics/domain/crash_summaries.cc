#include "services/statistics/domain/crash_summaries.h"


#include "common/errors/error_aggregates.h"
#include "common/status/status_macros.h"
#include "services/statistics/domain/versioned_reads.h"

namespace opmon::statistics {

CrashSummaries::CrashSummaries(pg::Pool& pool, QueryCache& cache) : pool_(pool), cache_(cache) {}

absl::StatusOr<CrashSummaryResult> CrashSummaries::Summarize(const CrashSummaryRequest& request) {
  OPMON_ASSIGN_OR_RETURN(CrashSummaryQuery query, ValidateCrashSummary(request));
  OPMON_ASSIGN_OR_RETURN(
      VersionedAnswer<CrashSummary> answer,
      AnswerThroughCache<CrashSummary>(pool_, cache_, errors::kDataVersionKey, query.CanonicalKey(),
                                       "read crash windows", [&query](pqxx::connection& conn) {
                                         return absl::StatusOr<CrashSummary>(SummarizeCrashes(
                                             query, ReadCrashWindows(conn, query.channel, query.application)));
                                       }));
  return CrashSummaryResult{.summary = std::move(answer.value), .from_cache = answer.from_cache};
}

}  // namespace opmon::statistics
