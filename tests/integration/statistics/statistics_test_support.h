#pragma once
// Shared pieces of the statistics service's integration tests: example
// projects resolved from deploy/examples and registered as the config
// service stores them, statistics written the way compute writes them (rows
// of a day replaced and the data version bumped in one transaction), a
// fixture running the real service, and gRPC stubs with deadlines.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/config/project.h"
#include "tests/testing/stored_results.h"
#include "grpcpp/client_context.h"
#include "opmon/v1/statistics.grpc.pb.h"
#include "tests/testing/example_files.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/rpc_deadline.h"  // Deadline
#include "tests/testing/service_process.h"
#include "tests/testing/subprocess.h"

namespace opmon::testing {

using ::opmon::testing::RegisterProject;

using ::opmon::testing::StatRow;

// Runs one SQL query and returns every row as text cells (NULL as "NULL").
std::vector<std::vector<std::string>> QueryRows(const std::string& dsn, const std::string& sql);
// The first cell of every row of QueryRows(dsn, sql).
std::vector<std::string> QueryColumn(const std::string& dsn, const std::string& sql);

std::unique_ptr<v1::StatisticsService::Stub> StatisticsStub(ServiceProcess& service);

// opmonctl (the built binary) with `args` (after the global flags) against
// `statistics`, --timeout 20; a failure to run it fails the test and returns
// an empty result.
CommandResult RunOpmonctl(ServiceProcess& statistics, const std::vector<std::string>& args);

// Empties the live monitoring relations, the registry and the alerts (a
// suite shares one database across its tests).
inline constexpr char kEmptyLiveRelationsSql[] =
    "TRUNCATE opmon.live_enrollment_windows, opmon.live_daily_clients, opmon.experiments, opmon.alerts, "
    "opmon.webhook_outbox; DELETE FROM opmon.data_versions WHERE slug = '@live_windows';";

// SQL that bumps data version `key` (such as "@error_aggregates") as a pass
// does: version 1 for a key not there yet.
std::string BumpDataVersionSql(const std::string& key);

// A suite database and a real opmon-statistics on it, started by a test (or
// its SetUp) with StartService.
class StatisticsServiceTest : public PgTest {
 protected:
  // Starts the service with `args` into service_ and makes stub_; a service
  // that does not start fails the test.
  void StartService(const std::vector<std::string>& args = {});
  // Runs `sql` in the suite database as the superuser; a failure fails the test.
  void Exec(const std::string& sql);
  // Deletes every row of `table` and data version `version_key` (such as
  // "@error_aggregates"), left by an earlier test of the suite, then
  // StartService().
  void StartServiceOnEmptyDataset(const std::string& table, const std::string& version_key);
  // Runs `statements` in one transaction, as a pass writes, and with a
  // `bump_key` bumps that data version in the same transaction.
  void ExecInTransaction(std::vector<std::string> statements, const std::string& bump_key = "");

  // Unary `method` of stub_ under a fresh Deadline(): the answer, or the
  // RPC's status as an absl::Status of the same code.
  //   Call(&v1::StatisticsService::Stub::QueryLegacyAggregates, request)
  template <typename Request, typename Response>
  absl::StatusOr<Response> Call(grpc::Status (v1::StatisticsService::Stub::*method)(grpc::ClientContext*,
                                                                                     const Request&, Response*),
                                const std::type_identity_t<Request>& request) {
    Response response;
    const grpc::Status status = ((*stub_).*method)(Deadline().get(), request, &response);
    if (!status.ok()) return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
    return response;
  }

  std::unique_ptr<ServiceProcess> service_;
  std::unique_ptr<v1::StatisticsService::Stub> stub_;
};

// Value of a Prometheus counter or gauge without labels on the service's
// /metrics endpoint; -1 when absent.
double MetricValue(ServiceProcess& service, const std::string& name);

}  // namespace opmon::testing
