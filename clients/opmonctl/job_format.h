#pragma once
// How opmonctl shows compute jobs: JSON objects, table rows, a progress line
// (or bar on a terminal).

#include <string>
#include <vector>

#include "google/protobuf/repeated_ptr_field.h"
#include "nlohmann/json.hpp"
#include "opmon/v1/compute.pb.h"

namespace opmon::ctl {

struct GlobalOptions;

std::string JobStateName(v1::JobState state);  // "succeeded", ...
nlohmann::json JobJson(const v1::Job& job);
nlohmann::json ProgressJson(const v1::JobProgress& progress);
std::vector<std::string> JobTableHeader();
std::vector<std::string> JobTableRow(const v1::Job& job);
// "job 12 running aggregate: 1200 rows, 1200 clients, 8 groups" or, with
// `bar`, the same behind a phase bar.
std::string ProgressLine(const v1::JobProgress& progress, bool bar);
// The jobs on stdout: a JSON array of JobJson with --json, else a table.
void PrintJobs(const GlobalOptions& global, const google::protobuf::RepeatedPtrField<v1::Job>& jobs);

}  // namespace opmon::ctl
