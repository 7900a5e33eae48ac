#include "tests/integration/statistics/statistics_test_support.h"

#include <cstdlib>

#include <pqxx/pqxx>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "common/config/canonical_json.h"
#include "gtest/gtest.h"

namespace opmon::testing {

std::vector<std::vector<std::string>> QueryRows(const std::string& dsn, const std::string& sql) {
  pqxx::connection conn(dsn);
  pqxx::nontransaction tx(conn);
  std::vector<std::vector<std::string>> out;
  for (const pqxx::row& row : tx.exec(sql)) {
    std::vector<std::string> cells;
    for (const pqxx::field& f : row) cells.push_back(f.is_null() ? "NULL" : f.c_str());
    out.push_back(std::move(cells));
  }
  return out;
}

std::unique_ptr<v1::StatisticsService::Stub> StatisticsStub(ServiceProcess& service) {
  return v1::StatisticsService::NewStub(service.channel());
}

CommandResult RunOpmonctl(ServiceProcess& statistics, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {BuiltBinary("clients/opmonctl/opmonctl"), "--statistics-addr",
                                   statistics.grpc_address(), "--timeout", "20"};
  argv.insert(argv.end(), args.begin(), args.end());
  auto result = RunCommand(argv);
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *result : CommandResult{};
}

std::unique_ptr<grpc::ClientContext> Deadline(int seconds) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
  return ctx;
}

double MetricValue(ServiceProcess& service, const std::string& name) {
  absl::StatusOr<std::string> body = HttpGet(service.metrics_port(), "/metrics");
  if (!body.ok()) return -1;
  for (absl::string_view line : absl::StrSplit(*body, '\n')) {
    std::vector<absl::string_view> parts = absl::StrSplit(line, ' ');
    if (parts.size() == 2 && parts[0] == name) {
      double value = 0;
      if (absl::SimpleAtod(parts[1], &value)) return value;
    }
  }
  return -1;
}

}  // namespace opmon::testing
