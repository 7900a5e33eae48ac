#include "clients/opmonctl/run_command.h"

#include <unistd.h>

#include <iostream>
#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "clients/opmonctl/global_options.h"
#include "clients/opmonctl/job_format.h"
#include "clients/opmonctl/rpc_context.h"
#include "clients/opmonctl/table.h"
#include "opmon/v1/compute.grpc.pb.h"

namespace opmon::ctl {
namespace {

struct RunOptions {
  std::string slug;
  std::string date;
  std::string from;
  std::string to;
  bool no_wait = false;
  bool wait = false;
  double wait_seconds = 3600;
};

int PrintJobs(const GlobalOptions& global, const std::vector<v1::Job>& jobs) {
  if (global.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& job : jobs) out.push_back(JobJson(job));
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  Table table(JobTableHeader());
  for (const auto& job : jobs) table.AddRow(JobTableRow(job));
  table.Print(std::cout);
  return 0;
}

v1::Job GetJob(const GlobalOptions& global, v1::ComputeService::Stub& stub, int64_t id, grpc::Status& status) {
  v1::GetJobRequest request;
  request.set_id(id);
  v1::GetJobResponse response;
  auto ctx = MakeContext(global.timeout_seconds);
  status = stub.GetJob(ctx.get(), request, &response);
  return response.job();
}

int RunOne(const GlobalOptions& global, const RunOptions& o) {
  auto stub = v1::ComputeService::NewStub(MakeChannel(global.compute_addr));
  v1::RunProjectRequest request;
  request.set_slug(o.slug);
  request.set_date(o.date);
  v1::RunProjectResponse response;
  auto ctx = MakeContext(global.timeout_seconds);
  grpc::Status status = stub->RunProject(ctx.get(), request, &response);
  if (!status.ok()) return RpcFailed(status);
  if (o.no_wait) return PrintJobs(global, {response.job()});
  int code = FollowJob(global, response.job().id(), o.wait_seconds, global.json);
  v1::Job job = GetJob(global, *stub, response.job().id(), status);
  if (!status.ok()) return RpcFailed(status);
  PrintJobs(global, {job});
  if (!job.error().empty() && !global.json) std::cerr << "opmonctl: job " << job.id() << ": " << job.error() << "\n";
  return code;
}

int RunBackfill(const GlobalOptions& global, const RunOptions& o) {
  auto stub = v1::ComputeService::NewStub(MakeChannel(global.compute_addr));
  v1::BackfillRequest request;
  request.set_slug(o.slug);
  request.set_from_date(o.from);
  request.set_to_date(o.to);
  v1::BackfillResponse response;
  auto ctx = MakeContext(global.timeout_seconds);
  grpc::Status status = stub->Backfill(ctx.get(), request, &response);
  if (!status.ok()) return RpcFailed(status);
  std::vector<v1::Job> jobs(response.jobs().begin(), response.jobs().end());
  int code = 0;
  if (o.wait) {
    for (v1::Job& job : jobs) {
      if (FollowJob(global, job.id(), o.wait_seconds, global.json) != 0) code = 1;
      job = GetJob(global, *stub, job.id(), status);
      if (!status.ok()) return RpcFailed(status);
    }
  }
  PrintJobs(global, jobs);
  return code;
}

}  // namespace

int FollowJob(const GlobalOptions& global, int64_t id, double wait_seconds, bool quiet) {
  auto stub = v1::ComputeService::NewStub(MakeChannel(global.compute_addr));
  v1::WatchJobRequest request;
  request.set_id(id);
  auto ctx = MakeContext(wait_seconds);
  auto reader = stub->WatchJob(ctx.get(), request);
  const bool terminal = isatty(STDERR_FILENO) != 0;
  v1::JobProgress progress;
  v1::JobState last = v1::JOB_STATE_UNSPECIFIED;
  while (reader->Read(&progress)) {
    last = progress.state();
    if (quiet) continue;
    if (terminal) {
      std::cerr << "\r\033[K" << ProgressLine(progress, true) << std::flush;
    } else {
      std::cerr << ProgressLine(progress, false) << "\n";
    }
  }
  if (terminal && !quiet) std::cerr << "\n";
  grpc::Status status = reader->Finish();
  if (!status.ok()) return RpcFailed(status);
  return last == v1::JOB_STATE_SUCCEEDED ? 0 : 1;
}

void AddRunCommands(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto run = std::make_shared<RunOptions>();
  CLI::App* cmd = app.add_subcommand("run", "compute one project-day (queues a job and follows it)");
  cmd->add_option("slug", run->slug, "project slug")->required();
  cmd->add_option("--date", run->date, "submission date, YYYY-MM-DD")->required();
  cmd->add_flag("--no-wait", run->no_wait, "queue the job and print it without following it");
  cmd->add_option("--wait-timeout", run->wait_seconds, "give up following after this many seconds")
      ->capture_default_str();
  cmd->callback([&global, &exit_code, run] { exit_code = RunOne(global, *run); });

  auto backfill = std::make_shared<RunOptions>();
  CLI::App* bf = app.add_subcommand("backfill", "queue one compute job per day of a date range");
  bf->add_option("slug", backfill->slug, "project slug")->required();
  bf->add_option("--from", backfill->from, "first date, YYYY-MM-DD")->required();
  bf->add_option("--to", backfill->to, "last date (inclusive), YYYY-MM-DD")->required();
  bf->add_flag("--wait", backfill->wait, "follow every job to its end");
  bf->add_option("--wait-timeout", backfill->wait_seconds, "give up following a job after this many seconds")
      ->capture_default_str();
  bf->callback([&global, &exit_code, backfill] { exit_code = RunBackfill(global, *backfill); });
}

}  // namespace opmon::ctl
