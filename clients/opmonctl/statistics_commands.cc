#include "clients/opmonctl/statistics_commands.h"

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "clients/opmonctl/command_registration.h"
#include "clients/opmonctl/global_options.h"
#include "clients/opmonctl/json_output.h"
#include "clients/opmonctl/rpc_failure.h"
#include "clients/opmonctl/service_call.h"
#include "clients/opmonctl/shared_options.h"
#include "clients/opmonctl/statistic_format.h"
#include "clients/opmonctl/table.h"
#include "common/sql/quote.h"
#include "nlohmann/json.hpp"
#include "opmon/v1/statistics.grpc.pb.h"

namespace opmon::ctl {
namespace {

struct StatsOptions {
  std::string slug;
  std::vector<std::string> metrics;
  std::vector<std::string> statistics;
  std::vector<std::string> parameters;
  std::vector<std::string> branches;
  std::vector<std::string> where;
  std::string from;
  std::string to;
  bool csv = false;
  int max_rows = 1000000;
};

struct AlertsOptions {
  std::string slug;
  std::string since;
  int limit = 0;
};

std::string CsvField(const std::string& value) {
  if (value.find_first_of(",\"\n\r") == std::string::npos) return value;
  return sql::DoubledQuotes(value, '"');  // RFC 4180's quoting is SQL's
}

int RunStats(const GlobalOptions& g, const StatsOptions& o) {
  v1::QueryStatisticsRequest request;
  request.set_slug(o.slug);
  for (const auto& m : o.metrics) request.add_metrics(m);
  for (const auto& s : o.statistics) request.add_statistics(s);
  for (const auto& p : o.parameters) request.add_parameters(p);
  for (const auto& b : o.branches) request.add_branches(b);
  for (const auto& w : o.where) {
    const std::size_t eq = w.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::cerr << "opmonctl: --where \"" << w << "\" is not dimension=value\n";
      return 2;
    }
    v1::DimensionFilter* f = request.add_dimension_filters();
    f->set_name(w.substr(0, eq));
    f->set_value(w.substr(eq + 1));
  }
  request.set_from(o.from);
  request.set_to(o.to);
  request.set_page_size(10000);
  std::vector<v1::StatisticRow> rows;
  int64_t data_version = 0;
  bool truncated = false;
  do {
    absl::StatusOr<v1::QueryStatisticsResponse> response =
        Call(g, &v1::StatisticsService::Stub::QueryStatistics, request);
    if (!response.ok()) return RpcFailed(response.status());
    data_version = response->data_version();
    for (auto& r : *response->mutable_rows()) rows.push_back(std::move(r));
    request.set_page_token(response->next_page_token());
    if (static_cast<int>(rows.size()) >= o.max_rows && !request.page_token().empty()) {
      truncated = true;
      break;
    }
  } while (!request.page_token().empty());

