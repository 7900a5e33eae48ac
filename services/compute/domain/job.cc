#include "services/compute/domain/job.h"

#include "common/enums/enum_names.h"
#include "nlohmann/json.hpp"

namespace opmon::compute {
namespace {

constexpr EnumNames<JobState, 5> kStateNames = {{
    {JobState::kQueued, "queued"},
    {JobState::kRunning, "running"},
    {JobState::kSucceeded, "succeeded"},
    {JobState::kFailed, "failed"},
    {JobState::kCancelled, "cancelled"},
}};

constexpr EnumNames<JobPhase, 9> kPhaseNames = {{
    {JobPhase::kQueued, "queued"},
    {JobPhase::kPopulation, "population"},
    {JobPhase::kAggregate, "aggregate"},
    {JobPhase::kFinalise, "finalise"},
    {JobPhase::kWrite, "write"},
    {JobPhase::kDone, "done"},
    {JobPhase::kFailed, "failed"},
    {JobPhase::kCancelled, "cancelled"},
    {JobPhase::kImport, "import"},
}};

}  // namespace

std::string_view JobStateName(JobState state) { return NameIn(kStateNames, state); }
std::optional<JobState> ParseJobState(std::string_view name) { return ValueIn(kStateNames, name); }

bool IsTerminal(JobState state) {
  return state == JobState::kSucceeded || state == JobState::kFailed || state == JobState::kCancelled;
}

std::string_view JobPhaseName(JobPhase phase) { return NameIn(kPhaseNames, phase); }
std::optional<JobPhase> ParseJobPhase(std::string_view name) { return ValueIn(kPhaseNames, name); }

JobPhase PhaseAfter(JobState state) {
  switch (state) {
    case JobState::kQueued: return JobPhase::kQueued;
    case JobState::kRunning: return JobPhase::kPopulation;
    case JobState::kSucceeded: return JobPhase::kDone;
    case JobState::kFailed: return JobPhase::kFailed;
    case JobState::kCancelled: return JobPhase::kCancelled;
  }
  return JobPhase::kQueued;
}

std::string ProgressJson(const JobProgress& p) {
  return nlohmann::json{{"phase", JobPhaseName(p.phase)},
                        {"rows_read", p.rows_read},
                        {"clients", p.clients},
                        {"groups", p.groups},
                        {"statistics_rows", p.statistics_rows},
                        {"bytes_read", p.bytes_read},
                        {"tables", p.tables},
                        {"tables_total", p.tables_total}}
      .dump();
}

JobProgress ProgressFromJson(std::string_view json) {
  JobProgress p;
  nlohmann::json j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return p;
  // A phase this binary does not know (written by a newer one) reads as queued.
  p.phase = ParseJobPhase(j.value("phase", "")).value_or(JobPhase::kQueued);
  p.rows_read = j.value("rows_read", int64_t{0});
  p.clients = j.value("clients", int64_t{0});
  p.groups = j.value("groups", int64_t{0});
  p.statistics_rows = j.value("statistics_rows", int64_t{0});
  p.bytes_read = j.value("bytes_read", int64_t{0});
  p.tables = j.value("tables", int64_t{0});
  p.tables_total = j.value("tables_total", int64_t{0});
  return p;
}

std::string MalformedJson(const std::vector<MalformedCount>& malformed) {
  nlohmann::json array = nlohmann::json::array();
  for (const MalformedCount& m : malformed) {
    array.push_back({{"metric", m.metric}, {"count", m.count}, {"samples", m.samples}});
  }
  return array.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<MalformedCount> MalformedFromJson(std::string_view json) {
  std::vector<MalformedCount> out;
  nlohmann::json j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!j.is_array()) return out;
  for (const auto& item : j) {
    if (!item.is_object()) continue;
    MalformedCount m;
    m.metric = item.value("metric", "");
    m.count = item.value("count", int64_t{0});
    if (item.contains("samples") && item["samples"].is_array()) {
      for (const auto& s : item["samples"]) {
        if (s.is_string()) m.samples.push_back(s.get<std::string>());
      }
    }
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace opmon::compute
