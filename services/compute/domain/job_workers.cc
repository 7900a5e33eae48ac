#include "services/compute/domain/job_workers.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "common/log/log.h"
#include "common/pg/pool.h"
#include "services/compute/domain/day_computation.h"

namespace opmon::compute {
namespace {

std::string DayText(absl::CivilDay day) { return absl::FormatCivilTime(day); }

}  // namespace

JobWorkers::JobWorkers(pg::Pool& results, pg::Pool& warehouse, ProjectSource& projects, JobStore& store,
                       JobStore& heartbeats, JobEvents& events, WorkerOptions options, std::function<bool()> ready,
                       CommittedHook on_committed)
    : results_(results),
      warehouse_(warehouse),
      projects_(projects),
      store_(store),
      heartbeats_(heartbeats),
      events_(events),
      options_(std::move(options)),
      ready_(std::move(ready)),
      on_committed_(std::move(on_committed)) {}

JobWorkers::~JobWorkers() { Stop(); }

void JobWorkers::Start() {
  for (int i = 0; i < options_.workers; ++i) {
    threads_.emplace_back([this, i](std::stop_token stop) { Loop(stop, i); });
  }
}

void JobWorkers::Stop() {
  stopping_ = true;
  {
    absl::MutexLock lock(&mu_);
    for (auto& [id, job] : running_) job->interrupter.Interrupt();
  }
  for (auto& t : threads_) t.request_stop();
  events_.Notify();  // wake idle workers
  threads_.clear();  // joins
}

void JobWorkers::CancelLocal(int64_t job_id) {
  absl::MutexLock lock(&mu_);
  auto it = running_.find(job_id);
  if (it != running_.end()) {
    it->second->cancel = true;
    it->second->interrupter.Interrupt();
  }
}

void JobWorkers::Loop(std::stop_token stop, int index) {
  absl::Time next_requeue = absl::InfinitePast();
  while (!stop.stop_requested()) {
    uint64_t seen = events_.generation();
    if (ready_ && !ready_()) {
      events_.WaitForChange(seen, absl::Now() + options_.poll_interval);
      continue;
    }
    if (index == 0 && absl::Now() >= next_requeue) {
      next_requeue = absl::Now() + absl::FromChrono(options_.stale_after) / 2;
      auto requeued = store_.RequeueStale(options_.stale_after, options_.max_attempts);
      if (!requeued.ok()) {
        log::Warn("requeue of stale jobs failed", {{"error", std::string(requeued.status().message())}});
      } else {
        for (int64_t id : *requeued) log::Warn("job requeued: its worker stopped answering", {{"job", absl::StrCat(id)}});
      }
    }
    auto claimed = store_.Claim(options_.name);
    if (!claimed.ok()) {
      log::Warn("claiming a job failed", {{"error", std::string(claimed.status().message())}});
      events_.WaitForChange(seen, absl::Now() + options_.poll_interval);
      continue;
    }
    if (!claimed->has_value()) {
      absl::Duration wait = options_.poll_interval;
      if (index == 0) wait = std::min(wait, std::max(absl::ZeroDuration(), next_requeue - absl::Now()));
      events_.WaitForChange(seen, absl::Now() + wait);
      continue;
    }
    Run(**claimed, stop);
  }
}

void JobWorkers::Run(const ClaimedJob& job, std::stop_token stop) {
  log::Info("job started", {{"job", absl::StrCat(job.id)}, {"slug", job.slug}, {"date", DayText(job.day)},
                            {"attempt", absl::StrCat(job.attempt)}});
  const absl::Time started = absl::Now();
  if (options_.observer != nullptr) options_.observer->JobStarted();
  auto running = std::make_shared<RunningJob>();
  {
    absl::MutexLock lock(&mu_);
    running_[job.id] = running;
    // Stop() may have run between the claim and now.
    if (stopping_) running->interrupter.Interrupt();
  }
  auto project = projects_.Get(job.slug);
  const int64_t version = project.ok() ? project->version : 0;
  JobProgress last;
  last.phase = JobPhase::kPopulation;
  absl::StatusOr<DayResult> result =
      project.ok() ? ComputeWithHeartbeat(job, *project, *running, stop, last) : project.status();
  if (!result.ok() && running->timed_out) {
    result = absl::DeadlineExceededError(absl::StrCat("the job ran longer than its wall-clock limit of ",
                                                      absl::FormatDuration(options_.job_timeout),
                                                      " (--job-timeout-seconds) and was stopped; nothing was stored"));
  }
  {
    absl::MutexLock lock(&mu_);
    running_.erase(job.id);
  }
  if (result.ok()) {
    EndCommitted(job, *result, started);
  } else {
    const UncommittedAttempt facts{.code = result.status().code(),
                                   .cancel_requested = running->cancel.load(),
                                   .shutting_down = stop.stop_requested() || stopping_.load(),
                                   .attempt = job.attempt,
                                   .max_attempts = options_.max_attempts,
                                   .retry_backoff = options_.retry_backoff};
    EndUncommitted(job, result.status(), EndOfUncommittedAttempt(facts), last, version, started);
  }
}

absl::StatusOr<DayResult> JobWorkers::ComputeWithHeartbeat(const ClaimedJob& job, const VersionedProject& project,
                                                           RunningJob& running,
                                                           std::stop_token stop, JobProgress& last) {
  StreamOptions stream = options_.stream;
  stream.interrupter = &running.interrupter;
  absl::Mutex progress_mu;
  JobProgress progress = last;
  // The heartbeat runs beside the computation: the first FETCH (the whole
  // warehouse aggregation) can take longer than the staleness limit.
  absl::Notification done;
  const absl::Time deadline = absl::Now() + options_.job_timeout;
  // Wakes at each heartbeat, and at the wall-clock limit while it is ahead.
  auto next_wake = [&] {
    absl::Duration wait = absl::FromChrono(options_.heartbeat_interval);
    if (!running.timed_out) wait = std::min(wait, std::max(deadline - absl::Now(), absl::ZeroDuration()));
    return wait;
  };
  std::jthread heartbeat([&] {
    while (!done.WaitForNotificationWithTimeout(next_wake())) {
      if (absl::Now() >= deadline && !running.timed_out) {
        running.timed_out = true;
        running.interrupter.Interrupt();
      }
      JobProgress snapshot;
      {
        absl::MutexLock lock(&progress_mu);
        snapshot = progress;
      }
      auto should_stop = heartbeats_.Heartbeat(job, snapshot);
      if (should_stop.ok() && *should_stop) {
        running.cancel = true;
        running.interrupter.Interrupt();
      }
    }
  });
  DayHooks hooks;
  hooks.should_stop = [&] {
    return running.cancel.load() || running.timed_out.load() || stop.stop_requested() || stopping_.load();
  };
  hooks.on_progress = [&](const JobProgress& p) {
    absl::MutexLock lock(&progress_mu);
    progress = p;
  };
  hooks.before_commit = [&](pqxx::transaction_base& tx, const JobProgress& p,
                            const std::vector<MalformedCount>& malformed) {
    return JobStore::MarkSucceeded(tx, job, p, malformed, project.version);
  };
  absl::StatusOr<DayResult> result = ComputeProjectDay(warehouse_, results_, project, job.day, hooks, stream);
  done.Notify();
  heartbeat.join();
  absl::MutexLock lock(&progress_mu);
  last = progress;
  return result;
}

void JobWorkers::EndCommitted(const ClaimedJob& job, const DayResult& result, absl::Time started) {
  log::Info("job succeeded", {{"job", absl::StrCat(job.id)}, {"slug", job.slug}, {"date", DayText(job.day)},
                              {"clients", absl::StrCat(result.progress.clients)},
                              {"statistics_rows", absl::StrCat(result.progress.statistics_rows)},
                              {"first_rows", absl::FormatDuration(result.timings.first_rows)},
                              {"stream", absl::FormatDuration(result.timings.stream)},
                              {"finalise", absl::FormatDuration(result.timings.finalise)},
                              {"commit", absl::FormatDuration(result.timings.commit)}});
  if (options_.observer != nullptr) {
    int64_t malformed = 0;
    for (const auto& m : result.malformed) malformed += m.count;
    options_.observer->JobFinished(JobState::kSucceeded, result.progress, malformed, absl::Now() - started);
  }
  if (on_committed_) on_committed_(job.slug, job.day);
}

void JobWorkers::EndUncommitted(const ClaimedJob& job, const absl::Status& status, AttemptEnd end, JobProgress last,
                                int64_t version, absl::Time started) {
  last.phase = PhaseAfter(end.state);
  absl::Status finished =
      store_.Finish(job, end.state, std::string(status.message()), last, {}, version, end.attempt, end.retry_after);
  if (!finished.ok()) {
    log::Warn("could not record the end of a job; it will be requeued when stale",
              {{"job", absl::StrCat(job.id)}, {"error", std::string(finished.message())}});
  }
  if (options_.observer != nullptr) options_.observer->JobFinished(end.state, last, 0, absl::Now() - started);
  log::Write(end.state == JobState::kFailed ? log::Level::kWarn : log::Level::kInfo,
             absl::StrCat("job ", std::string(JobStateName(end.state))),
             {{"job", absl::StrCat(job.id)}, {"slug", job.slug}, {"date", DayText(job.day)},
              {"reason", std::string(status.message())}, {"retry_after", absl::FormatDuration(end.retry_after)}});
}

}  // namespace opmon::compute
