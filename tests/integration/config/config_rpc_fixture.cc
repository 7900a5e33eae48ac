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

v1::ApplyProjectResponse ConfigRpcTest::ApplyProject(v1::ConfigService::Stub& on, const v1::SourceFile& file,
                                                     const std::string& slug, const std::string& message) {
  v1::ApplyProjectRequest request;
  *request.mutable_file() = file;
  request.set_slug(slug);
  request.set_message(message);
  v1::ApplyProjectResponse response;
  const grpc::Status status = on.ApplyProject(Context().get(), request, &response);
  EXPECT_THAT(status, IsOk()) << StatusText(status);
  return response;
}

v1::DeleteProjectResponse ConfigRpcTest::DeleteProject(const std::string& slug, const std::string& message) {
  v1::DeleteProjectRequest request;
  request.set_slug(slug);
  request.set_message(message);
  v1::DeleteProjectResponse response;
  const grpc::Status status = stub().DeleteProject(Context().get(), request, &response);
  EXPECT_THAT(status, IsOk()) << StatusText(status);
  return response;
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
