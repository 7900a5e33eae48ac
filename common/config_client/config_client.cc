#include "common/config_client/config_client.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/config/canonical_json.h"
#include "common/grpc/status_conversion.h"
#include "common/hash/sha256.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "opmon/v1/config.grpc.pb.h"

namespace opmon::config {

// Keeps the generated stub out of the header.
class ConfigClient::Rpc {
 public:
  explicit Rpc(std::shared_ptr<grpc::Channel> channel) : stub_(v1::ConfigService::NewStub(std::move(channel))) {}

  // `method` with `request`, given until the earlier of `deadline` and
  // `timeout` from now: the response, or the call's status.
  template <typename Request, typename Response>
  absl::StatusOr<Response> Call(
      grpc::Status (v1::ConfigService::Stub::*method)(grpc::ClientContext*, const Request&, Response*),
      const Request& request, absl::Duration timeout, absl::Time deadline) {
    grpc::ClientContext ctx;
    ctx.set_deadline(absl::ToChronoTime(std::min(deadline, absl::Now() + timeout)));
    Response response;
    grpc::Status status = ((*stub_).*method)(&ctx, request, &response);
    if (!status.ok()) return grpc_edge::FromGrpcStatus(status);
    return response;
  }

 private:
  std::unique_ptr<v1::ConfigService::Stub> stub_;
};

ConfigClient::ConfigClient(std::shared_ptr<grpc::Channel> channel, ConfigClientOptions options)
    : rpc_(std::make_unique<Rpc>(std::move(channel))), options_(options) {}

ConfigClient::~ConfigClient() = default;

std::shared_ptr<const VersionedProject> ConfigClient::Lookup(const Key& key) {
  absl::MutexLock lock(&mu_);
  auto it = cache_.find(key);
  if (it == cache_.end()) return nullptr;
  return it->second;
}

void ConfigClient::Remember(const Key& key, std::shared_ptr<const VersionedProject> project) {
  absl::MutexLock lock(&mu_);
  if (!cache_.emplace(key, std::move(project)).second) return;
  order_.push_back(key);
  while (order_.size() > options_.cache_capacity) {
    cache_.erase(order_.front());
    order_.pop_front();
  }
}

absl::StatusOr<std::shared_ptr<const VersionedProject>> ConfigClient::GetVersionedProject(
    absl::string_view slug, int64_t version, absl::Time deadline) {
  if (version > 0) {
    if (auto cached = Lookup({std::string(slug), version})) {
      absl::MutexLock lock(&mu_);
      ++hits_;
      return cached;
    }
  }
  v1::GetProjectRequest request;
  request.set_slug(std::string(slug));
  request.set_version(version);
  absl::StatusOr<v1::GetProjectResponse> response =
      rpc_->Call(&v1::ConfigService::Stub::GetProject, request, options_.timeout, deadline);
  if (!response.ok()) return response.status();
  const v1::ProjectVersion& stored = response->project();
  const Key key{stored.slug(), stored.version()};
  if (auto cached = Lookup(key)) return cached;
  // A redacted answer (URL credentials replaced) cannot match its hash.
  if (!stored.redacted() && hash::Sha256Hex(stored.resolved_json()) != stored.content_hash()) {
    return absl::DataLossError(absl::StrCat("project \"", stored.slug(), "\" version ", stored.version(),
                                            ": resolved content does not match its hash"));
  }
  absl::StatusOr<ResolvedProject> parsed = ParseCanonicalJson(stored.resolved_json());
  if (!parsed.ok()) {
    return absl::Status(parsed.status().code(),
                        absl::StrCat("project \"", stored.slug(), "\" version ", stored.version(), ": ",
                                     parsed.status().message()));
  }
  auto entry = std::make_shared<const VersionedProject>(
      VersionedProject{stored.version(), stored.content_hash(), *std::move(parsed)});
  Remember(key, entry);
  return entry;
}

absl::StatusOr<ResolvedProject> ConfigClient::GetResolvedProject(absl::string_view slug, int64_t version,
                                                                 absl::Time deadline) {
  absl::StatusOr<std::shared_ptr<const VersionedProject>> entry = GetVersionedProject(slug, version, deadline);
  if (!entry.ok()) return entry.status();
  return (*entry)->project;
}

absl::StatusOr<std::vector<ProjectListing>> ConfigClient::ListProjects(bool include_deleted, absl::Time deadline) {
  v1::ListProjectsRequest request;
  request.set_include_deleted(include_deleted);
  absl::StatusOr<v1::ListProjectsResponse> response =
      rpc_->Call(&v1::ConfigService::Stub::ListProjects, request, options_.timeout, deadline);
  if (!response.ok()) return response.status();
  std::vector<ProjectListing> out;
  for (const v1::ProjectSummary& p : response->projects()) {
    out.push_back({p.slug(), p.name(), p.platform(), p.version(), p.updated_at(), p.start_date(), p.end_date(),
                   p.deleted()});
  }
  return out;
}

int64_t ConfigClient::cache_hits() const {
  absl::MutexLock lock(&mu_);
  return hits_;
}

}  // namespace opmon::config
