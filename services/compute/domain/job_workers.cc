#include "services/compute/domain/job_workers.h"

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
                       JobEvents& events, WorkerOptions options, std::function<bool()> ready,
                       CommittedHook on_committed)
    : results_(results),
      warehouse_(warehouse),
      projects_(projects),
      store_(store),
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
  const std::string day = DayText(job.day);
  log::Info("job started", {{"job", absl::StrCat(job.id)}, {"slug", job.slug}, {"date", day},
                            {"attempt", absl::StrCat(job.attempt)}});
  const absl::Time started = absl::Now();
  if (options_.observer != nullptr) options_.observer->JobStarted();
  auto running = std::make_shared<RunningJob>();
  std::atomic<bool>& cancel = running->cancel;
  {
    absl::MutexLock lock(&mu_);
    running_[job.id] = running;
    // Stop() may have run between the claim and now.
    if (stopping_) running->interrupter.Interrupt();
  }
  StreamOptions stream = options_.stream;
  stream.interrupter = &running->interrupter;
  absl::Mutex progress_mu;
  JobProgress progress;
  progress.phase = "population";

  auto project = projects_.Get(job.slug);
  int64_t version = project.ok() ? project->version : 0;
  absl::StatusOr<DayResult> result = absl::UnknownError("not run");
  if (!project.ok()) {
    result = project.status();
  } else {
    // The heartbeat runs beside the computation: the first FETCH (the whole
    // warehouse aggregation) can take longer than the staleness limit.
    absl::Notification done;
    std::jthread heartbeat([&] {
      while (!done.WaitForNotificationWithTimeout(absl::FromChrono(options_.heartbeat_interval))) {
        JobProgress snapshot;
        {
          absl::MutexLock lock(&progress_mu);
          snapshot = progress;
        }
        auto should_stop = store_.Heartbeat(job, snapshot);
        if (should_stop.ok() && *should_stop) {
          cancel = true;
          running->interrupter.Interrupt();
        }
      }
    });
    DayHooks hooks;
    hooks.should_stop = [&] { return cancel.load() || stop.stop_requested() || stopping_.load(); };
    hooks.on_progress = [&](const JobProgress& p) {
      absl::MutexLock lock(&progress_mu);
      progress = p;
    };
    hooks.before_commit = [&](pqxx::transaction_base& tx, const JobProgress& p,
                              const std::vector<MalformedCount>& malformed) {
      return JobStore::MarkSucceeded(tx, job, p, malformed, version);
    };
    result = ComputeProjectDay(warehouse_, results_, *project, job.day, hooks, stream);
    done.Notify();
  }
  {
    absl::MutexLock lock(&mu_);
    running_.erase(job.id);
  }
  JobProgress last;
  {
    absl::MutexLock lock(&progress_mu);
    last = progress;
  }
  if (result.ok()) {
    log::Info("job succeeded", {{"job", absl::StrCat(job.id)}, {"slug", job.slug}, {"date", day},
                                {"clients", absl::StrCat(result->progress.clients)},
                                {"statistics_rows", absl::StrCat(result->progress.statistics_rows)},
                                {"first_rows", absl::FormatDuration(result->timings.first_rows)},
                                {"stream", absl::FormatDuration(result->timings.stream)},
                                {"finalise", absl::FormatDuration(result->timings.finalise)},
                                {"commit", absl::FormatDuration(result->timings.commit)}});
    if (options_.observer != nullptr) {
      int64_t malformed = 0;
      for (const auto& m : result->malformed) malformed += m.count;
      options_.observer->JobFinished(JobState::kSucceeded, result->progress, malformed, absl::Now() - started);
    }
    if (on_committed_) on_committed_(job.slug, job.day);
    return;
  }
  const absl::Status& status = result.status();
  JobState state = JobState::kFailed;
  JobStore::Attempt attempt = JobStore::Attempt::kCounted;
  const bool shutting_down = stop.stop_requested() || stopping_.load();
  if (cancel.load()) {
    state = JobState::kCancelled;
  } else if (shutting_down) {
    state = JobState::kQueued;
    attempt = JobStore::Attempt::kRefunded;
  } else if (status.code() == absl::StatusCode::kCancelled) {
    state = JobState::kCancelled;
  } else if (status.code() == absl::StatusCode::kAborted || status.code() == absl::StatusCode::kUnavailable) {
    state = job.attempt < options_.max_attempts ? JobState::kQueued : JobState::kFailed;
  }
  last.phase = std::string(JobStateName(state));
  absl::Status finished = store_.Finish(job, state, std::string(status.message()), last, {}, version, attempt);
  if (!finished.ok()) {
    log::Warn("could not record the end of a job; it will be requeued when stale",
              {{"job", absl::StrCat(job.id)}, {"error", std::string(finished.message())}});
  }
  if (options_.observer != nullptr) options_.observer->JobFinished(state, last, 0, absl::Now() - started);
  log::Write(state == JobState::kFailed ? log::Level::kWarn : log::Level::kInfo,
             absl::StrCat("job ", std::string(JobStateName(state))),
             {{"job", absl::StrCat(job.id)}, {"slug", job.slug}, {"date", day},
              {"reason", std::string(status.message())}});
}

}  // namespace opmon::compute
