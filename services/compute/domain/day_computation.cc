#include "services/compute/domain/day_computation.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/pg/pool.h"
#include "common/results/results_schema.h"
#include "common/status/status_macros.h"
#include "services/compute/domain/client_query.h"
#include "services/compute/domain/client_row_processor.h"
#include "services/compute/domain/results_writer.h"

namespace opmon::compute {
namespace {

absl::Status Stopped(const std::string& slug, absl::CivilDay day) {
  return absl::CancelledError(absl::StrCat("run of ", slug, " ", absl::FormatCivilTime(day),
                                           " stopped (cancelled or shutting down); nothing was stored"));
}

}  // namespace

absl::StatusOr<DayResult> ComputeProjectDay(pg::Pool& warehouse, pg::Pool& results, const VersionedProject& versioned,
                                            absl::CivilDay day, const DayHooks& hooks,
                                            const StreamOptions& server_stream_options) {
  const config::ResolvedProject& project = versioned.project;
  StreamOptions stream_options = server_stream_options;
  stream_options.limits = ForProject(stream_options.limits, project.statement_timeout_seconds);
  ClientQueryOptions query_options;
  query_options.day = day;
  OPMON_ASSIGN_OR_RETURN(ClientQuery query, BuildClientQuery(project, query_options));
  OPMON_RETURN_IF_ERROR(results.Run("results tables", [&](pqxx::connection& c) {
    return results::EnsureResultsTables(c, project);
  }));
  auto stop = [&] { return hooks.should_stop && hooks.should_stop(); };
  auto report = [&](const JobProgress& p) {
    if (hooks.on_progress) hooks.on_progress(p);
  };

  DayResult result;
  // One try: a lost connection or a lock conflict ends this run (the job
  // queue decides whether the job gets another attempt), so a day's warehouse
  // scan never runs twice within one.
  absl::Status status = results.RunOnce("write results", [&](pqxx::connection& results_conn) -> absl::Status {
    if (stop()) return Stopped(project.slug, day);
    OPMON_ASSIGN_OR_RETURN(std::unique_ptr<GroupAggregator> aggregator,
                           GroupAggregator::Create(project, query.layout));
    MalformedValues malformed;
    JobProgress progress;
    progress.phase = JobPhase::kPopulation;
    report(progress);
    OPMON_ASSIGN_OR_RETURN(std::unique_ptr<ResultsWriter> writer, ResultsWriter::Begin(results_conn, project, day));
    ClientRowProcessor processor(query.layout, *aggregator, malformed);
    pg::CopyLine line;
    DayTimings& timings = result.timings;
    absl::Time mark = absl::Now();
    absl::Time first_batch = absl::InfinitePast();
    absl::Status streamed =
        StreamClientRows(warehouse.dsn(), query, stream_options, [&](std::span<const RowFields> rows) -> absl::Status {
          if (stop()) return Stopped(project.slug, day);
          if (first_batch == absl::InfinitePast()) first_batch = absl::Now();
          progress.phase = JobPhase::kAggregate;
          for (const RowFields& row : rows) {
            processor.Process(row, &line);
            OPMON_RETURN_IF_ERROR(writer->WriteClientLine(line.text()));
          }
          progress.rows_read += static_cast<int64_t>(rows.size());
          progress.clients = progress.rows_read;
          progress.groups = static_cast<int64_t>(aggregator->groups());
          report(progress);
          return absl::OkStatus();
        });
    OPMON_RETURN_IF_ERROR(streamed);
    if (stop()) return Stopped(project.slug, day);
    if (first_batch == absl::InfinitePast()) first_batch = absl::Now();  // no rows
    timings.first_rows = first_batch - mark;
    mark = absl::Now();
    timings.stream = mark - first_batch;
    progress.phase = JobPhase::kFinalise;
    report(progress);
    std::vector<StatisticRecord> records = aggregator->Finalize(malformed);
    timings.finalise = absl::Now() - mark;
    mark = absl::Now();
    progress.phase = JobPhase::kWrite;
    progress.statistics_rows = static_cast<int64_t>(records.size());
    report(progress);
    if (stop()) return Stopped(project.slug, day);
    JobProgress done = progress;
    done.phase = JobPhase::kDone;
    std::vector<MalformedCount> counts = malformed.Counts();
    OPMON_ASSIGN_OR_RETURN(
        ResultsWriter::CommitResult committed,
        writer->Commit(*aggregator, records, [&](pqxx::transaction_base& tx) -> absl::Status {
          // The rows may have taken long to reach the server: a stop
          // requested meanwhile still wins over the commit.
          if (stop()) return Stopped(project.slug, day);
          if (!hooks.before_commit) return absl::OkStatus();
          return hooks.before_commit(tx, done, counts);
        }));
    timings.commit = absl::Now() - mark;
    result.progress = done;
    result.malformed = std::move(counts);
    result.data_version = committed.data_version;
    report(done);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return result;
}

absl::StatusOr<PreviewResult> PreviewProjectDay(pg::Pool& warehouse, const WarehouseLimits& limits,
                                                const config::ResolvedProject& project, absl::CivilDay day,
                                                double sample_percent, const std::function<bool()>& should_stop) {
  ClientQueryOptions query_options;
  query_options.day = day;
  query_options.sample_percent = sample_percent;
  OPMON_ASSIGN_OR_RETURN(ClientQuery query, BuildClientQuery(project, query_options));
  PreviewResult result;
  absl::Status status = [&]() -> absl::Status {
    OPMON_ASSIGN_OR_RETURN(std::unique_ptr<GroupAggregator> aggregator,
                           GroupAggregator::Create(project, query.layout));
    MalformedValues malformed;
    ClientRowProcessor processor(query.layout, *aggregator, malformed);
    int64_t rows_read = 0;
    StreamOptions stream_options;
    stream_options.limits = ForProject(limits, project.statement_timeout_seconds);
    OPMON_RETURN_IF_ERROR(StreamClientRows(warehouse.dsn(), query, stream_options, [&](std::span<const RowFields> rows) -> absl::Status {
      if (should_stop && should_stop()) return absl::CancelledError("preview cancelled");
      for (const RowFields& row : rows) processor.Process(row, nullptr);
      rows_read += static_cast<int64_t>(rows.size());
      return absl::OkStatus();
    }));
    result = PreviewResult{};
    result.dimensions = query.layout.dimensions;
    for (StatisticRecord& r : aggregator->Finalize(malformed)) {
      result.rows.push_back({aggregator->key(r.group), std::move(r.metric), std::move(r.row)});
    }
    result.rows_read = rows_read;
    result.clients = rows_read;
    result.malformed = malformed.Counts();
    return absl::OkStatus();
  }();
  if (!status.ok()) return status;
  return result;
}

}  // namespace opmon::compute
