#pragma once
// How opmonctl prints its results: as JSON with --json, else as text for
// people.

#include <iostream>
#include <string>
#include <type_traits>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "clients/opmonctl/global_options.h"
#include "clients/opmonctl/rpc_failure.h"
#include "nlohmann/json.hpp"

namespace opmon::ctl {

// `value` on stdout, indented by two spaces, and a newline. Returns 0, the
// exit code of a command that printed its result: `return PrintJson(out);`.
int PrintJson(const nlohmann::json& value);

// A query's answer as the statistics and compute commands print it: a failed
// call as RpcFailed (returns 1); with --json, PrintJson(to_json(answer));
// else print_text(answer). Returns 0 once printed.
//
//   return PrintAnswer(g, Call(g, &v1::StatisticsService::Stub::GetCrashSummary, request), ToJson, PrintTables);
template <typename Response>
int PrintAnswer(const GlobalOptions& g, const absl::StatusOr<Response>& answer,
                absl::FunctionRef<nlohmann::json(const std::type_identity_t<Response>&)> to_json,
                absl::FunctionRef<void(const std::type_identity_t<Response>&)> print_text) {
  if (!answer.ok()) return RpcFailed(answer.status());
  if (g.json) return PrintJson(to_json(*answer));
  print_text(*answer);
  return 0;
}

// The same for the config service's commands, whose failures name the
// command: ReportRpcFailure(std::cerr, what, ...).
template <typename Response>
int PrintAnswer(const GlobalOptions& g, const std::string& what, const absl::StatusOr<Response>& answer,
                absl::FunctionRef<nlohmann::json(const std::type_identity_t<Response>&)> to_json,
                absl::FunctionRef<void(const std::type_identity_t<Response>&)> print_text) {
  if (!answer.ok()) return ReportRpcFailure(std::cerr, what, answer.status());
  return PrintAnswer(g, answer, to_json, print_text);
}

}  // namespace opmon::ctl
