#pragma once
// Shared set-up of compute integration tests: a suite database holding the
// small warehouse and the example projects (stored as the config service
// stores them), the real opmon-compute binary, and SQL helpers that compute
// the expected values independently.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/status/statusor.h"
#include "opmon/v1/compute.grpc.pb.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/service_process.h"

namespace opmon::compute::testing {

using Rows = std::vector<std::vector<std::optional<std::string>>>;

// Runs `sql` on `dsn` and returns every row as text (NULL as nullopt).
absl::StatusOr<Rows> Query(const std::string& dsn, const std::string& sql);
// The single value of a one-row, one-column query ("" for NULL).
std::string QueryValue(const std::string& dsn, const std::string& sql);
// The first column of every row of `sql` ("" for NULL); a failed query fails
// the test and reads as no rows.
std::vector<std::string> QueryColumn(const std::string& dsn, const std::string& sql);

// Stores example project `slug` (resolved from deploy/examples) in `database`.
void StoreExampleProject(const std::string& database, const std::string& slug);
// Stores a project given as YAML text.
void StoreProjectYaml(const std::string& database, const std::string& slug, const std::string& yaml);

class ComputeTest : public opmon::testing::PgTest {
 protected:
  // Builds the small warehouse and stores every example project.
  static void SetUpTestSuite();

  // Starts opmon-compute on this suite's database and waits for health.
  static std::unique_ptr<opmon::testing::ServiceProcess> StartCompute(const std::vector<std::string>& extra = {});

  static std::unique_ptr<v1::ComputeService::Stub> Stub(opmon::testing::ServiceProcess& service);

  // RunProject(wait) and returns the job (fails the test on RPC errors).
  static v1::Job RunAndWait(v1::ComputeService::Stub& stub, const std::string& slug, const std::string& date);
};

// opmonctl --compute-addr <compute> <args...>, run to completion (a failure
// to run it fails the test).
opmon::testing::CommandResult Opmonctl(const opmon::testing::ServiceProcess& compute,
                                       const std::vector<std::string>& args);

// A client context with a deadline `seconds` from now.
std::unique_ptr<grpc::ClientContext> Context(int seconds = 120);

// The request to run stored project `slug` on `date` (answered once the job
// ended when `wait`).
v1::RunProjectRequest RunOf(const std::string& slug, const std::string& date, bool wait = false);

// RunProject(RunOf(slug, date)) through `stub`: the id of the queued job (an
// RPC error fails the test).
int64_t StartRun(v1::ComputeService::Stub& stub, const std::string& slug, const std::string& date);

// The requests to dry-run and to preview (of `sample_percent` of the
// clients) stored project `slug` on `date`.
v1::DryRunRequest DryRunOf(const std::string& slug, const std::string& date);
v1::PreviewRequest PreviewOf(const std::string& slug, const std::string& date, double sample_percent = 100);

// Unary `method` of `stub` under a fresh Context(`seconds`): the RPC's status,
// the answer in `*response`.
//   Rpc(*stub, &v1::ComputeService::Stub::DryRun, DryRunOf(slug, date), &report)
template <typename Request, typename Response>
grpc::Status Rpc(v1::ComputeService::Stub& stub,
                 grpc::Status (v1::ComputeService::Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                 const std::type_identity_t<Request>& request, Response* response, int seconds = 120) {
  return (stub.*method)(Context(seconds).get(), request, response);
}

}  // namespace opmon::compute::testing
