#pragma once
// How opmonctl shows compute jobs: JSON objects, table rows, a progress line
// (or bar on a terminal), and RPC failures on stderr.

#include <string>
#include <vector>

#include "grpcpp/support/status.h"
#include "nlohmann/json.hpp"
#include "opmon/v1/compute.pb.h"

namespace opmon::ctl {

std::string JobStateName(v1::JobState state);  // "succeeded", ...
nlohmann::json JobJson(const v1::Job& job);
nlohmann::json ProgressJson(const v1::JobProgress& progress);
std::vector<std::string> JobTableHeader();
std::vector<std::string> JobTableRow(const v1::Job& job);
// "job 12 running aggregate: 1200 rows, 1200 clients, 8 groups" or, with
// `bar`, the same behind a phase bar.
std::string ProgressLine(const v1::JobProgress& progress, bool bar);
// Prints "opmonctl: <message> (<code>)" and returns the exit code 1.
int RpcFailed(const grpc::Status& status);

}  // namespace opmon::ctl
