#include "tests/integration/statistics/statistics_test_support.h"

#include <cstdlib>

#include <pqxx/pqxx>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/config/canonical_json.h"
#include "common/results/data_version.h"
#include "common/results/results_schema.h"
#include "common/results/results_tables.h"
#include "common/sql/quote.h"
#include "gtest/gtest.h"

namespace opmon::testing {
namespace {

std::string Param(const std::optional<double>& v) { return v ? absl::StrFormat("%.17g", *v) : std::string(); }

}  // namespace

int64_t WriteStatistics(const std::string& dsn, const config::ResolvedProject& project,
                        const std::vector<std::string>& dates, const std::vector<StatRow>& rows) {
  pqxx::connection conn(dsn);
  absl::Status ensured = results::EnsureResultsTables(conn, project);
  EXPECT_TRUE(ensured.ok()) << ensured;
  const std::string table = results::StatisticsTable(project).Qualified();
  std::vector<std::string> columns = {"submission_date", "build_id"};
  for (const config::Dimension& d : project.dimensions) columns.push_back(sql::QuoteIdent(d.name));
  for (const char* c : {"branch", "metric", "statistic", "point", "lower", "upper", "parameter"}) columns.push_back(c);
  std::vector<std::string> values = {"$1::date", "NULLIF($2, '')"};
  int n = 3;
  for (std::size_t i = 0; i < project.dimensions.size(); ++i) values.push_back(absl::StrCat("$", n++));
  for (int i = 0; i < 3; ++i) values.push_back(absl::StrCat("$", n++));
  for (int i = 0; i < 3; ++i) values.push_back(absl::StrCat("NULLIF($", n++, ", '')::float8"));
  values.push_back(absl::StrCat("NULLIF($", n++, ", '')"));
  const std::string insert = absl::StrCat("INSERT INTO ", table, " (", absl::StrJoin(columns, ", "), ") VALUES (",
                                          absl::StrJoin(values, ", "), ")");
  pqxx::work tx(conn);
  for (const std::string& date : dates) {
    tx.exec_params(absl::StrCat("DELETE FROM ", table, " WHERE submission_date = $1::date"), date);
  }
  for (const StatRow& r : rows) {
    std::vector<std::string> params = {r.date, r.build_id};
    for (std::size_t i = 0; i < project.dimensions.size(); ++i) {
      params.push_back(i < r.dimensions.size() ? r.dimensions[i] : "");
    }
    for (const std::string* v : {&r.branch, &r.metric, &r.statistic}) params.push_back(*v);
    params.push_back(Param(r.point));
    params.push_back(Param(r.lower));
    params.push_back(Param(r.upper));
    params.push_back(r.parameter);
    tx.exec_params(insert, pqxx::prepare::make_dynamic_params(params));
  }
  const int64_t version = results::BumpDataVersion(tx, project.slug);
  tx.commit();
  return version;
}

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
