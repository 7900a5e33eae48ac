#pragma once
// A real opmon-config process per test suite, on its own database, with
// helpers to call it over gRPC and to query the database in plain SQL.

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "grpcpp/client_context.h"
#include "opmon/v1/config.grpc.pb.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/rpc_deadline.h"
#include "tests/testing/service_process.h"
#include "tests/testing/sql_value.h"

namespace opmon::testing {

class ConfigRpcTest : public PgTest {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();

  static ServiceProcess& service() { return *service_; }
  static v1::ConfigService::Stub& stub() { return *stub_; }
  // A context with a 20 s deadline.
  static std::unique_ptr<grpc::ClientContext> Context() { return Deadline(20); }

  // Applies the example definitions (".yaml" or ".toml") under their default names.
  static void ApplyExampleDefinitions(const std::string& extension);

  // ApplyProject of `file` as `slug` (the file's own when empty) with
  // `message`, through `on` or the suite's service. An RPC error fails the
  // test, naming it, and reads as an empty response.
  static v1::ApplyProjectResponse ApplyProject(v1::ConfigService::Stub& on, const v1::SourceFile& file,
                                               const std::string& slug = "", const std::string& message = "");
  static v1::ApplyProjectResponse ApplyProject(const v1::SourceFile& file, const std::string& slug = "",
                                               const std::string& message = "") {
    return ApplyProject(stub(), file, slug, message);
  }
  // DeleteProject of `slug` with `message` through the suite's service; an RPC
  // error as for ApplyProject.
  static v1::DeleteProjectResponse DeleteProject(const std::string& slug, const std::string& message = "");

  // One value of a SQL query, as text ("" for NULL).
  static std::string Sql(const std::string& sql) { return QueryValue(dsn(), sql); }

 private:
  static ServiceProcess* service_;
  static v1::ConfigService::Stub* stub_;
};

// "CODE: message" of a gRPC status, "OK" when ok.
std::string StatusText(const grpc::Status& status);

}  // namespace opmon::testing
