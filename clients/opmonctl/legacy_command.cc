#include "clients/opmonctl/legacy_command.h"

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_join.h"
#include "clients/opmonctl/command_registration.h"
#include "clients/opmonctl/global_options.h"
#include "clients/opmonctl/json_output.h"
#include "clients/opmonctl/service_call.h"
#include "clients/opmonctl/table.h"
#include "nlohmann/json.hpp"
#include "opmon/v1/statistics.grpc.pb.h"

namespace opmon::ctl {
namespace {

using Request = v1::QueryLegacyAggregatesRequest;
using Setter = void (*)(Request&, const std::string&);

// One optional dimension filter: set on the request only when given (even
// as ""), so "--label ''" selects unkeyed histograms.
struct DimensionFlag {
  const char* flag;
  const char* help;
  Setter set;
  std::string value;  // what the flag was given
  CLI::Option* option = nullptr;
};

DimensionFlag Flag(const char* flag, const char* help, Setter set) { return {flag, help, set, "", nullptr}; }

struct LegacyOptions {
  std::string type = "submission_date";
  std::string channel, version, metric, from, to;
  std::vector<DimensionFlag> dimensions = {
      Flag("--os", "only this OS, e.g. Windows_NT", [](Request& r, const std::string& v) { r.set_os(v); }),
      Flag("--os-version", "only this OS version, e.g. 6.1",
           [](Request& r, const std::string& v) { r.set_os_version(v); }),
      Flag("--application", "only this application, e.g. Firefox",
           [](Request& r, const std::string& v) { r.set_application(v); }),
      Flag("--architecture", "only this architecture, e.g. x86",
           [](Request& r, const std::string& v) { r.set_architecture(v); }),
      Flag("--label", "only this key of a keyed histogram ('' for unkeyed)",
           [](Request& r, const std::string& v) { r.set_label(v); }),
      Flag("--child", "only child (true) or parent (false) processes",
           [](Request& r, const std::string& v) { r.set_child(v); }),
  };
};

nlohmann::json ToJson(const LegacyOptions& o, const v1::QueryLegacyAggregatesResponse& r) {
  nlohmann::json out = {{"aggregate_type", o.type}, {"channel", o.channel}, {"version", o.version},
                        {"metric", o.metric},       {"data_version", r.data_version()},
                        {"data", nlohmann::json::array()}};
  for (const v1::LegacyAggregate& a : r.aggregates()) {
    out["data"].push_back({{"date", a.date()},
                           {"label", a.label()},
                           {"rows", a.rows()},
                           {"count", a.count()},
                           {"sum", a.sum()},
                           {"histogram", std::vector<int64_t>(a.histogram().begin(), a.histogram().end())}});
  }
  return out;
}

void PrintTable(const v1::QueryLegacyAggregatesResponse& r) {
  PrintRows(std::cout, {"DATE", "LABEL", "ROWS", "COUNT", "SUM", "HISTOGRAM"}, r.aggregates(),
            [](const v1::LegacyAggregate& a) -> std::vector<std::string> {
              return {a.date(), a.label(), std::to_string(a.rows()), std::to_string(a.count()),
                      std::to_string(a.sum()), absl::StrJoin(a.histogram(), ",")};
            });
  std::cout << r.aggregates_size() << " histograms, data version " << r.data_version() << "\n";
}

int RunLegacy(const GlobalOptions& g, const LegacyOptions& o) {
  Request request;
  request.set_aggregate_type(o.type);
  request.set_channel(o.channel);
  request.set_version(o.version);
  request.set_metric(o.metric);
  request.set_from(o.from);
  request.set_to(o.to);
  for (const DimensionFlag& d : o.dimensions) {
    if (d.option->count() > 0) d.set(request, d.value);
  }
  return PrintAnswer(
      g, Call(g, &v1::StatisticsService::Stub::QueryLegacyAggregates, request),
      [&o](const v1::QueryLegacyAggregatesResponse& r) { return ToJson(o, r); }, PrintTable);
}

}  // namespace

void AddLegacyCommand(const Commands& commands) {
  auto options = std::make_shared<LegacyOptions>();
  CLI::App* cmd = commands.Add(
      "legacy", "imported legacy (mozaggregator) aggregates, merged per date and label, as a table or JSON", options,
      RunLegacy);
  cmd->add_option("--channel", options->channel, "channel, e.g. nightly")->required();
  cmd->add_option("--version", options->version, "major version, e.g. 42")->required();
  cmd->add_option("--metric", options->metric, "metric, e.g. GC_MS")->required();
  cmd->add_option("--type", options->type, "aggregates by build_id (build date) or submission_date")
      ->capture_default_str()
      ->check(CLI::IsMember({"build_id", "submission_date"}));
  cmd->add_option("--from", options->from, "first day (YYYYMMDD or YYYY-MM-DD), inclusive");
  cmd->add_option("--to", options->to, "last day, inclusive");
  for (DimensionFlag& d : options->dimensions) d.option = cmd->add_option(d.flag, d.value, d.help);
}

}  // namespace opmon::ctl
