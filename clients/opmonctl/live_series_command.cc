#include "clients/opmonctl/live_series_command.h"

#include <iostream>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "clients/opmonctl/command_registration.h"
#include "clients/opmonctl/global_options.h"
#include "clients/opmonctl/json_output.h"
#include "clients/opmonctl/service_call.h"
#include "clients/opmonctl/table.h"
#include "nlohmann/json.hpp"
#include "opmon/v1/statistics.grpc.pb.h"

namespace opmon::ctl {
namespace {

struct LiveSeriesOptions {
  std::string experiment;
  std::string dataset;
  std::string from;
  std::string to;
  bool by_branch = false;
};

// Whether any point names an event: only then do JSON and table show one.
bool AnyEvent(const v1::GetLiveSeriesResponse& r) {
  for (const v1::LivePoint& p : r.points()) {
    if (!p.event().empty()) return true;
  }
  return false;
}

nlohmann::json ToJson(const LiveSeriesOptions& o, const v1::GetLiveSeriesResponse& r) {
  const bool any_event = AnyEvent(r);
  nlohmann::json out = {{"experiment", o.experiment},
                        {"dataset", o.dataset},
                        {"data_version", r.data_version()},
                        {"points", nlohmann::json::array()}};
  for (const v1::LivePoint& p : r.points()) {
    nlohmann::json point = {{"time", p.time()}};
    if (o.by_branch) point["branch"] = p.has_branch() ? nlohmann::json(p.branch()) : nlohmann::json(nullptr);
    if (any_event) point["event"] = p.event();
    point["value"] = p.has_value() ? nlohmann::json(p.value()) : nlohmann::json(nullptr);
    out["points"].push_back(std::move(point));
  }
  return out;
}

void PrintTable(const LiveSeriesOptions& o, const v1::GetLiveSeriesResponse& r) {
  const bool any_event = AnyEvent(r);
  std::vector<std::string> header = {"TIME"};
  if (o.by_branch) header.push_back("BRANCH");
  if (any_event) header.push_back("EVENT");
  header.push_back("VALUE");
  Table table(header);
  for (const v1::LivePoint& p : r.points()) {
    std::vector<std::string> row = {p.time()};
    if (o.by_branch) row.push_back(p.has_branch() ? p.branch() : "null");
    if (any_event) row.push_back(p.event());
    row.push_back(p.has_value() ? std::to_string(p.value()) : "-");
    table.AddRow(std::move(row));
  }
  table.Print(std::cout);
  std::cout << r.points_size() << " points, data version " << r.data_version() << "\n";
}

int RunLiveSeries(const GlobalOptions& g, const LiveSeriesOptions& o) {
  if (o.experiment.empty() || o.dataset.empty()) {
    std::cerr << "opmonctl live: EXPERIMENT and --dataset are required\n";
    return 2;
  }
  v1::GetLiveSeriesRequest request;
  request.set_experiment(o.experiment);
  request.set_dataset(o.dataset);
  request.set_from(o.from);
  request.set_to(o.to);
  request.set_by_branch(o.by_branch);
  return PrintAnswer(
      g, Call(g, &v1::StatisticsService::Stub::GetLiveSeries, request),
      [&o](const v1::GetLiveSeriesResponse& r) { return ToJson(o, r); },
      [&o](const v1::GetLiveSeriesResponse& r) { PrintTable(o, r); });
}

}  // namespace

void AddLiveSeriesCommand(const Commands& live) {
  auto o = std::make_shared<LiveSeriesOptions>();
  CLI::App& cmd = live.app();
  cmd.add_option("experiment", o->experiment, "experiment slug");
  cmd.add_option("--dataset", o->dataset,
                 "enrollment_overall, unenrollment_overall, other_events_overall, daily_active_population, "
                 "cumulative_population_estimate, cumulative_search_count, cumulative_search_with_ads_count, "
                 "cumulative_ad_clicks");
  cmd.add_flag("--by-branch", o->by_branch, "one point per branch instead of the sum over branches");
  cmd.add_option("--from", o->from, "first window start, RFC 3339, inclusive (default: the first data)");
  cmd.add_option("--to", o->to, "last window start, RFC 3339, exclusive (default: no bound)");
  live.Run(o, RunLiveSeries);  // not when a subcommand is named, e.g. `live ingest`
}

}  // namespace opmon::ctl
