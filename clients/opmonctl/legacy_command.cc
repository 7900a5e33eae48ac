#include "clients/opmonctl/legacy_command.h"

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_join.h"
#include "clients/opmonctl/global_options.h"
#include "clients/opmonctl/rpc_failure.h"
#include "clients/opmonctl/service_call.h"
#include "clients/opmonctl/table.h"
#include "nlohmann/json.hpp"
#include "opmon/v1/statistics.grpc.pb.h"

namespace opmon::ctl {
namespace {

// One optional dimension filter: set on the request only when given (even
// as ""), so "--label ''" selects unkeyed histograms.
struct DimensionFlag {
  const char* flag;
  const char* help;
  void (v1::QueryLegacyAggregatesRequest::*set)(const std::string&);
  std::string value;
  CLI::Option* option = nullptr;
};

struct LegacyOptions {
  std::string type = "submission_date";
  std::string channel, version, metric, from, to;
  std::vector<DimensionFlag> dimensions = {
      {"--os", "only this OS, e.g. Windows_NT", &v1::QueryLegacyAggregatesRequest::set_os},
      {"--os-version", "only this OS version, e.g. 6.1", &v1::QueryLegacyAggregatesRequest::set_os_version},
      {"--application", "only this application, e.g. Firefox", &v1::QueryLegacyAggregatesRequest::set_application},
      {"--architecture", "only this architecture, e.g. x86", &v1::QueryLegacyAggregatesRequest::set_architecture},
      {"--label", "only this key of a keyed histogram ('' for unkeyed)", &v1::QueryLegacyAggregatesRequest::set_label},
      {"--child", "only child (true) or parent (false) processes", &v1::QueryLegacyAggregatesRequest::set_child},
  };
};

int RunLegacy(const GlobalOptions& g, const LegacyOptions& o) {
  v1::QueryLegacyAggregatesRequest request;
  request.set_aggregate_type(o.type);
  request.set_channel(o.channel);
  request.set_version(o.version);
  request.set_metric(o.metric);
  request.set_from(o.from);
  request.set_to(o.to);
  for (const DimensionFlag& d : o.dimensions) {
    if (d.option->count() > 0) (request.*d.set)(d.value);
  }
  absl::StatusOr<v1::QueryLegacyAggregatesResponse> response =
      Call(g, &v1::StatisticsService::Stub::QueryLegacyAggregates, request);
  if (!response.ok()) return RpcFailed(response.status());
  if (g.json) {
    nlohmann::json out = {{"aggregate_type", o.type}, {"channel", o.channel}, {"version", o.version},
                          {"metric", o.metric},       {"data_version", response->data_version()},
                          {"data", nlohmann::json::array()}};
    for (const v1::LegacyAggregate& a : response->aggregates()) {
      out["data"].push_back({{"date", a.date()},
                             {"label", a.label()},
                             {"rows", a.rows()},
                             {"count", a.count()},
                             {"sum", a.sum()},
                             {"histogram", std::vector<int64_t>(a.histogram().begin(), a.histogram().end())}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  Table table({"DATE", "LABEL", "ROWS", "COUNT", "SUM", "HISTOGRAM"});
  for (const v1::LegacyAggregate& a : response->aggregates()) {
    table.AddRow({a.date(), a.label(), std::to_string(a.rows()), std::to_string(a.count()), std::to_string(a.sum()),
                  absl::StrJoin(a.histogram(), ",")});
  }
  table.Print(std::cout);
  std::cout << response->aggregates_size() << " histograms, data version " << response->data_version() << "\n";
  return 0;
}

}  // namespace

void AddLegacyCommand(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto options = std::make_shared<LegacyOptions>();
  CLI::App* cmd = app.add_subcommand(
      "legacy", "imported legacy (mozaggregator) aggregates, merged per date and label, as a table or JSON");
  cmd->add_option("--channel", options->channel, "channel, e.g. nightly")->required();
  cmd->add_option("--version", options->version, "major version, e.g. 42")->required();
  cmd->add_option("--metric", options->metric, "metric, e.g. GC_MS")->required();
  cmd->add_option("--type", options->type, "aggregates by build_id (build date) or submission_date")
      ->capture_default_str()
      ->check(CLI::IsMember({"build_id", "submission_date"}));
  cmd->add_option("--from", options->from, "first day (YYYYMMDD or YYYY-MM-DD), inclusive");
  cmd->add_option("--to", options->to, "last day, inclusive");
  for (DimensionFlag& d : options->dimensions) d.option = cmd->add_option(d.flag, d.value, d.help);
  cmd->callback([&global, &exit_code, options] { exit_code = RunLegacy(global, *options); });
}

}  // namespace opmon::ctl
