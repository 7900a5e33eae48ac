#include "clients/opmonctl/run_command.h"

#include <iostream>
#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "clients/opmonctl/global_options.h"
#include "clients/opmonctl/job_format.h"
#include "clients/opmonctl/job_watch.h"
#include "clients/opmonctl/rpc_failure.h"
#include "clients/opmonctl/service_call.h"
#include "opmon/v1/compute.grpc.pb.h"

namespace opmon::ctl {
namespace {

constexpr char kForceHelp[] = "run even a skipped project, or days outside the project's start and end dates";

struct RunOptions {
  std::string slug;
  std::string date;
  std::string from;
  std::string to;
  bool no_wait = false;
  bool wait = false;
  bool force = false;
  double wait_seconds = 3600;
};

absl::StatusOr<v1::Job> GetJob(const GlobalOptions& global, int64_t id) {
  v1::GetJobRequest request;
  request.set_id(id);
  absl::StatusOr<v1::GetJobResponse> response = Call(global, &v1::ComputeService::Stub::GetJob, request);
  if (!response.ok()) return response.status();
  return response->job();
}

int RunOne(const GlobalOptions& global, const RunOptions& o) {
  v1::RunProjectRequest request;
  request.set_slug(o.slug);
  request.set_date(o.date);
  request.set_force(o.force);
  absl::StatusOr<v1::RunProjectResponse> response = Call(global, &v1::ComputeService::Stub::RunProject, request);
  if (!response.ok()) return RpcFailed(response.status());
  google::protobuf::RepeatedPtrField<v1::Job> jobs;
  if (o.no_wait) {
    *jobs.Add() = response->job();
    PrintJobs(global, jobs);
    return 0;
  }
  int code = FollowJob(global, response->job().id(), o.wait_seconds, global.json);
  absl::StatusOr<v1::Job> job = GetJob(global, response->job().id());
  if (!job.ok()) return RpcFailed(job.status());
  *jobs.Add() = *job;
  PrintJobs(global, jobs);
  if (!job->error().empty() && !global.json) std::cerr << "opmonctl: job " << job->id() << ": " << job->error() << "\n";
  return code;
}

int RunBackfill(const GlobalOptions& global, const RunOptions& o) {
  v1::BackfillRequest request;
  request.set_slug(o.slug);
  request.set_from_date(o.from);
  request.set_to_date(o.to);
  request.set_force(o.force);
  absl::StatusOr<v1::BackfillResponse> response = Call(global, &v1::ComputeService::Stub::Backfill, request);
  if (!response.ok()) return RpcFailed(response.status());
  int code = 0;
  if (o.wait) {
    for (v1::Job& job : *response->mutable_jobs()) {
      if (FollowJob(global, job.id(), o.wait_seconds, global.json) != 0) code = 1;
      absl::StatusOr<v1::Job> now = GetJob(global, job.id());
      if (!now.ok()) return RpcFailed(now.status());
      job = *std::move(now);
    }
  }
  PrintJobs(global, response->jobs());
  return code;
}

}  // namespace

void AddRunCommands(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto run = std::make_shared<RunOptions>();
  CLI::App* cmd = app.add_subcommand("run", "compute one project-day (queues a job and follows it)");
  cmd->add_option("slug", run->slug, "project slug")->required();
  cmd->add_option("--date", run->date, "submission date, YYYY-MM-DD")->required();
  cmd->add_flag("--no-wait", run->no_wait, "queue the job and print it without following it");
  cmd->add_flag("--force", run->force, kForceHelp);
  cmd->add_option("--wait-timeout", run->wait_seconds, "give up following after this many seconds")
      ->capture_default_str();
  cmd->callback([&global, &exit_code, run] { exit_code = RunOne(global, *run); });

  auto backfill = std::make_shared<RunOptions>();
  CLI::App* bf = app.add_subcommand("backfill", "queue one compute job per day of a date range");
  bf->add_option("slug", backfill->slug, "project slug")->required();
  bf->add_option("--from", backfill->from, "first date, YYYY-MM-DD")->required();
  bf->add_option("--to", backfill->to, "last date (inclusive), YYYY-MM-DD")->required();
  bf->add_flag("--wait", backfill->wait, "follow every job to its end");
  bf->add_flag("--force", backfill->force, kForceHelp);
  bf->add_option("--wait-timeout", backfill->wait_seconds, "give up following a job after this many seconds")
      ->capture_default_str();
  bf->callback([&global, &exit_code, backfill] { exit_code = RunBackfill(global, *backfill); });
}

}  // namespace opmon::ctl
