#include "services/compute/domain/job_store.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/pg/pool.h"
#include "common/time/civil_day.h"

namespace opmon::compute {
namespace {

#define OPMON_JOB_TS(column) \
  "COALESCE(to_char(" column " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), '')"

constexpr absl::string_view kJobColumns =
    "id, slug, day::text, state, " OPMON_JOB_TS("created_at") ", " OPMON_JOB_TS("started_at") ", " OPMON_JOB_TS(
        "finished_at") ", worker, error, COALESCE(project_version, 0), progress::text, malformed::text, attempts, "
                       "cancel_requested, " OPMON_JOB_TS("not_before");
#undef OPMON_JOB_TS

constexpr absl::string_view kLiveStates = "('queued', 'running')";

Job JobFromRow(const pqxx::row& r) {
  Job job;
  job.id = r[0].as<int64_t>();
  job.slug = r[1].as<std::string>();
  auto day = time::ParseCivilDay(r[2].as<std::string>());
  if (day.ok()) job.day = *day;
  job.state = ParseJobState(r[3].as<std::string>()).value_or(JobState::kFailed);
  job.created_at = r[4].as<std::string>();
  job.started_at = r[5].as<std::string>();
  job.finished_at = r[6].as<std::string>();
  job.worker = r[7].as<std::string>();
  job.error = r[8].as<std::string>();
  job.project_version = r[9].as<int64_t>();
  job.progress = ProgressFromJson(r[10].as<std::string>());
  job.malformed = MalformedFromJson(r[11].as<std::string>());
  job.attempts = r[12].as<int32_t>();
  job.cancel_requested = r[13].as<bool>();
  job.next_attempt_at = r[14].as<std::string>();
  return job;
}

std::string Day(absl::CivilDay day) { return absl::FormatCivilTime(day); }

}  // namespace

absl::StatusOr<Job> JobStore::Enqueue(const std::string& slug, absl::CivilDay day) {
  auto jobs = EnqueueRange(slug, day, day);
  if (!jobs.ok()) return jobs.status();
  return jobs->front();
}

absl::StatusOr<std::vector<Job>> JobStore::EnqueueRange(const std::string& slug, absl::CivilDay from,
                                                        absl::CivilDay to) {
  const std::string insert = absl::StrCat(
      "INSERT INTO opmon.jobs (slug, day) VALUES ($1, $2::date) ON CONFLICT (slug, day) WHERE state IN ",
      kLiveStates, " DO NOTHING RETURNING ", kJobColumns);
  const std::string live = absl::StrCat("SELECT ", kJobColumns,
                                        " FROM opmon.jobs WHERE slug = $1 AND day = $2::date AND state IN ",
                                        kLiveStates);
  return pool_.RunFor<std::vector<Job>>("enqueue jobs", [&](pqxx::connection& c) -> absl::StatusOr<std::vector<Job>> {
    std::vector<Job> jobs;
    pqxx::work tx(c);
    for (absl::CivilDay day = from; day <= to; ++day) {
      // A conflicting insert that commits between the two statements leaves
      // neither visible; the loop then tries again.
      for (int attempt = 0;; ++attempt) {
        pqxx::result inserted = tx.exec_params(insert, slug, Day(day));
        if (!inserted.empty()) {
          jobs.push_back(JobFromRow(inserted[0]));
          break;
        }
        pqxx::result existing = tx.exec_params(live, slug, Day(day));
        if (!existing.empty()) {
          jobs.push_back(JobFromRow(existing[0]));
          break;
        }
        if (attempt > 3) return absl::AbortedError("enqueue raced with another writer; retry");
      }
    }
    tx.commit();
    return jobs;
  });
}

absl::StatusOr<int64_t> JobStore::EnqueueMissing(const std::string& slug, absl::CivilDay from, absl::CivilDay to) {
  const std::string sql = absl::StrCat(
      "INSERT INTO opmon.jobs (slug, day) SELECT $1, d::date FROM generate_series($2::date, $3::date, "
      "interval '1 day') AS d WHERE NOT EXISTS (SELECT 1 FROM opmon.jobs j WHERE j.slug = $1 AND j.day = d::date "
      "AND j.state IN ('queued', 'running', 'succeeded')) ON CONFLICT (slug, day) WHERE state IN ",
      kLiveStates, " DO NOTHING");
  return pool_.RunFor<int64_t>("enqueue missing days", [&](pqxx::connection& c) -> absl::StatusOr<int64_t> {
    pqxx::work tx(c);
    pqxx::result r = tx.exec_params(sql, slug, Day(from), Day(to));
    tx.commit();
    return static_cast<int64_t>(r.affected_rows());
  });
}

absl::StatusOr<Job> JobStore::Get(int64_t id) {
  const std::string sql = absl::StrCat("SELECT ", kJobColumns, " FROM opmon.jobs WHERE id = $1");
  return pool_.RunFor<Job>("get job", [&](pqxx::connection& c) -> absl::StatusOr<Job> {
    pqxx::read_transaction tx(c);
    pqxx::result r = tx.exec_params(sql, id);
    if (r.empty()) return absl::NotFoundError(absl::StrCat("id: job ", id, " does not exist"));
    return JobFromRow(r[0]);
  });
}

absl::StatusOr<std::vector<Job>> JobStore::List(const std::string& slug, std::optional<JobState> state, int limit) {
  const std::string sql = absl::StrCat("SELECT ", kJobColumns,
                                       " FROM opmon.jobs WHERE ($1 = '' OR slug = $1) AND ($2 = '' OR state = $2)"
                                       " ORDER BY id DESC LIMIT $3");
  std::string state_name = state ? std::string(JobStateName(*state)) : "";
  return pool_.RunFor<std::vector<Job>>("list jobs", [&](pqxx::connection& c) -> absl::StatusOr<std::vector<Job>> {
    pqxx::read_transaction tx(c);
    std::vector<Job> jobs;
    for (const auto& row : tx.exec_params(sql, slug, state_name, limit)) jobs.push_back(JobFromRow(row));
    return jobs;
  });
}

absl::StatusOr<Job> JobStore::RequestCancel(int64_t id) {
  const std::string update = absl::StrCat(
      "UPDATE opmon.jobs SET cancel_requested = true, "
      "state = CASE WHEN state = 'queued' THEN 'cancelled' ELSE state END, "
      "finished_at = CASE WHEN state = 'queued' THEN now() ELSE finished_at END, "
      "progress = CASE WHEN state = 'queued' THEN jsonb_set(progress, '{phase}', '\"cancelled\"') ELSE progress END "
      "WHERE id = $1 RETURNING ",
      kJobColumns);
  return pool_.RunFor<Job>("cancel job", [&](pqxx::connection& c) -> absl::StatusOr<Job> {
    pqxx::work tx(c);
    pqxx::result current = tx.exec_params("SELECT state FROM opmon.jobs WHERE id = $1 FOR UPDATE", id);
    if (current.empty()) return absl::NotFoundError(absl::StrCat("id: job ", id, " does not exist"));
    std::string state = current[0][0].as<std::string>();
    if (state != "queued" && state != "running") {
      return absl::FailedPreconditionError(absl::StrCat("id: job ", id, " already ", state));
    }
    Job job = JobFromRow(tx.exec_params(update, id)[0]);
    tx.commit();
    return job;
  });
}

absl::StatusOr<ClaimedJob> JobStore::StartDirect(const std::string& slug, absl::CivilDay day,
                                                  const std::string& worker, JobPhase phase) {
  const std::string insert = absl::StrCat(
      "INSERT INTO opmon.jobs (slug, day, state, worker, attempts, started_at, heartbeat_at, progress) "
      "VALUES ($1, $2::date, 'running', $3, 1, now(), now(), $4::jsonb) ON CONFLICT (slug, day) WHERE state IN ",
      kLiveStates, " DO NOTHING RETURNING id");
  const std::string live =
      absl::StrCat("SELECT id FROM opmon.jobs WHERE slug = $1 AND day = $2::date AND state IN ", kLiveStates);
  JobProgress progress;
  progress.phase = phase;
  return pool_.RunFor<ClaimedJob>("start job", [&](pqxx::connection& c) -> absl::StatusOr<ClaimedJob> {
    pqxx::work tx(c);
    pqxx::result inserted = tx.exec_params(insert, slug, Day(day), worker, ProgressJson(progress));
    if (inserted.empty()) {
      pqxx::result existing = tx.exec_params(live, slug, Day(day));
      return absl::AlreadyExistsError(absl::StrCat(slug, " ", Day(day), " is already running as job ",
                                                   existing.empty() ? "(just ended)" : existing[0][0].c_str()));
    }
    tx.commit();
    return ClaimedJob{inserted[0][0].as<int64_t>(), slug, day, 1};
  });
}

absl::StatusOr<std::optional<ClaimedJob>> JobStore::Claim(const std::string& worker) {
  constexpr std::string_view kClaim = R"sql(
UPDATE opmon.jobs
   SET state = 'running', worker = $1, attempts = attempts + 1, started_at = now(),
       heartbeat_at = now(), finished_at = NULL, error = '', not_before = NULL,
       progress = '{"phase": "population"}'::jsonb
 WHERE id = (SELECT id FROM opmon.jobs
              WHERE state = 'queued' AND (not_before IS NULL OR not_before <= now())
              ORDER BY created_at, id
              LIMIT 1
                FOR UPDATE SKIP LOCKED)
RETURNING id, slug, day::text, attempts)sql";
  return pool_.RunFor<std::optional<ClaimedJob>>(
      "claim job", [&](pqxx::connection& c) -> absl::StatusOr<std::optional<ClaimedJob>> {
        pqxx::work tx(c);
        pqxx::result r = tx.exec_params(std::string(kClaim), worker);
        tx.commit();
        if (r.empty()) return std::optional<ClaimedJob>();
        ClaimedJob job;
        job.id = r[0][0].as<int64_t>();
        job.slug = r[0][1].as<std::string>();
        auto day = time::ParseCivilDay(r[0][2].as<std::string>());
        if (!day.ok()) return day.status();
        job.day = *day;
        job.attempt = r[0][3].as<int32_t>();
        return std::optional<ClaimedJob>(job);
      });
}

