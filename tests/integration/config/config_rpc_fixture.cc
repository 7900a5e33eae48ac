#include "tests/integration/config/config_rpc_fixture.h"

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/testing/example_files.h"
#include "tests/testing/status_matchers.h"

namespace opmon::testing {

ServiceProcess* ConfigRpcTest::service_ = nullptr;
v1::ConfigService::Stub* ConfigRpcTest::stub_ = nullptr;

void ConfigRpcTest::SetUpTestSuite() {
  PgTest::SetUpTestSuite();
  auto started = ServiceProcess::StartServing("config", dsn());
  ASSERT_THAT(started, IsOk());
  service_ = started->release();
  stub_ = v1::ConfigService::NewStub(service_->channel()).release();
}

void ConfigRpcTest::TearDownTestSuite() {
  delete stub_;
  stub_ = nullptr;
  delete service_;
  service_ = nullptr;
}

void ConfigRpcTest::ApplyExampleDefinitions(const std::string& extension) {
  const absl::Status status = opmon::testing::ApplyExampleDefinitions(stub(), extension);
  ASSERT_THAT(status, IsOk());
}

std::string StatusText(const grpc::Status& status) {
  if (status.ok()) return "OK";
  static const char* const kNames[] = {"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED",
                                       "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED",
                                       "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
                                       "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"};
  const int code = static_cast<int>(status.error_code());
  return absl::StrCat(code >= 0 && code <= 16 ? kNames[code] : "?", ": ", status.error_message());
}

}  // namespace opmon::testing
