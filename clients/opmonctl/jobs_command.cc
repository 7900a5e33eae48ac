#include "clients/opmonctl/jobs_command.h"

#include <iostream>
#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "clients/opmonctl/command_registration.h"
#include "clients/opmonctl/global_options.h"
#include "clients/opmonctl/job_format.h"
#include "clients/opmonctl/job_watch.h"
#include "clients/opmonctl/json_output.h"
#include "clients/opmonctl/rpc_failure.h"
#include "clients/opmonctl/service_call.h"
#include "clients/opmonctl/shared_options.h"
#include "clients/opmonctl/table.h"
#include "opmon/v1/compute.grpc.pb.h"

namespace opmon::ctl {
namespace {

struct JobsOptions {
  std::string slug;
  std::string state;
  int limit = 0;
  int64_t id = 0;
  double wait_seconds = 3600;
};

int List(const GlobalOptions& global, const JobsOptions& o) {
  v1::ListJobsRequest request;
  request.set_slug(o.slug);
  request.set_limit(o.limit);
  if (!o.state.empty()) {
    v1::JobState state;
    std::string name = "JOB_STATE_";
    for (char c : o.state) name.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    if (!v1::JobState_Parse(name, &state)) {
      std::cerr << "opmonctl: --state \"" << o.state << "\" is not queued|running|succeeded|failed|cancelled\n";
      return 2;
    }
    request.set_state(state);
  }
  absl::StatusOr<v1::ListJobsResponse> response = Call(global, &v1::ComputeService::Stub::ListJobs, request);
  if (!response.ok()) return RpcFailed(response.status());
  PrintJobs(global, response->jobs());
  return 0;
}

void PrintJob(const GlobalOptions& global, const v1::Job& job) {
  if (global.json) {
    PrintJson(JobJson(job));
    return;
  }
  Table table({"FIELD", "VALUE"});
  nlohmann::json j = JobJson(job);
  for (const char* key : {"id", "slug", "date", "state", "created_at", "started_at", "finished_at", "worker",
                          "attempts", "next_attempt_at", "project_version", "error"}) {
    table.AddRow({key, j[key].is_string() ? j[key].get<std::string>() : j[key].dump()});
  }
  table.AddRow({"progress", ProgressLine(job.progress(), false)});
  for (const auto& m : job.malformed()) {
    std::string samples;
    for (const auto& s : m.samples()) samples += (samples.empty() ? "" : " | ") + s;
    table.AddRow({"malformed " + m.metric(), std::to_string(m.count()) + ": " + samples});
  }
  table.Print(std::cout);
}

int Get(const GlobalOptions& global, const JobsOptions& o) {
  absl::StatusOr<v1::Job> job = GetJob(global, o.id);
  if (!job.ok()) return RpcFailed(job.status());
  PrintJob(global, *job);
  return 0;
}

int Cancel(const GlobalOptions& global, const JobsOptions& o) {
  v1::CancelJobRequest request;
  request.set_id(o.id);
  absl::StatusOr<v1::CancelJobResponse> response = Call(global, &v1::ComputeService::Stub::CancelJob, request);
  if (!response.ok()) return RpcFailed(response.status());
  PrintJob(global, response->job());
  return 0;
}

int Watch(const GlobalOptions& global, const JobsOptions& o) {
  if (global.json) return StreamJobProgressJson(global, o.id, o.wait_seconds);
  return FollowJob(global, o.id, o.wait_seconds, false);
}

}  // namespace

void AddJobsCommand(const Commands& commands) {
  auto o = std::make_shared<JobsOptions>();
  const Commands jobs = commands.Group("jobs", "compute jobs: list, show, cancel, watch");

  CLI::App* list = jobs.Add("ls", "list jobs, newest first", o, List);
  list->add_option("--slug", o->slug, "only this project");
  list->add_option("--state", o->state, "queued|running|succeeded|failed|cancelled");
  list->add_option("--limit", o->limit, "at most this many (0: 100)");

  CLI::App* show = jobs.Add("get", "show one job, its progress and malformed values", o, Get);
  show->add_option("id", o->id, "job id")->required();

  CLI::App* stop = jobs.Add("cancel", "cancel a queued or running job (nothing of it is stored)", o, Cancel);
  stop->add_option("id", o->id, "job id")->required();

  CLI::App* follow =
      jobs.Add("watch", "follow a job's progress until it ends (exit 1 unless it succeeded)", o, Watch);
  follow->add_option("id", o->id, "job id")->required();
  AddWaitTimeoutOption(*follow, o->wait_seconds, "give up after this many seconds");
}

}  // namespace opmon::ctl
