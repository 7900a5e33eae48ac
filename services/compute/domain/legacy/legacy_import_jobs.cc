#include "services/compute/domain/legacy/legacy_import_jobs.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/log/log.h"
#include "services/compute/domain/legacy/database_source.h"
#include "services/compute/domain/legacy/dump_directory_source.h"

namespace opmon::compute::legacy {
namespace {

absl::StatusOr<std::unique_ptr<LegacySource>> OpenSource(const LegacyImportSource& source) {
  if (source.kind == LegacyImportSource::Kind::kDatabase) {
    auto db = DatabaseSource::Connect(source.location);
    if (!db.ok()) return db.status();
    return std::unique_ptr<LegacySource>(*std::move(db));
  }
  auto dump = DumpDirectorySource::Open(source.location);
  if (!dump.ok()) return dump.status();
  return std::unique_ptr<LegacySource>(*std::move(dump));
}

JobProgress ToJobProgress(const ImportProgress& p, JobPhase phase) {
  JobProgress out;
  out.phase = phase;
  out.rows_read = p.rows;
  out.bytes_read = p.bytes;
  out.tables = p.tables;
  out.tables_total = p.tables_total;
  return out;
}

}  // namespace

LegacyImportJobs::LegacyImportJobs(pg::Pool& opmon, JobStore& store, Options options)
    : opmon_(opmon), store_(store), options_(std::move(options)) {}

LegacyImportJobs::~LegacyImportJobs() { Stop(); }

absl::StatusOr<int64_t> LegacyImportJobs::Start(const LegacyImportSource& source, const ImportFilter& filter) {
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) return absl::UnavailableError("the compute service is stopping");
  }
  absl::StatusOr<std::unique_ptr<LegacySource>> opened = OpenSource(source);
  if (!opened.ok()) return opened.status();
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  absl::StatusOr<ClaimedJob> job =
      store_.StartDirect(std::string(kLegacyImportJobSlug), today, options_.worker, JobPhase::kImport);
  if (!job.ok()) return job.status();
  absl::MutexLock lock(&mu_);
  running_.erase(std::remove_if(running_.begin(), running_.end(), [](const auto& r) { return r->done.load(); }),
                 running_.end());
  auto running = std::make_unique<Running>();
  Running* raw = running.get();
  std::shared_ptr<LegacySource> shared_source = *std::move(opened);
  raw->thread = std::jthread([this, raw, job = *job, shared_source, filter](std::stop_token stop) {
    Run(job, *shared_source, filter, stop);
    raw->done = true;
  });
  running_.push_back(std::move(running));
  return job->id;
}

void LegacyImportJobs::Stop() {
  std::vector<std::unique_ptr<Running>> running;
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    running.swap(running_);
  }
  for (auto& r : running) r->thread.request_stop();
  running.clear();  // joins
}

void LegacyImportJobs::Run(const ClaimedJob& job, LegacySource& source, const ImportFilter& filter,
                           std::stop_token stop) {
  bool cancel_requested = false;
  absl::Time last_heartbeat = absl::InfinitePast();  // the first report (tables to read) at once
  ImportProgress last;
  auto on_progress = [&](const ImportProgress& p) {
    last = p;
    if (stop.stop_requested()) return false;
    if (absl::Now() - last_heartbeat < options_.heartbeat_interval) return true;
    last_heartbeat = absl::Now();
    absl::StatusOr<bool> should_stop = store_.Heartbeat(job, ToJobProgress(p, JobPhase::kImport));
    // A failed heartbeat is retried at the next one; the import goes on.
    if (should_stop.ok() && *should_stop) cancel_requested = true;
    return !cancel_requested;
  };
  absl::StatusOr<ImportSummary> summary = ImportLegacyAggregates(source, opmon_, filter, on_progress);
  JobState state = JobState::kSucceeded;
  std::string error;
  if (summary.ok()) {
    last = summary->progress;
    if (!summary->refused.empty()) {
      state = JobState::kFailed;
      error = absl::StrCat(summary->refused.size(), " day(s) refused, the other ", summary->progress.days,
                           " imported: ", absl::StrJoin(summary->refused, "; "));
    }
  } else if (cancel_requested) {
    state = JobState::kCancelled;
    error = "cancelled; the days committed before stay imported";
  } else {
    state = JobState::kFailed;
    error = stop.stop_requested()
                ? "the compute service stopped during the import; the days committed before stay imported"
                : std::string(summary.status().message());
  }
  log::Info("legacy import ended", {{"job", absl::StrCat(job.id)},
                                    {"state", std::string(JobStateName(state))},
                                    {"rows", absl::StrCat(last.rows)},
                                    {"tables", absl::StrCat(last.tables, "/", last.tables_total)},
                                    {"error", error}});
  absl::Status finished = store_.Finish(job, state, error, ToJobProgress(last, PhaseAfter(state)), {}, 0);
  if (!finished.ok()) {
    log::Error("legacy import: recording its end failed", {{"job", absl::StrCat(job.id)}, {"error", finished.ToString()}});
  }
}

}  // namespace opmon::compute::legacy
