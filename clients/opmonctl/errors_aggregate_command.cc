#include "clients/opmonctl/errors_aggregate_command.h"

#include <iostream>
#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "clients/opmonctl/command_registration.h"
#include "clients/opmonctl/global_options.h"
#include "clients/opmonctl/json_output.h"
#include "clients/opmonctl/rpc_failure.h"
#include "clients/opmonctl/service_call.h"
#include "nlohmann/json.hpp"
#include "opmon/v1/compute.grpc.pb.h"

namespace opmon::ctl {
namespace {

int RunErrorsAggregate(const GlobalOptions& g, const std::string& day) {
  v1::RunErrorAggregationRequest request;
  request.set_recompute_day(day);
  absl::StatusOr<v1::RunErrorAggregationResponse> response =
      Call(g, &v1::ComputeService::Stub::RunErrorAggregation, request);
  if (!response.ok()) return RpcFailed(response.status());
  const v1::RunErrorAggregationResponse& r = *response;
  if (g.json) {
    nlohmann::json rejected = nlohmann::json::object();
    for (const v1::ErrorRejectionCount& c : r.rejected()) rejected[c.reason()] = c.pings();
    return PrintJson({{"pings_read", r.pings_read()},           {"pings_accepted", r.pings_accepted()},
                      {"pings_rejected", r.pings_rejected()},   {"rejected", rejected},
                      {"windows_written", r.windows_written()}, {"rows_written", r.rows_written()},
                      {"watermark", r.watermark()}});
  }
  std::cout << absl::StrCat(day.empty() ? "error aggregation pass" : absl::StrCat(day, " recomputed (final)"), ": ",
                            r.pings_read(), " pings read, ", r.pings_accepted(), " accepted, ", r.pings_rejected(),
                            " rejected; ", r.windows_written(), " windows, ", r.rows_written(),
                            " rows written; watermark ", r.watermark().empty() ? "-" : r.watermark(), "\n");
  for (const v1::ErrorRejectionCount& c : r.rejected()) {
    std::cout << absl::StrCat("  rejected ", c.reason(), ": ", c.pings(), "\n");
  }
  return 0;
}

}  // namespace

void AddErrorsAggregateCommand(const Commands& errors) {
  auto day = std::make_shared<std::string>();
  CLI::App* aggregate = errors.Add(
      "aggregate", "aggregate new main and crash pings now (RunErrorAggregation), or --day's final recompute", day,
      RunErrorsAggregate);
  aggregate->add_option("--day", *day, "YYYY-MM-DD: replace the day's windows by a recompute and mark it final");
}

}  // namespace opmon::ctl
