#include "clients/opmonctl/run_command.h"

#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "clients/opmonctl/command_registration.h"
#include "clients/opmonctl/global_options.h"
#include "clients/opmonctl/job_format.h"
#include "clients/opmonctl/job_watch.h"
#include "clients/opmonctl/rpc_failure.h"
#include "clients/opmonctl/service_call.h"
#include "clients/opmonctl/shared_options.h"
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

int RunOne(const GlobalOptions& global, const RunOptions& o) {
  v1::RunProjectRequest request;
  request.set_slug(o.slug);
  request.set_date(o.date);
  request.set_force(o.force);
  return FollowQueuedJob(global, Call(global, &v1::ComputeService::Stub::RunProject, request), o.no_wait,
                         o.wait_seconds);
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

void AddRunCommands(const Commands& commands) {
  auto o = std::make_shared<RunOptions>();
  CLI::App* run = commands.Add("run", "compute one project-day (queues a job and follows it)", o, RunOne);
  AddSlugArgument(*run, o->slug);
  AddDateOption(*run, o->date);
  run->add_flag("--no-wait", o->no_wait, "queue the job and print it without following it");
  run->add_flag("--force", o->force, kForceHelp);
  AddWaitTimeoutOption(*run, o->wait_seconds, "give up following after this many seconds");

  CLI::App* backfill = commands.Add("backfill", "queue one compute job per day of a date range", o, RunBackfill);
  AddSlugArgument(*backfill, o->slug);
  backfill->add_option("--from", o->from, "first date, YYYY-MM-DD")->required();
  backfill->add_option("--to", o->to, "last date (inclusive), YYYY-MM-DD")->required();
  backfill->add_flag("--wait", o->wait, "follow every job to its end");
  backfill->add_flag("--force", o->force, kForceHelp);
  AddWaitTimeoutOption(*backfill, o->wait_seconds, "give up following a job after this many seconds");
}

}  // namespace opmon::ctl