absl::StatusOr<bool> JobStore::Heartbeat(const ClaimedJob& job, const JobProgress& progress) {
  constexpr std::string_view kHeartbeat = R"sql(
UPDATE opmon.jobs SET heartbeat_at = now(), progress = $3::jsonb
 WHERE id = $1 AND attempts = $2 AND state = 'running'
RETURNING cancel_requested)sql";
  return pool_.RunFor<bool>("job heartbeat", [&](pqxx::connection& c) -> absl::StatusOr<bool> {
    pqxx::work tx(c);
    pqxx::result r = tx.exec_params(std::string(kHeartbeat), job.id, job.attempt, ProgressJson(progress));
    tx.commit();
    if (r.empty()) return true;  // not ours any more
    return r[0][0].as<bool>();
  });
}

absl::StatusOr<std::vector<int64_t>> JobStore::RequeueStale(std::chrono::seconds stale_after, int max_attempts) {
  constexpr std::string_view kRequeue = R"sql(
UPDATE opmon.jobs
   SET state = CASE WHEN attempts >= $2 OR slug LIKE '@%' THEN 'failed' ELSE 'queued' END,
       error = CASE WHEN slug LIKE '@%' THEN 'the replica running it stopped answering (crash?); start it again'
                    WHEN attempts >= $2
                    THEN 'the worker stopped answering ' || attempts || ' times (crash?); giving up'
                    ELSE error END,
       finished_at = CASE WHEN attempts >= $2 OR slug LIKE '@%' THEN now() ELSE NULL END,
       worker = '',
       progress = jsonb_set(progress, '{phase}', '"queued"')
 WHERE state = 'running' AND heartbeat_at < now() - make_interval(secs => $1)
RETURNING id)sql";
  return pool_.RunFor<std::vector<int64_t>>(
      "requeue stale jobs", [&](pqxx::connection& c) -> absl::StatusOr<std::vector<int64_t>> {
        pqxx::work tx(c);
        std::vector<int64_t> ids;
        for (const auto& row : tx.exec_params(std::string(kRequeue), static_cast<double>(stale_after.count()),
                                              max_attempts)) {
          ids.push_back(row[0].as<int64_t>());
        }
        tx.commit();
        return ids;
      });
}

