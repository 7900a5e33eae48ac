#pragma once
// ProjectSource over the config service's gRPC API (--config-addr):
// GetProject for stored projects, ListProjects for the scheduler and
// ValidateProject to resolve a file for Preview/DryRun. Each call has a
// deadline; errors keep the config service's status code.

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "grpcpp/channel.h"
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
};

}  // namespace opmon::compute
