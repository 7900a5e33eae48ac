#include "services/config/config_proto.h"

#include <set>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/log/url_redaction.h"
#include "common/status/status_macros.h"
#include "common/time/civil_day.h"
#include "common/utf8/utf8_check.h"
#include "services/config/domain/definitions.h"

namespace opmon::config {
namespace {

absl::Status Invalid(absl::string_view field, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", what));
}

absl::Status CheckVersion(int64_t version) {
  if (version < 0) return Invalid("version", absl::StrCat(version, " is negative; use 0 for the latest"));
  return absl::OkStatus();
}

// The "did you mean" candidate at the end of a message, if any.
std::string SuggestionOf(absl::string_view message) {
  constexpr absl::string_view kMarker = "did you mean \"";
  const size_t at = message.rfind(kMarker);
  if (at == absl::string_view::npos) return "";
  const size_t start = at + kMarker.size();
  const size_t end = message.find('"', start);
  if (end == absl::string_view::npos) return "";
  return std::string(message.substr(start, end - start));
}

}  // namespace

absl::StatusOr<SourceFile> FromProto(const v1::SourceFile& file, const std::string& field) {
  OPMON_RETURN_IF_ERROR(utf8::CheckUtf8(file.content(), absl::StrCat(field, ".content of ", file.path())));
  SourceFile out;
  out.path = file.path();
  out.text = file.content();
  switch (file.format()) {
    case v1::SourceFile::FORMAT_UNSPECIFIED: out.format = SourceFormat::kAuto; break;
    case v1::SourceFile::FORMAT_YAML: out.format = SourceFormat::kYaml; break;
    case v1::SourceFile::FORMAT_TOML: out.format = SourceFormat::kToml; break;
    default:
      return Invalid(absl::StrCat(field, ".format"),
                     absl::StrCat(static_cast<int>(file.format()), " is not FORMAT_YAML or FORMAT_TOML"));
  }
  // The format is fixed now, so a stored file reads back the same way.
  if (out.format == SourceFormat::kAuto) out.format = DetectFormat(out.path);
  return out;
}

absl::StatusOr<ValidationMode> FromProto(v1::ValidationMode mode, const std::string& field) {
  switch (mode) {
    case v1::VALIDATION_MODE_UNSPECIFIED:
    case v1::VALIDATION_MODE_STRICT: return ValidationMode::kStrict;
    case v1::VALIDATION_MODE_COMPAT: return ValidationMode::kCompat;
    default:
      return Invalid(field, absl::StrCat(static_cast<int>(mode),
                                         " is not VALIDATION_MODE_STRICT or VALIDATION_MODE_COMPAT"));
  }
}

v1::SourceFile::Format ToProtoFormat(SourceFormat format) {
  switch (format) {
    case SourceFormat::kYaml: return v1::SourceFile::FORMAT_YAML;
    case SourceFormat::kToml: return v1::SourceFile::FORMAT_TOML;
    case SourceFormat::kAuto: return v1::SourceFile::FORMAT_UNSPECIFIED;
  }
  return v1::SourceFile::FORMAT_UNSPECIFIED;
}

absl::StatusOr<ValidateRequestInput> ParseRequest(const v1::ValidateProjectRequest& request) {
  ValidateRequestInput out;
  if (request.files_size() == 0) return Invalid("files", "at least one file is required");
  for (int i = 0; i < request.files_size(); ++i) {
    const std::string field = absl::StrCat("files[", i, "]");
    if (request.files(i).path().empty()) {
      return Invalid(absl::StrCat(field, ".path"),
                     "is empty; it names the file in diagnostics and gives the project slug");
    }
    OPMON_ASSIGN_OR_RETURN(SourceFile file, FromProto(request.files(i), field));
    out.files.push_back(std::move(file));
  }
  OPMON_ASSIGN_OR_RETURN(out.mode, FromProto(request.mode(), "mode"));
  out.dry_run = request.dry_run();
  if (!request.dry_run_date().empty()) {
    if (!out.dry_run) return Invalid("dry_run_date", "is set but dry_run is false; it is the day a dry run plans for");
    OPMON_ASSIGN_OR_RETURN(out.dry_run_date, time::ParseCivilDay(request.dry_run_date(), "dry_run_date"));
  }
  return out;
}

absl::StatusOr<ProjectApplyInput> ParseRequest(const v1::ApplyProjectRequest& request) {
  ProjectApplyInput out;
  if (!request.has_file()) return Invalid("file", "is required (path and content of the project file)");
  OPMON_ASSIGN_OR_RETURN(out.file, FromProto(request.file(), "file"));
  OPMON_ASSIGN_OR_RETURN(out.mode, FromProto(request.mode(), "mode"));
  out.message = request.message();
  if (!request.slug().empty()) {
    OPMON_RETURN_IF_ERROR(CheckStorageName("slug", request.slug()));
    out.slug = request.slug();
  } else if (out.file.path.empty()) {
    return Invalid("slug", "is empty and file.path is empty, so there is no file name to take it from");
  } else {
    OPMON_RETURN_IF_ERROR(CheckStorageName("slug (from file.path)", FileStem(out.file.path)));
  }
  return out;
}

absl::StatusOr<ProjectRef> ParseRequest(const v1::GetProjectRequest& request) {
  OPMON_RETURN_IF_ERROR(CheckStorageName("slug", request.slug()));
  OPMON_RETURN_IF_ERROR(CheckVersion(request.version()));
  return ProjectRef{request.slug(), request.version()};
}

absl::StatusOr<std::string> ParseRequest(const v1::GetProjectHistoryRequest& request) {
  OPMON_RETURN_IF_ERROR(CheckStorageName("slug", request.slug()));
  return request.slug();
}

absl::StatusOr<DeleteRequestInput> ParseRequest(const v1::DeleteProjectRequest& request) {
  OPMON_RETURN_IF_ERROR(CheckStorageName("slug", request.slug()));
  return DeleteRequestInput{request.slug(), request.message()};
}

absl::StatusOr<DefinitionsApplyInput> ParseRequest(const v1::ApplyDefinitionsRequest& request) {
  DefinitionsApplyInput out;
  if (!request.platform().empty()) OPMON_RETURN_IF_ERROR(CheckStorageName("platform", request.platform()));
  out.name = request.platform();
  if (!request.has_file()) return Invalid("file", "is required (path and content of the definitions file)");
  if (request.file().path().empty()) {
    return Invalid("file.path", "is empty; without a top-level `platform` the file name names the platform");
  }
  OPMON_ASSIGN_OR_RETURN(out.file, FromProto(request.file(), "file"));
  OPMON_ASSIGN_OR_RETURN(out.mode, FromProto(request.mode(), "mode"));
  return out;
}

absl::StatusOr<std::string> ParseRequest(const v1::GetDefinitionsRequest& request) {
  OPMON_RETURN_IF_ERROR(CheckStorageName("platform", request.platform()));
  return request.platform();
}

absl::StatusOr<RegisteredExperiment> ParseRequest(const v1::PutExperimentRequest& request) {
  if (!request.has_experiment()) return Invalid("experiment", "is required");
  const v1::Experiment& in = request.experiment();
  RegisteredExperiment out;
  Experiment& e = out.experiment;
  OPMON_RETURN_IF_ERROR(CheckStorageName("experiment.slug", in.slug()));
  e.slug = in.slug();
  out.name = in.name();
  if (!in.platform().empty()) {
    OPMON_RETURN_IF_ERROR(CheckStorageName("experiment.platform", in.platform()));
    e.app_name = in.platform();
  }
  if (!in.start_date().empty()) {
    OPMON_ASSIGN_OR_RETURN(e.start_date, time::ParseCivilDay(in.start_date(), "experiment.start_date"));
  }
  if (!in.end_date().empty()) {
    OPMON_ASSIGN_OR_RETURN(e.end_date, time::ParseCivilDay(in.end_date(), "experiment.end_date"));
  }
  if (e.start_date && e.end_date && *e.end_date < *e.start_date) {
    return Invalid("experiment.end_date", absl::StrCat("\"", in.end_date(), "\" is before start_date \"",
                                                       in.start_date(), "\""));
  }
  e.is_rollout = in.is_rollout();
  std::set<std::string> seen;
  for (int i = 0; i < in.branches_size(); ++i) {
    const std::string field = absl::StrCat("experiment.branches[", i, "]");
    if (in.branches(i).empty()) return Invalid(field, "is empty");
    if (!seen.insert(in.branches(i)).second) {
      return Invalid(field, absl::StrCat("\"", in.branches(i), "\" is listed twice"));
    }
    e.branches.push_back(in.branches(i));
  }
  if (in.ratios_size() > 0 && in.ratios_size() != in.branches_size()) {
    return Invalid("experiment.ratios", absl::StrCat("has ", in.ratios_size(), " ratios for ", in.branches_size(),
                                                     " branches; give one per branch, or none for equal ratios"));
  }
  for (int i = 0; i < in.ratios_size(); ++i) {
    if (in.ratios(i) <= 0) {
      return Invalid(absl::StrCat("experiment.ratios[", i, "]"), absl::StrCat(in.ratios(i), " is not positive"));
    }
    out.ratios.push_back(in.ratios(i));
  }
  e.reference_branch = in.reference_branch().empty() ? "control" : in.reference_branch();
  if (!e.branches.empty() && seen.count(e.reference_branch) == 0) {
    return Invalid("experiment.reference_branch",
                   absl::StrCat("\"", e.reference_branch, "\" is not one of the branches [",
                                absl::StrJoin(e.branches, ", "), "]"));
  }
  return out;
}

absl::StatusOr<std::string> ParseRequest(const v1::ListExperimentsRequest& request) {
  if (!request.platform().empty()) OPMON_RETURN_IF_ERROR(CheckStorageName("platform", request.platform()));
  return request.platform();
}

absl::StatusOr<int64_t> ParseRequest(const v1::WatchProjectsRequest& request) {
  if (request.after_change_id() < 0) {
    return Invalid("after_change_id",
                   absl::StrCat(request.after_change_id(), " is negative; use 0 for changes from now on"));
  }
  return request.after_change_id();
}

void ToProto(const Diagnostic& d, v1::Diagnostic* out) {
  out->set_severity(d.severity == Severity::kError ? v1::Diagnostic::SEVERITY_ERROR
                                                   : v1::Diagnostic::SEVERITY_WARNING);
  out->set_file(d.location.file);
  out->set_line(d.location.line);
  out->set_column(d.location.column);
  out->set_path(d.location.path);
  out->set_message(d.message);
  out->set_suggestion(SuggestionOf(d.message));
}

Diagnostic FromProto(const v1::Diagnostic& d) {
  Diagnostic out;
  out.severity = d.severity() == v1::Diagnostic::SEVERITY_WARNING ? Severity::kWarning : Severity::kError;
  out.location = {d.file(), d.line(), d.column(), d.path()};
  out.message = d.message();
  return out;
}

void ToProto(const SourceFile& file, v1::SourceFile* out) {
  out->set_path(file.path);
  out->set_content(file.text);
  out->set_format(ToProtoFormat(file.format));
}

void ToProto(const StoredProjectVersion& v, v1::ProjectVersion* out) {
  out->set_slug(v.slug);
  out->set_version(v.version);
  out->set_content_hash(v.content_hash);
  out->set_created_at(v.created_at);
  out->set_message(v.message);
  if (!v.source.path.empty() || !v.source.text.empty()) ToProto(v.source, out->mutable_source());
  // Webhook URLs may carry tokens: nobody reads them back through the API
  // (the statistics service reads its webhook URLs from the database).
  const std::string source = log::RedactUrlCredentials(v.source.text);
  const std::string resolved = log::RedactUrlCredentials(v.resolved_json);
  out->set_redacted(source != v.source.text || resolved != v.resolved_json);
  if (out->has_source()) out->mutable_source()->set_content(source);
  out->set_resolved_json(resolved);
  out->set_deleted(v.deleted);
}

void ToProto(const StoredProjectSummary& s, v1::ProjectSummary* out) {
  out->set_slug(s.slug);
  out->set_name(s.name);
  out->set_platform(s.platform);
  out->set_version(s.version);
  out->set_updated_at(s.updated_at);
  out->set_start_date(s.start_date);
  out->set_end_date(s.end_date);
  out->set_deleted(s.deleted);
}

void ToProto(const RegisteredExperiment& entry, v1::Experiment* out) {
  const Experiment& e = entry.experiment;
  out->set_slug(e.slug);
  out->set_platform(e.app_name);
  out->set_start_date(e.start_date ? time::FormatCivilDay(*e.start_date) : "");
  out->set_end_date(e.end_date ? time::FormatCivilDay(*e.end_date) : "");
  out->set_reference_branch(e.reference_branch);
  out->set_is_rollout(e.is_rollout);
  for (const std::string& b : e.branches) out->add_branches(b);
  for (int r : entry.ratios) out->add_ratios(r);
  out->set_name(entry.name);
}

void ToProto(const ProjectChangeRecord& change, v1::ProjectChange* out) {
  out->set_change_id(change.change_id);
  switch (change.kind) {
    case ChangeKind::kApplied: out->set_kind(v1::ProjectChange::KIND_APPLIED); break;
    case ChangeKind::kDeleted: out->set_kind(v1::ProjectChange::KIND_DELETED); break;
    case ChangeKind::kDefinitionsApplied: out->set_kind(v1::ProjectChange::KIND_DEFINITIONS_APPLIED); break;
  }
  out->set_slug(change.slug);
  out->set_version(change.version);
  out->set_changed_at(change.changed_at);
}

void ToProto(const std::vector<FileValidationResult>& files, v1::ValidateProjectResponse* out) {
  bool ok = true;
  for (const FileValidationResult& r : files) {
    v1::FileValidation* file = out->add_files();
    file->set_path(r.path);
    file->set_slug(r.slug);
    for (const Diagnostic& d : r.diagnostics) {
      ToProto(d, file->add_diagnostics());
      ok = ok && d.severity != Severity::kError;
    }
    file->set_resolved_json(r.resolved_json);
  }
  out->set_ok(ok);
}

void ToProto(const DefinitionsApplyResult& result, v1::ApplyDefinitionsResponse* out) {
  out->set_version(result.outcome.version);
  out->set_changed(result.outcome.changed);
  for (const Diagnostic& d : result.diagnostics) ToProto(d, out->add_diagnostics());
  for (const ReResolvedVersion& p : result.re_resolved) {
    v1::ReResolvedProject* item = out->add_re_resolved();
    item->set_slug(p.slug);
    item->set_version(p.version);
    for (const std::string& line : p.diff_summary) item->add_diff_summary(line);
  }
}

}  // namespace opmon::config
