#include "tests/integration/statistics/statistics_test_support.h"

#include <cstdlib>

#include <pqxx/pqxx>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/config/canonical_json.h"
#include "gtest/gtest.h"
#include "tests/testing/opmonctl.h"
#include "tests/testing/status_matchers.h"

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

std::vector<std::string> QueryColumn(const std::string& dsn, const std::string& sql) {
  std::vector<std::string> column;
  for (const std::vector<std::string>& row : QueryRows(dsn, sql)) column.push_back(row.at(0));
  return column;
}

CommandResult RunOpmonctl(ServiceProcess& statistics, const std::vector<std::string>& args) {
  return RunOpmonctl({"--statistics-addr", statistics.grpc_address(), "--timeout", "20"}, args);
}

std::unique_ptr<v1::StatisticsService::Stub> StatisticsStub(ServiceProcess& service) {
  return v1::StatisticsService::NewStub(service.channel());
}

std::string BumpDataVersionSql(const std::string& key) {
  return absl::StrCat("INSERT INTO opmon.data_versions (slug, version) VALUES ('", key,
                      "', 1) ON CONFLICT (slug) DO UPDATE SET version = opmon.data_versions.version + 1");
}

void StatisticsServiceTest::StartService(const std::vector<std::string>& args) {
  ASSERT_THAT(ServiceProcess::StartServingInto(service_, "statistics", dsn(), args), IsOk());
  stub_ = StatisticsStub(*service_);
}

void StatisticsServiceTest::Exec(const std::string& sql) {
  ASSERT_THAT(cluster().Exec(database(), sql), IsOk()) << sql;
}

void StatisticsServiceTest::StartServiceOnEmptyDataset(const std::string& table, const std::string& version_key) {
  Exec(absl::StrCat("DELETE FROM ", table, "; DELETE FROM opmon.data_versions WHERE slug = '", version_key, "'"));
  StartService();
}

void StatisticsServiceTest::ExecInTransaction(std::vector<std::string> statements, const std::string& bump_key) {
  statements.insert(statements.begin(), "BEGIN");
  if (!bump_key.empty()) statements.push_back(BumpDataVersionSql(bump_key));
  statements.push_back("COMMIT");
  Exec(absl::StrJoin(statements, "; "));
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
