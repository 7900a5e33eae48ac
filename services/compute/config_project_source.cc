#include "services/compute/config_project_source.h"

#include "absl/strings/str_cat.h"
#include "common/config/canonical_json.h"
#include "common/config/table_name.h"
#include "common/grpc/status_conversion.h"
#include "grpcpp/client_context.h"
#include "opmon/v1/config.grpc.pb.h"

namespace opmon::compute {
namespace {

void SetDeadline(grpc::ClientContext& ctx, absl::Duration timeout) {
  ctx.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
}

absl::Status Prefixed(const grpc::Status& status, std::string_view what) {
  absl::Status s = grpc_edge::FromGrpcStatus(status);
  return absl::Status(s.code(), absl::StrCat("config service ", std::string(what), ": ", s.message()));
}

config::ConfigClientOptions ClientOptions(absl::Duration timeout) {
  config::ConfigClientOptions options;
  options.timeout = timeout;
  return options;
}

}  // namespace

ConfigProjectSource::ConfigProjectSource(std::shared_ptr<grpc::Channel> channel, absl::Duration timeout)
    : channel_(channel), timeout_(timeout), client_(std::move(channel), ClientOptions(timeout)) {}

absl::StatusOr<VersionedProject> ConfigProjectSource::Get(const std::string& slug) {
  auto project = client_.GetVersionedProject(slug, 0, absl::Now() + timeout_);
  if (!project.ok()) {
    if (project.status().code() == absl::StatusCode::kNotFound) {
      return absl::NotFoundError(absl::StrCat("slug: project \"", slug, "\" does not exist"));
    }
    return absl::Status(project.status().code(),
                        absl::StrCat("config service GetProject: ", project.status().message()));
  }
  return VersionedProject{(*project)->project, (*project)->version};
}

absl::StatusOr<std::vector<std::string>> ConfigProjectSource::ListSlugs() {
  auto listings = client_.ListProjects(false, absl::Now() + timeout_);
  if (!listings.ok()) {
    return absl::Status(listings.status().code(),
                        absl::StrCat("config service ListProjects: ", listings.status().message()));
  }
  std::vector<std::string> slugs;
  for (const auto& p : *listings) {
    if (!p.deleted) slugs.push_back(p.slug);
  }
  return slugs;
}

absl::StatusOr<VersionedProject> ConfigProjectSource::Resolve(const SourceFileInput& file, const std::string& slug) {
  auto stub = v1::ConfigService::NewStub(channel_);
  grpc::ClientContext ctx;
  SetDeadline(ctx, timeout_);
  v1::ValidateProjectRequest request;
  auto* f = request.add_files();
  f->set_path(file.path);
  f->set_content(file.content);
  request.set_mode(file.compat_mode ? v1::VALIDATION_MODE_COMPAT : v1::VALIDATION_MODE_STRICT);
  v1::ValidateProjectResponse response;
  grpc::Status status = stub->ValidateProject(&ctx, request, &response);
  if (!status.ok()) return Prefixed(status, "ValidateProject");
  if (response.files_size() != 1 || response.files(0).resolved_json().empty()) {
    std::string message = absl::StrCat("file: ", file.path, " does not resolve");
    if (response.files_size() == 1) {
      for (const auto& d : response.files(0).diagnostics()) {
        absl::StrAppend(&message, "; ", d.file(), ":", d.line(), ":", d.column(), ": ", d.path(), ": ", d.message());
      }
    }
    return absl::InvalidArgumentError(message);
  }
  auto project = config::ParseCanonicalJson(response.files(0).resolved_json());
  if (!project.ok()) return absl::InternalError(std::string(project.status().message()));
  if (!slug.empty()) {
    project->slug = slug;
    project->table_name = config::ResultsTableName(slug);
  }
  return VersionedProject{std::move(*project), 0};
}

}  // namespace opmon::compute
