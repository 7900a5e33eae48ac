#pragma once
// A real opmon service binary started for an integration test: loopback port
// 0 for gRPC and /metrics (the bound ports come back through --port-file),
// logs in a temp file, health waited for through grpc.health.v1 Watch.
//
// Access: a test process that links this file runs as one admin token,
// TestAdminToken(). It is exported as OPMON_TOKEN before main() runs, so
// every channel made by grpc_edge::MakeClientChannel (channel(), the
// services' own calls to each other, opmonctl children) sends it, and each
// service registers it through --admin-token-file.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "tests/testing/source_tree.h"  // BuiltBinary, SourcePath
#include "tests/testing/subprocess.h"

namespace opmon::testing {

// This test process's admin token (random, made once).
const std::string& TestAdminToken();

class ServiceProcess {
 public:
  // name: config | compute | statistics | lookml. gRPC listens on
  // 127.0.0.1:0 unless `extra_args` has its own --listen.
  static absl::StatusOr<std::unique_ptr<ServiceProcess>> Start(const std::string& name, const std::string& db_url,
                                                               const std::vector<std::string>& extra_args = {});
  // Start, then waits until the service reports SERVING; a service that does
  // not is stopped and its log is part of the error.
  static absl::StatusOr<std::unique_ptr<ServiceProcess>> StartServing(const std::string& name,
                                                                      const std::string& db_url,
                                                                      const std::vector<std::string>& extra_args = {});
  // StartServing into `*service` (left as it was on an error), for a test's
  //   ASSERT_THAT(ServiceProcess::StartServingInto(service_, "statistics", dsn()), IsOk());
  static absl::Status StartServingInto(std::unique_ptr<ServiceProcess>& service, const std::string& name,
                                       const std::string& db_url, const std::vector<std::string>& extra_args = {});
  ~ServiceProcess();

  std::string grpc_address() const;
  int metrics_port() const { return metrics_port_; }
  const std::string& service_name() const { return service_name_; }
  std::shared_ptr<grpc::Channel> channel();
  // A new channel that sends `token` instead of TestAdminToken() (an empty
  // `token`: none), for tests of access control.
  std::shared_ptr<grpc::Channel> ChannelWithToken(const std::string& token) const;

  // Waits until the health status of the service equals `serving`.
  absl::Status WaitForHealth(bool serving, absl::Duration timeout = absl::Seconds(30));
  // SIGTERM, then waits for exit; returns the exit code.
  absl::StatusOr<int> Terminate(absl::Duration timeout = absl::Seconds(30));
  // SIGKILL (no graceful shutdown), then waits for the process to be gone.
  absl::Status Kill(absl::Duration timeout = absl::Seconds(30));
  std::string Log() const;

 private:
  ServiceProcess() = default;
  std::string dir_;
  std::string service_name_;
  std::unique_ptr<Process> process_;
  int grpc_port_ = 0;
  int metrics_port_ = 0;
  std::shared_ptr<grpc::Channel> channel_;
};

// GET http://127.0.0.1:port/path; returns the body (status 200 only).
absl::StatusOr<std::string> HttpGet(int port, const std::string& path);

}  // namespace opmon::testing
