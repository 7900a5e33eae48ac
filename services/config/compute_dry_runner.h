#pragma once
// SqlDryRunner over compute's gRPC API (ComputeService.DryRun, --compute-addr),
// with the asynchronous callback client: nothing waits on a thread while
// compute works (and calls back into this service to resolve the file).

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "opmon/v1/compute.grpc.pb.h"
#include "services/config/domain/sql_dry_run.h"

namespace opmon::config {

class ComputeDryRunner final : public SqlDryRunner {
 public:
  // `address` names compute in errors. `default_timeout` applies when the
  // request has no deadline.
  ComputeDryRunner(std::string address, std::shared_ptr<grpc::Channel> channel,
                   absl::Duration default_timeout = absl::Seconds(60));

  // Unavailable / DeadlineExceeded naming the address when compute does not
  // answer; compute's status otherwise. Thread-safe.
  void DryRun(const SqlDryRunRequest& request, Done done) override;

  const std::string& address() const { return address_; }

 private:
  const std::string address_;
  const absl::Duration default_timeout_;
  std::shared_ptr<v1::ComputeService::Stub> stub_;
};

}  // namespace opmon::config
