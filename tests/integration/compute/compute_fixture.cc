#include "tests/integration/compute/compute_fixture.h"

#include <algorithm>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/config/canonical_json.h"
#include "gtest/gtest.h"
#include "tests/integration/compute/small_warehouse.h"
#include "tests/testing/example_files.h"
#include "tests/testing/opmonctl.h"
#include "tests/testing/rpc_deadline.h"
#include "tests/testing/status_matchers.h"

namespace opmon::compute::testing {
namespace {

// A request about project `slug` on `date`.
template <typename Request>
Request ProjectDayRequest(const std::string& slug, const std::string& date) {
  Request request;
  request.set_slug(slug);
  request.set_date(date);
  return request;
}

}  // namespace

absl::StatusOr<Rows> Query(const std::string& dsn, const std::string& sql) {
  try {
    pqxx::connection c(dsn);
    pqxx::read_transaction tx(c);
    Rows rows;
    for (const auto& r : tx.exec(sql)) {
      std::vector<std::optional<std::string>> row;
      for (const auto& f : r) {
        row.push_back(f.is_null() ? std::nullopt : std::optional<std::string>(f.c_str()));
      }
      rows.push_back(std::move(row));
    }
    return rows;
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat(e.what(), " in: ", sql));
  }
}

std::string QueryValue(const std::string& dsn, const std::string& sql) {
  auto rows = Query(dsn, sql);
  EXPECT_THAT(rows, IsOk());
  if (!rows.ok() || rows->empty() || rows->front().empty()) return "";
  return rows->front().front().value_or("");
}

std::vector<std::string> QueryColumn(const std::string& dsn, const std::string& sql) {
  auto rows = Query(dsn, sql);
  EXPECT_THAT(rows, IsOk());
  std::vector<std::string> column;
  if (rows.ok()) {
    for (const auto& row : *rows) column.push_back(row[0].value_or(""));
  }
  return column;
}

void StoreProjectYaml(const std::string& database, const std::string& slug, const std::string& yaml) {
  auto project = opmon::testing::ResolveProjectYaml(slug, yaml);
  ASSERT_THAT(project, IsOk());
  ASSERT_TRUE(opmon::testing::SharedPgCluster()
                  .Exec(database, StoreProjectSql(slug, config::ToCanonicalJson(*project)))
                  .ok());
}

void StoreExampleProject(const std::string& database, const std::string& slug) {
  auto project = opmon::testing::ResolveExample(slug);
  ASSERT_THAT(project, IsOk());
  ASSERT_TRUE(opmon::testing::SharedPgCluster()
                  .Exec(database, StoreProjectSql(slug, config::ToCanonicalJson(*project)))
                  .ok());
}

void ComputeTest::SetUpTestSuite() {
  PgTest::SetUpTestSuite();
  ASSERT_THAT(cluster().Exec(database(), SmallWarehouseSql()), IsOk());
  for (const char* slug : {"fission-experiment", "fission-rollout", "desktop-health", "nightly-build-over-build",
                           "engagement-statistics"}) {
    StoreExampleProject(database(), slug);
  }
}

std::unique_ptr<opmon::testing::ServiceProcess> ComputeTest::StartCompute(const std::vector<std::string>& extra) {
  // Short liveness limits and retry delays, so that requeues and retries
  // happen within a test's time.
  std::vector<std::string> args = {"--heartbeat-seconds", "1", "--stale-seconds", "3", "--retry-backoff-seconds",
                                   "0.2"};
  if (std::find(extra.begin(), extra.end(), "--workers") == extra.end()) {
    args.insert(args.end(), {"--workers", "2"});
  }
  args.insert(args.end(), extra.begin(), extra.end());
  auto service = opmon::testing::ServiceProcess::Start("compute", dsn(), args);
  EXPECT_THAT(service, IsOk());
  if (!service.ok()) return nullptr;
  absl::Status healthy = (*service)->WaitForHealth(true);
  EXPECT_THAT(healthy, IsOk()) << healthy << (*service)->Log();
  return std::move(*service);
}

std::unique_ptr<v1::ComputeService::Stub> ComputeTest::Stub(opmon::testing::ServiceProcess& service) {
  return v1::ComputeService::NewStub(service.channel());
}

v1::Job ComputeTest::RunAndWait(v1::ComputeService::Stub& stub, const std::string& slug, const std::string& date) {
  v1::RunProjectResponse response;
  EXPECT_THAT(Rpc(stub, &v1::ComputeService::Stub::RunProject, RunOf(slug, date, /*wait=*/true), &response), IsOk());
  return response.job();
}

int64_t StartRun(v1::ComputeService::Stub& stub, const std::string& slug, const std::string& date) {
  v1::RunProjectResponse response;
  EXPECT_THAT(Rpc(stub, &v1::ComputeService::Stub::RunProject, RunOf(slug, date), &response), IsOk());
  return response.job().id();
}

opmon::testing::CommandResult Opmonctl(const opmon::testing::ServiceProcess& compute,
                                       const std::vector<std::string>& args) {
  return opmon::testing::RunOpmonctl({"--compute-addr", compute.grpc_address()}, args);
}

std::unique_ptr<grpc::ClientContext> Context(int seconds) { return opmon::testing::Deadline(seconds); }

v1::RunProjectRequest RunOf(const std::string& slug, const std::string& date, bool wait) {
  auto request = ProjectDayRequest<v1::RunProjectRequest>(slug, date);
  request.set_wait(wait);
  return request;
}

v1::DryRunRequest DryRunOf(const std::string& slug, const std::string& date) {
  return ProjectDayRequest<v1::DryRunRequest>(slug, date);
}

v1::PreviewRequest PreviewOf(const std::string& slug, const std::string& date, double sample_percent) {
  auto request = ProjectDayRequest<v1::PreviewRequest>(slug, date);
  request.set_sample_percent(sample_percent);
  return request;
}

}  // namespace opmon::compute::testing
