#include "clients/opmonctl/errors_command.h"

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "clients/opmonctl/command_registration.h"
#include "clients/opmonctl/global_options.h"
#include "clients/opmonctl/json_output.h"
#include "clients/opmonctl/service_call.h"
#include "clients/opmonctl/table.h"
#include "nlohmann/json.hpp"
#include "opmon/v1/statistics.grpc.pb.h"

namespace opmon::ctl {
namespace {

struct ErrorsOptions {
  std::vector<std::string> measurements;
  std::vector<std::string> dimensions;
  std::vector<std::string> filters;  // D=V or D=V1,V2
  std::string from, to;
};

// "D=V" or "D=V1,V2" into the request; false when there is no '='.
bool AddFilter(const std::string& text, v1::QueryErrorAggregatesRequest& request) {
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos) return false;
  v1::ErrorAggregatesFilter* filter = request.add_filters();
  filter->set_dimension(text.substr(0, eq));
  for (absl::string_view v : absl::StrSplit(text.substr(eq + 1), ',')) filter->add_values(std::string(v));
  return true;
}

// Every page of the query; the first failure.
absl::StatusOr<v1::QueryErrorAggregatesResponse> FetchAll(const GlobalOptions& g,
                                                          v1::QueryErrorAggregatesRequest request) {
  v1::QueryErrorAggregatesResponse all;
  do {
    absl::StatusOr<v1::QueryErrorAggregatesResponse> page =
        Call(g, &v1::StatisticsService::Stub::QueryErrorAggregates, request);
    if (!page.ok()) return page.status();
    if (all.dimensions().empty()) {
      *all.mutable_dimensions() = page->dimensions();
      *all.mutable_measurements() = page->measurements();
      all.set_data_version(page->data_version());
    }
    for (v1::ErrorAggregateRow& row : *page->mutable_rows()) *all.add_rows() = std::move(row);
    request.set_page_token(page->next_page_token());
  } while (!request.page_token().empty());
  return all;
}

nlohmann::json ToJson(const v1::QueryErrorAggregatesResponse& r) {
  nlohmann::json out = {{"dimensions", std::vector<std::string>(r.dimensions().begin(), r.dimensions().end())},
                        {"measurements", std::vector<std::string>(r.measurements().begin(), r.measurements().end())},
                        {"data_version", r.data_version()},
                        {"rows", nlohmann::json::array()}};
  for (const v1::ErrorAggregateRow& row : r.rows()) {
    nlohmann::json o = nlohmann::json::object();
    for (int i = 0; i < r.dimensions_size() && i < row.dimensions_size(); ++i) {
      const v1::ErrorAggregateValue& v = row.dimensions(i);
      o[r.dimensions(i)] = v.has_value() ? nlohmann::json(v.value()) : nlohmann::json(nullptr);
    }
    for (int i = 0; i < r.measurements_size() && i < row.sums_size(); ++i) o[r.measurements(i)] = row.sums(i);
    out["rows"].push_back(std::move(o));
  }
  return out;
}

void PrintTable(const v1::QueryErrorAggregatesResponse& r) {
  std::vector<std::string> header;
  for (const std::string& name : r.dimensions()) header.push_back(absl::AsciiStrToUpper(name));
  for (const std::string& name : r.measurements()) header.push_back(absl::AsciiStrToUpper(name));
  Table table(header);
  for (const v1::ErrorAggregateRow& row : r.rows()) {
    std::vector<std::string> cells;
    for (const v1::ErrorAggregateValue& v : row.dimensions()) cells.push_back(v.has_value() ? v.value() : "null");
    for (double sum : row.sums()) cells.push_back(TableNumber(sum));
    table.AddRow(std::move(cells));
  }
  table.Print(std::cout);
  std::cout << r.rows_size() << " groups, data version " << r.data_version() << "\n";
}

int RunErrors(const GlobalOptions& g, const ErrorsOptions& o) {
  v1::QueryErrorAggregatesRequest request;
  for (const std::string& m : o.measurements) request.add_measurements(m);
  for (const std::string& d : o.dimensions) request.add_dimensions(d);
  for (const std::string& f : o.filters) {
    if (!AddFilter(f, request)) {
      std::cerr << "opmonctl errors: --filter \"" << f << "\" is not DIMENSION=VALUE or DIMENSION=LOW,HIGH\n";
      return 2;
    }
  }
  request.set_from(o.from);
  request.set_to(o.to);
  return PrintAnswer(g, FetchAll(g, request), ToJson, PrintTable);
}

}  // namespace

void AddErrorsQueryCommand(const Commands& errors) {
  auto o = std::make_shared<ErrorsOptions>();
  CLI::App& cmd = errors.app();
  cmd.add_option("--measurement,-m", o->measurements,
                 "measure to sum (repeat): count, usage_hours, main_crashes, content_crashes, ... "
                 "(docs/errors.md)");
  cmd.add_option("--dimension,-d", o->dimensions,
                 "dimension to group by (repeat): channel, version, build_id, os_name, experiment_id, ...; "
                 "window_start is always grouped");
  cmd.add_option("--filter,-f", o->filters,
                 "DIMENSION=VALUE (equality; DIMENSION= matches NULL) or DIMENSION=LOW,HIGH (inclusive range)");
  cmd.add_option("--from", o->from, "first window start, RFC 3339, inclusive (default: unbounded)");
  cmd.add_option("--to", o->to, "end, RFC 3339, exclusive (default: unbounded)");
  errors.Run(o, RunErrors);  // not when a subcommand is named, e.g. `errors aggregate`
}

}  // namespace opmon::ctl
