#pragma once
// ProjectSource over the config service's gRPC API (--config-addr): stored
// projects through common/config_client's ConfigClient (cached by version,
// content hash checked), ListProjects for the scheduler, ValidateProject to
// resolve a file for Preview/DryRun. Each call has a deadline; errors keep
// the config service's status code.

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "common/config_client/config_client.h"
#include "services/compute/domain/project_source.h"

namespace opmon::compute {

class ConfigProjectSource final : public ProjectSource {
 public:
  explicit ConfigProjectSource(std::shared_ptr<grpc::Channel> channel, absl::Duration timeout = absl::Seconds(10));
  absl::StatusOr<VersionedProject> Get(const std::string& slug) override;
  absl::StatusOr<std::vector<std::string>> ListSlugs() override;
  absl::StatusOr<VersionedProject> Resolve(const SourceFileInput& file, const std::string& slug) override;

 private:
  std::shared_ptr<grpc::Channel> channel_;
  absl::Duration timeout_;
  config::ConfigClient client_;
};

}  // namespace opmon::compute