  bool any_build_id = false;
  std::vector<std::string> dimension_names;
  for (const auto& r : rows) {
    any_build_id = any_build_id || !r.build_id().empty();
    if (dimension_names.empty()) {
      for (const auto& d : r.dimensions()) dimension_names.push_back(d.name());
    }
  }
  if (g.json) {
    nlohmann::json out = {{"slug", o.slug}, {"data_version", data_version}, {"truncated", truncated},
                          {"rows", nlohmann::json::array()}};
    for (const auto& r : rows) out["rows"].push_back(StatisticJson(r));
    return PrintJson(out);
  }
  std::vector<std::string> header = {"SUBMISSION_DATE"};
  if (any_build_id) header.push_back("BUILD_ID");
  for (const auto& d : dimension_names) header.push_back(d);
  for (const char* h : {"BRANCH", "METRIC", "STATISTIC", "PARAMETER", "POINT", "LOWER", "UPPER"}) header.push_back(h);
  auto cells = [&](const v1::StatisticRow& r, std::string (*format_number)(double)) {
    std::vector<std::string> c = {r.submission_date()};
    if (any_build_id) c.push_back(r.build_id());
    for (const auto& d : r.dimensions()) c.push_back(d.value());
    for (const std::string* s : {&r.branch(), &r.metric(), &r.statistic(), &r.parameter()}) c.push_back(*s);
    for (std::string& number : PointLowerUpperCells(r, format_number)) c.push_back(std::move(number));
    return c;
  };
  if (o.csv) {
    for (std::size_t i = 0; i < header.size(); ++i) {
      std::string name = header[i];
      for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      std::cout << (i ? "," : "") << CsvField(name);
    }
    std::cout << "\n";
    for (const auto& r : rows) {
      std::vector<std::string> c = cells(r, RoundTripNumber);
      for (std::size_t i = 0; i < c.size(); ++i) std::cout << (i ? "," : "") << CsvField(c[i]);
      std::cout << "\n";
    }
  } else {
    Table table(header);
    for (const auto& r : rows) table.AddRow(cells(r, TableNumber));
    table.Print(std::cout);
    std::cout << rows.size() << " rows, data version " << data_version << "\n";
  }
  if (truncated) std::cerr << "opmonctl: stopped after " << rows.size() << " rows (--max-rows)\n";
  return 0;
}

int RunAlerts(const GlobalOptions& g, const AlertsOptions& o) {
  v1::ListAlertsRequest request;
  request.set_slug(o.slug);
  request.set_since(o.since);
  request.set_limit(o.limit);
  absl::StatusOr<v1::ListAlertsResponse> listed = Call(g, &v1::StatisticsService::Stub::ListAlerts, request);
  if (!listed.ok()) return RpcFailed(listed.status());
  const v1::ListAlertsResponse& response = *listed;
  if (g.json) {
    nlohmann::json out = {{"slug", o.slug}, {"alerts", nlohmann::json::array()}};
    for (const auto& a : response.alerts()) {
      nlohmann::json alert = StatisticJson(a);
      alert["alert_name"] = a.alert_name();
      alert["alert_type"] = a.alert_type();
      alert["message"] = a.message();
      alert["raised_at"] = a.raised_at();
      out["alerts"].push_back(std::move(alert));
    }
    return PrintJson(out);
  }
  Table table({"SUBMISSION_DATE", "BUILD_ID", "DIMENSIONS", "BRANCH", "METRIC", "STATISTIC", "PARAMETER", "ALERT",
               "MESSAGE", "POINT", "LOWER", "UPPER", "RAISED_AT"});
  for (const auto& a : response.alerts()) {
    const auto [point, lower, upper] = PointLowerUpperCells(a, TableNumber);
    table.AddRow({a.submission_date(), a.build_id(), DimensionsCell(a.dimensions()), a.branch(), a.metric(),
                  a.statistic(), a.parameter(), a.alert_name(), a.message(), point, lower, upper, a.raised_at()});
  }
  table.Print(std::cout);
  std::cout << response.alerts_size() << " alerts\n";
  return 0;
}

}  // namespace

void AddStatisticsCommands(const Commands& commands) {
  auto stats = std::make_shared<StatsOptions>();
  CLI::App* cmd = commands.Add("stats", "a project's statistics (every page) as a table, CSV or JSON", stats, RunStats);
  AddSlugArgument(*cmd, stats->slug);
  cmd->add_option("--metric", stats->metrics, "only these metrics (repeatable)");
  cmd->add_option("--statistic", stats->statistics, "only these statistics (repeatable)");
  cmd->add_option("--parameter", stats->parameters, "only these parameters, e.g. percentiles (repeatable)");
  cmd->add_option("--branch", stats->branches, "only these branches (repeatable)");
  cmd->add_option("--where", stats->where, "dimension=value filter (repeatable; values of one dimension are ORed)");
  cmd->add_option("--from", stats->from, "first submission date (YYYY-MM-DD) or build id, inclusive");
  cmd->add_option("--to", stats->to, "last submission date or build id, inclusive");
  cmd->add_flag("--csv", stats->csv, "print CSV instead of a table");
  cmd->add_option("--max-rows", stats->max_rows, "stop after this many rows")->capture_default_str()->check(
      CLI::PositiveNumber);

  auto alerts = std::make_shared<AlertsOptions>();
  CLI::App* list = commands.Add("alerts", "a project's alerts, oldest first", alerts, RunAlerts);
  AddSlugArgument(*list, alerts->slug);
  list->add_option("--since", alerts->since, "only alerts on or after this submission date (YYYY-MM-DD)");
  list->add_option("--limit", alerts->limit, "at most this many alerts (0: 1000; at most 10000)")->check(
      CLI::NonNegativeNumber);
}

}  // namespace opmon::ctl
