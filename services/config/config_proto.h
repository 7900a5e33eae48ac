#pragma once
// opmon.v1 config messages ⇄ the config service's domain and storage types,
// and request validation: every bad field is InvalidArgument naming the
// field and its value ("experiment.start_date: \"2024-02-30\" is not a
// date"). No I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "opmon/v1/config.pb.h"
#include "services/config/domain/diagnostic.h"
#include "services/config/domain/front_end.h"
#include "services/config/domain/schema_validator.h"
#include "services/config/storage/config_store.h"
#include "services/config/storage/experiment_store.h"
#include "services/config/storage/stored_types.h"

namespace opmon::config {

// ---- requests ----

struct ValidateRequestInput {
  std::vector<SourceFile> files;
  ValidationMode mode = ValidationMode::kStrict;
  bool dry_run = false;
  std::optional<absl::CivilDay> dry_run_date;  // only with dry_run
};

struct ProjectRef {
  std::string slug;
  int64_t version = 0;  // 0: latest
};

struct DeleteRequestInput {
  std::string slug;
  std::string message;
};

struct DefinitionsApplyInput {
  std::string name;  // empty: DefaultDefinitionsName
  SourceFile file;
  ValidationMode mode = ValidationMode::kStrict;
};

absl::StatusOr<ValidateRequestInput> ParseRequest(const v1::ValidateProjectRequest& request);
absl::StatusOr<ProjectApplyInput> ParseRequest(const v1::ApplyProjectRequest& request);
absl::StatusOr<ProjectRef> ParseRequest(const v1::GetProjectRequest& request);
absl::StatusOr<std::string> ParseRequest(const v1::GetProjectHistoryRequest& request);  // the slug
absl::StatusOr<DeleteRequestInput> ParseRequest(const v1::DeleteProjectRequest& request);
absl::StatusOr<DefinitionsApplyInput> ParseRequest(const v1::ApplyDefinitionsRequest& request);
absl::StatusOr<std::string> ParseRequest(const v1::GetDefinitionsRequest& request);  // the name
// Fills defaults: platform "firefox_desktop", reference_branch "control".
absl::StatusOr<RegisteredExperiment> ParseRequest(const v1::PutExperimentRequest& request);
absl::StatusOr<std::string> ParseRequest(const v1::ListExperimentsRequest& request);  // platform or ""
absl::StatusOr<int64_t> ParseRequest(const v1::WatchProjectsRequest& request);  // after_change_id

// ---- shared pieces ----

// `field` names the message in errors ("file", "files[2]").
absl::StatusOr<SourceFile> FromProto(const v1::SourceFile& file, const std::string& field);
absl::StatusOr<ValidationMode> FromProto(v1::ValidationMode mode, const std::string& field);
v1::SourceFile::Format ToProtoFormat(SourceFormat format);

void ToProto(const Diagnostic& diagnostic, v1::Diagnostic* out);
void ToProto(const SourceFile& file, v1::SourceFile* out);
// The credentials of URLs in the source and resolved JSON are redacted
// (common/log/url_redaction.h; `redacted` says whether anything was).
void ToProto(const StoredProjectVersion& version, v1::ProjectVersion* out);
void ToProto(const StoredProjectSummary& summary, v1::ProjectSummary* out);
void ToProto(const RegisteredExperiment& entry, v1::Experiment* out);
void ToProto(const ProjectChangeRecord& change, v1::ProjectChange* out);
// Every file, and `ok` when no file has an error.
void ToProto(const std::vector<FileValidationResult>& files, v1::ValidateProjectResponse* out);
void ToProto(const DefinitionsApplyResult& result, v1::ApplyDefinitionsResponse* out);

// Inverse of the Diagnostic conversion (for clients that format them).
Diagnostic FromProto(const v1::Diagnostic& diagnostic);

}  // namespace opmon::config
