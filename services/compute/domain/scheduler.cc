#include "services/compute/domain/scheduler.h"

#include "absl/strings/str_cat.h"
#include "common/log/log.h"
#include "common/time/civil_day.h"

namespace opmon::compute {

std::optional<std::pair<absl::CivilDay, absl::CivilDay>> ScheduledRange(const config::ResolvedProject& project,
                                                                       absl::CivilDay today) {
  if (project.skip) return std::nullopt;
  const absl::CivilDay yesterday = today - 1;
  absl::CivilDay to = yesterday;
  if (project.end_date && *project.end_date < to) to = *project.end_date;
  absl::CivilDay from = project.start_date.value_or(yesterday);
  if (from > to) return std::nullopt;
  return std::make_pair(from, to);
}

Scheduler::Scheduler(ProjectSource& projects, JobStore& store, SchedulerOptions options)
    : projects_(projects), store_(store), options_(std::move(options)) {
  if (!options_.today) options_.today = [] { return time::TodayUtc(); };
}

Scheduler::~Scheduler() { Stop(); }

absl::StatusOr<int64_t> Scheduler::RunOnce() {
  auto slugs = projects_.ListSlugs();
  if (!slugs.ok()) return slugs.status();
  const absl::CivilDay today = options_.today();
  int64_t queued = 0;
  for (const std::string& slug : *slugs) {
    auto project = projects_.Get(slug);
    if (!project.ok()) {
      log::Warn("scheduler: cannot load project", {{"slug", slug}, {"error", std::string(project.status().message())}});
      continue;
    }
    auto range = ScheduledRange(project->project, today);
    if (!range) continue;
    auto n = store_.EnqueueMissing(slug, range->first, range->second);
    if (!n.ok()) return n.status();
    if (*n > 0) log::Info("scheduler queued jobs", {{"slug", slug}, {"jobs", absl::StrCat(*n)}});
    queued += *n;
  }
  return queued;
}

void Scheduler::Start() {
  periodic_.Start(options_.interval, options_.ready, [this] {
    auto queued = RunOnce();
    if (!queued.ok()) log::Warn("scheduler tick failed", {{"error", std::string(queued.status().message())}});
  });
}

void Scheduler::Stop() { periodic_.Stop(); }

}  // namespace opmon::compute