absl::Status JobStore::Finish(const ClaimedJob& job, JobState state, const std::string& error,
                              const JobProgress& progress, const std::vector<MalformedCount>& malformed,
                              int64_t project_version, Attempt attempt, absl::Duration retry_after) {
  constexpr std::string_view kFinish = R"sql(
UPDATE opmon.jobs
   SET state = $3,
       error = $4,
       progress = $5::jsonb,
       malformed = $6::jsonb,
       project_version = NULLIF($7::bigint, 0),
       finished_at = CASE WHEN $3 = 'queued' THEN NULL ELSE now() END,
       worker = CASE WHEN $3 = 'queued' THEN '' ELSE worker END,
       attempts = CASE WHEN $8 THEN attempts - 1 ELSE attempts END,
       not_before = CASE WHEN $3 = 'queued' AND $9 > 0 THEN now() + make_interval(secs => $9) END
 WHERE id = $1 AND attempts = $2 AND state = 'running')sql";
  return pool_.Run("finish job", [&](pqxx::connection& c) {
    pqxx::work tx(c);
    tx.exec_params(std::string(kFinish), job.id, job.attempt, std::string(JobStateName(state)), error,
                   ProgressJson(progress), MalformedJson(malformed), project_version,
                   attempt == Attempt::kRefunded, absl::ToDoubleSeconds(retry_after));
    tx.commit();
    return absl::OkStatus();
  });
}

absl::Status JobStore::MarkSucceeded(pqxx::transaction_base& tx, const ClaimedJob& job, const JobProgress& progress,
                                     const std::vector<MalformedCount>& malformed, int64_t project_version) {
  constexpr std::string_view kSucceeded = R"sql(
UPDATE opmon.jobs
   SET state = 'succeeded', finished_at = now(), heartbeat_at = now(), error = '',
       progress = $3::jsonb, malformed = $4::jsonb, project_version = NULLIF($5::bigint, 0)
 WHERE id = $1 AND attempts = $2 AND state = 'running' AND NOT cancel_requested
RETURNING id)sql";
  pqxx::result r = tx.exec_params(std::string(kSucceeded), job.id, job.attempt, ProgressJson(progress),
                                  MalformedJson(malformed), project_version);
  if (r.empty()) {
    return absl::CancelledError(absl::StrCat("job ", job.id, " was cancelled or taken over before it committed"));
  }
  return absl::OkStatus();
}

}  // namespace opmon::compute
