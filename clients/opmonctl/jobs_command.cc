#include "clients/opmonctl/jobs_command.h"

#include <iostream>
#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "clients/opmonctl/global_options.h"
#include "clients/opmonctl/job_format.h"
#include "clients/opmonctl/rpc_context.h"
#include "clients/opmonctl/run_command.h"
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
  v1::ListJobsResponse response;
  auto ctx = MakeContext(global.timeout_seconds);
  grpc::Status status = v1::ComputeService::NewStub(MakeChannel(global.compute_addr))->ListJobs(ctx.get(), request, &response);
  if (!status.ok()) return RpcFailed(status);
  if (global.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& job : response.jobs()) out.push_back(JobJson(job));
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  Table table(JobTableHeader());
  for (const auto& job : response.jobs()) table.AddRow(JobTableRow(job));
  table.Print(std::cout);
  return 0;
}

void PrintJob(const GlobalOptions& global, const v1::Job& job) {
  if (global.json) {
    std::cout << JobJson(job).dump(2) << "\n";
    return;
  }
  Table table({"FIELD", "VALUE"});
  nlohmann::json j = JobJson(job);
  for (const char* key : {"id", "slug", "date", "state", "created_at", "started_at", "finished_at", "worker",
                          "attempts", "project_version", "error"}) {
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
  v1::GetJobRequest request;
  request.set_id(o.id);
  v1::GetJobResponse response;
  auto ctx = MakeContext(global.timeout_seconds);
  grpc::Status status = v1::ComputeService::NewStub(MakeChannel(global.compute_addr))->GetJob(ctx.get(), request, &response);
  if (!status.ok()) return RpcFailed(status);
  PrintJob(global, response.job());
  return 0;
}

int Cancel(const GlobalOptions& global, const JobsOptions& o) {
  v1::CancelJobRequest request;
  request.set_id(o.id);
  v1::CancelJobResponse response;
  auto ctx = MakeContext(global.timeout_seconds);
  grpc::Status status =
      v1::ComputeService::NewStub(MakeChannel(global.compute_addr))->CancelJob(ctx.get(), request, &response);
  if (!status.ok()) return RpcFailed(status);
  PrintJob(global, response.job());
  return 0;
}

int Watch(const GlobalOptions& global, const JobsOptions& o) {
  if (!global.json) return FollowJob(global, o.id, o.wait_seconds, false);
  // JSON: one progress object per line, as they arrive.
  v1::WatchJobRequest request;
  request.set_id(o.id);
  auto ctx = MakeContext(o.wait_seconds);
  auto reader = v1::ComputeService::NewStub(MakeChannel(global.compute_addr))->WatchJob(ctx.get(), request);
  v1::JobProgress progress;
  v1::JobState last = v1::JOB_STATE_UNSPECIFIED;
  while (reader->Read(&progress)) {
    last = progress.state();
    std::cout << ProgressJson(progress).dump() << "\n" << std::flush;
  }
  grpc::Status status = reader->Finish();
  if (!status.ok()) return RpcFailed(status);
  return last == v1::JOB_STATE_SUCCEEDED ? 0 : 1;
}

}  // namespace

void AddJobsCommand(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  CLI::App* jobs = app.add_subcommand("jobs", "compute jobs: list, show, cancel, watch");
  jobs->require_subcommand(1);

  auto ls = std::make_shared<JobsOptions>();
  CLI::App* list = jobs->add_subcommand("ls", "list jobs, newest first");
  list->add_option("--slug", ls->slug, "only this project");
  list->add_option("--state", ls->state, "queued|running|succeeded|failed|cancelled");
  list->add_option("--limit", ls->limit, "at most this many (0: 100)");
  list->callback([&global, &exit_code, ls] { exit_code = List(global, *ls); });

  auto get = std::make_shared<JobsOptions>();
  CLI::App* show = jobs->add_subcommand("get", "show one job, its progress and malformed values");
  show->add_option("id", get->id, "job id")->required();
  show->callback([&global, &exit_code, get] { exit_code = Get(global, *get); });

  auto cancel = std::make_shared<JobsOptions>();
  CLI::App* stop = jobs->add_subcommand("cancel", "cancel a queued or running job (nothing of it is stored)");
  stop->add_option("id", cancel->id, "job id")->required();
  stop->callback([&global, &exit_code, cancel] { exit_code = Cancel(global, *cancel); });

  auto watch = std::make_shared<JobsOptions>();
  CLI::App* follow = jobs->add_subcommand("watch", "follow a job's progress until it ends (exit 1 unless it succeeded)");
  follow->add_option("id", watch->id, "job id")->required();
  follow->add_option("--wait-timeout", watch->wait_seconds, "give up after this many seconds")->capture_default_str();
  follow->callback([&global, &exit_code, watch] { exit_code = Watch(global, *watch); });
}

}  // namespace opmon::ctl
