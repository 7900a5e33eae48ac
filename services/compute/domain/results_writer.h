#pragma once
// Writes one (project, day) of results in ONE transaction on the results
// database: a transaction advisory lock on (slug, day) so two runs of a day
// never interleave; the day's rows deleted from opmon_results.<table> and
// <table>_statistics; the per-client rows streamed in with COPY as they are
// computed; the statistics rows; the data version bumped; the day marked
// "alerts pending" (common/results/alerts_pending.h); then the caller's
// before-commit step (marking the job done) and COMMIT. Until then readers
// see the previous results; an abort, a cancel or a crash leaves them
// untouched: never duplicates, never half a day.

#include <cstdint>
#include <functional>
#include <memory>
#include <pqxx/connection>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/config/project.h"
#include "common/pg/pg_fwd.h"
#include "services/compute/domain/group_aggregator.h"

namespace opmon::compute {

class ResultsWriter {
 public:
  // Begins the transaction on `conn` (which must outlive the writer and have
  // no open transaction). Aborted when another run holds the day's lock.
  // The results tables must exist (results::EnsureResultsTables).
  static absl::StatusOr<std::unique_ptr<ResultsWriter>> Begin(pqxx::connection& conn,
                                                              const config::ResolvedProject& project,
                                                              absl::CivilDay day);
  // Aborts unless Commit succeeded.
  ~ResultsWriter();

  // One COPY line of the per-client table (ClientRowProcessor's format).
  absl::Status WriteClientLine(std::string_view line);

  using BeforeCommit = std::function<absl::Status(pqxx::transaction_base&)>;
  struct CommitResult {
    int64_t statistics_rows = 0;
    int64_t data_version = 0;
  };
  // Ends the client rows, inserts `records` (keys from `aggregator`),
  // bumps the data version, runs `before_commit` (its error aborts
  // everything) and commits.
  absl::StatusOr<CommitResult> Commit(const GroupAggregator& aggregator, const std::vector<StatisticRecord>& records,
                                      const BeforeCommit& before_commit);

 private:
  struct Impl;
  explicit ResultsWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace opmon::compute
