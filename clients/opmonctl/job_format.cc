#include "clients/opmonctl/job_format.h"

#include <algorithm>
#include <cstdio>
#include <iostream>

#include "clients/opmonctl/global_options.h"
#include "clients/opmonctl/json_output.h"
#include "clients/opmonctl/table.h"


namespace opmon::ctl {
namespace {

// The phases a job goes through, for the bar.
const std::vector<std::string>& Phases() {
  static const std::vector<std::string> kPhases = {"queued", "population", "aggregate", "finalise", "write", "done"};
  return kPhases;
}

}  // namespace

std::string JobStateName(v1::JobState state) {
  switch (state) {
    case v1::JOB_STATE_QUEUED: return "queued";
    case v1::JOB_STATE_RUNNING: return "running";
    case v1::JOB_STATE_SUCCEEDED: return "succeeded";
    case v1::JOB_STATE_FAILED: return "failed";
    case v1::JOB_STATE_CANCELLED: return "cancelled";
    default: return "unspecified";
  }
}

nlohmann::json ProgressJson(const v1::JobProgress& p) {
  return {{"job_id", p.job_id()},       {"state", JobStateName(p.state())}, {"phase", p.phase()},
          {"rows_read", p.rows_read()}, {"clients", p.clients()},           {"groups", p.groups()},
          {"statistics_rows", p.statistics_rows()}, {"bytes_read", p.bytes_read()}, {"tables", p.tables()},
          {"tables_total", p.tables_total()}};
}

nlohmann::json JobJson(const v1::Job& job) {
  nlohmann::json malformed = nlohmann::json::array();
  for (const auto& m : job.malformed()) {
    malformed.push_back({{"metric", m.metric()},
                         {"count", m.count()},
                         {"samples", std::vector<std::string>(m.samples().begin(), m.samples().end())}});
  }
  return {{"id", job.id()},
          {"slug", job.slug()},
          {"date", job.date()},
          {"state", JobStateName(job.state())},
          {"created_at", job.created_at()},
          {"started_at", job.started_at()},
          {"finished_at", job.finished_at()},
          {"worker", job.worker()},
          {"error", job.error()},
          {"project_version", job.project_version()},
          {"attempts", job.attempts()},
          {"next_attempt_at", job.next_attempt_at()},
          {"progress", ProgressJson(job.progress())},
          {"malformed", malformed}};
}

std::vector<std::string> JobTableHeader() {
  return {"ID", "SLUG", "DATE", "STATE", "PHASE", "CLIENTS", "STATISTICS", "ATTEMPTS", "CREATED", "ERROR"};
}

std::vector<std::string> JobTableRow(const v1::Job& job) {
  std::string error = job.error();
  if (error.size() > 60) error = error.substr(0, 57) + "...";
  return {std::to_string(job.id()),
          job.slug(),
          job.date(),
          JobStateName(job.state()),
          job.progress().phase(),
          std::to_string(job.progress().clients()),
          std::to_string(job.progress().statistics_rows()),
          std::to_string(job.attempts()),
          job.created_at(),
          error};
}

namespace {

// A legacy import's job: its bar is the share of tables read.
bool IsImport(const v1::JobProgress& p) { return p.tables_total() > 0 || p.phase() == "import"; }

std::string Mebibytes(int64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return text;
}

}  // namespace

std::string ProgressLine(const v1::JobProgress& p, bool bar) {
  std::string text = "job " + std::to_string(p.job_id()) + " " + JobStateName(p.state()) + " " + p.phase() + ": ";
  if (IsImport(p)) {
    text += std::to_string(p.rows_read()) + " rows, " + Mebibytes(p.bytes_read()) + ", " + std::to_string(p.tables()) +
            "/" + std::to_string(p.tables_total()) + " tables";
  } else {
    text += std::to_string(p.rows_read()) + " rows, " + std::to_string(p.clients()) + " clients, " +
            std::to_string(p.groups()) + " groups, " + std::to_string(p.statistics_rows()) + " statistics";
  }
  if (!bar) return text;
  const size_t width = 30;
  size_t filled = 0;
  if (IsImport(p)) {
    filled = p.tables_total() > 0 ? static_cast<size_t>(width * std::min(p.tables(), p.tables_total()) / p.tables_total())
                                  : 0;
  } else {
    const auto& phases = Phases();
    size_t step = 0;
    for (size_t i = 0; i < phases.size(); ++i) {
      if (phases[i] == p.phase()) step = i;
    }
    if (p.state() == v1::JOB_STATE_SUCCEEDED) step = phases.size() - 1;
    filled = width * step / (phases.size() - 1);
  }
  if (p.state() == v1::JOB_STATE_SUCCEEDED) filled = width;
  return "[" + std::string(filled, '#') + std::string(width - filled, '-') + "] " + text;
}

void PrintJobs(const GlobalOptions& global, const google::protobuf::RepeatedPtrField<v1::Job>& jobs) {
  if (global.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& job : jobs) out.push_back(JobJson(job));
    PrintJson(out);
    return;
  }
  PrintRows(std::cout, JobTableHeader(), jobs, JobTableRow);
}

}  // namespace opmon::ctl
