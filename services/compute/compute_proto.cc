#include "services/compute/compute_proto.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "common/status/status_macros.h"
#include "common/time/civil_day.h"

namespace opmon::compute {

absl::Status ValidateSlug(const std::string& slug, std::string_view field) {
  if (slug.empty()) return absl::InvalidArgumentError(absl::StrCat(std::string(field), ": required"));
  if (slug.size() > 200) {
    return absl::InvalidArgumentError(absl::StrCat(std::string(field), ": \"", slug.substr(0, 40), "...\" is too long"));
  }
  return absl::OkStatus();
}

absl::StatusOr<absl::CivilDay> ParseDate(const std::string& text, std::string_view field) {
  if (text.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(std::string(field), ": required (YYYY-MM-DD)"));
  }
  return time::ParseCivilDay(text, field);
}

absl::StatusOr<std::pair<absl::CivilDay, absl::CivilDay>> ParseRange(const v1::BackfillRequest& request) {
  auto from = ParseDate(request.from_date(), "from_date");
  if (!from.ok()) return from.status();
  auto to = ParseDate(request.to_date(), "to_date");
  if (!to.ok()) return to.status();
  if (*to < *from) {
    return absl::InvalidArgumentError(
        absl::StrCat("to_date: ", request.to_date(), " is before from_date ", request.from_date()));
  }
  if (*to - *from >= kMaxBackfillDays) {
    return absl::InvalidArgumentError(absl::StrCat("to_date: the range ", request.from_date(), "..",
                                                   request.to_date(), " is longer than ", kMaxBackfillDays, " days"));
  }
  return std::make_pair(*from, *to);
}

DateCheck DateCheckOf(bool force) { return force ? DateCheck::kForced : DateCheck::kEnforce; }

absl::StatusOr<double> SamplePercent(double requested) {
  if (requested == 0) return 1.0;
  if (!(requested > 0 && requested <= 100)) {
    return absl::InvalidArgumentError(absl::StrCat("sample_percent: ", requested, " is not in (0, 100]"));
  }
  return requested;
}

absl::StatusOr<int> ListLimit(int32_t requested) {
  if (requested == 0) return 100;
  if (requested < 0 || requested > 10000) {
    return absl::InvalidArgumentError(absl::StrCat("limit: ", requested, " is not in 1..10000"));
  }
  return requested;
}

absl::Status ValidateJobId(int64_t id) {
  if (id <= 0) return absl::InvalidArgumentError(absl::StrCat("id: ", id, " is not a job id (positive)"));
  return absl::OkStatus();
}

absl::StatusOr<std::optional<JobState>> FromProto(v1::JobState state) {
  switch (state) {
    case v1::JOB_STATE_UNSPECIFIED: return std::optional<JobState>();
    case v1::JOB_STATE_QUEUED: return std::optional<JobState>(JobState::kQueued);
    case v1::JOB_STATE_RUNNING: return std::optional<JobState>(JobState::kRunning);
    case v1::JOB_STATE_SUCCEEDED: return std::optional<JobState>(JobState::kSucceeded);
    case v1::JOB_STATE_FAILED: return std::optional<JobState>(JobState::kFailed);
    case v1::JOB_STATE_CANCELLED: return std::optional<JobState>(JobState::kCancelled);
    default: break;
  }
  return absl::InvalidArgumentError(absl::StrCat("state: ", static_cast<int>(state), " is not a JobState"));
}

absl::StatusOr<LegacyImportRequest> FromProto(const v1::ImportLegacyAggregatesRequest& request) {
  LegacyImportRequest out;
  switch (request.source_case()) {
    case v1::ImportLegacyAggregatesRequest::kDatabaseUrl:
      if (request.database_url().empty()) return absl::InvalidArgumentError("database_url: empty");
      out.source = {legacy::LegacyImportSource::Kind::kDatabase, request.database_url()};
      break;
    case v1::ImportLegacyAggregatesRequest::kDumpDirectory:
      // Read by the service, whose working directory means nothing to the caller.
      if (request.dump_directory().empty() || request.dump_directory().front() != '/') {
        return absl::InvalidArgumentError(
            absl::StrCat("dump_directory: \"", request.dump_directory(), "\" is not an absolute path"));
      }
      out.source = {legacy::LegacyImportSource::Kind::kDumpDirectory, request.dump_directory()};
      break;
    default: return absl::InvalidArgumentError("source: set database_url or dump_directory");
  }
  if (!request.aggregate_type().empty()) {
    out.filter.type = opmon::legacy::ParseAggregateType(request.aggregate_type());
    if (!out.filter.type) {
      return absl::InvalidArgumentError(
          absl::StrCat("aggregate_type: \"", request.aggregate_type(), "\" is not build_id|submission_date"));
    }
  }
  if (!request.from_date().empty()) {
    OPMON_ASSIGN_OR_RETURN(out.filter.from, ParseDate(request.from_date(), "from_date"));
  }
  if (!request.to_date().empty()) {
    OPMON_ASSIGN_OR_RETURN(out.filter.to, ParseDate(request.to_date(), "to_date"));
  }
  if (out.filter.from && out.filter.to && *out.filter.from > *out.filter.to) {
    return absl::InvalidArgumentError(
        absl::StrCat("from_date: ", request.from_date(), " is after to_date ", request.to_date()));
  }
  return out;
}

v1::JobState ToProto(JobState state) {
  switch (state) {
    case JobState::kQueued: return v1::JOB_STATE_QUEUED;
    case JobState::kRunning: return v1::JOB_STATE_RUNNING;
    case JobState::kSucceeded: return v1::JOB_STATE_SUCCEEDED;
    case JobState::kFailed: return v1::JOB_STATE_FAILED;
    case JobState::kCancelled: return v1::JOB_STATE_CANCELLED;
  }
  return v1::JOB_STATE_UNSPECIFIED;
}

void ToProto(const JobProgress& progress, int64_t job_id, JobState state, v1::JobProgress& out) {
  out.set_job_id(job_id);
  out.set_state(ToProto(state));
  out.set_phase(std::string(compute::JobPhaseName(progress.phase)));
  out.set_rows_read(progress.rows_read);
  out.set_clients(progress.clients);
  out.set_groups(progress.groups);
  out.set_statistics_rows(progress.statistics_rows);
  out.set_bytes_read(progress.bytes_read);
  out.set_tables(progress.tables);
  out.set_tables_total(progress.tables_total);
}

void ToProto(const Job& job, v1::Job& out) {
  out.set_id(job.id);
  out.set_slug(job.slug);
  out.set_date(absl::FormatCivilTime(job.day));
  out.set_state(ToProto(job.state));
  out.set_created_at(job.created_at);
  out.set_started_at(job.started_at);
  out.set_finished_at(job.finished_at);
  out.set_worker(job.worker);
  out.set_error(job.error);
  out.set_project_version(job.project_version);
  ToProto(job.progress, job.id, job.state, *out.mutable_progress());
  for (const MalformedCount& m : job.malformed) {
    auto* item = out.add_malformed();
    item->set_metric(m.metric);
    item->set_count(m.count);
    for (const std::string& s : m.samples) item->add_samples(s);
  }
  out.set_attempts(job.attempts);
  out.set_next_attempt_at(job.next_attempt_at);
}

void ToProto(const PreviewResult& preview, v1::PreviewResponse& out) {
  for (const PreviewRow& r : preview.rows) {
    v1::StatisticRow* row = out.add_rows();
    row->set_submission_date(r.key.submission_date);
    row->set_build_id(r.key.build_id.value_or(""));
    for (size_t i = 0; i < preview.dimensions.size() && i < r.key.dimensions.size(); ++i) {
      auto* d = row->add_dimensions();
      d->set_name(preview.dimensions[i]);
      d->set_value(r.key.dimensions[i].value_or(""));
    }
    row->set_branch(r.key.branch);
    row->set_metric(r.metric);
    row->set_statistic(std::string(ToString(r.row.statistic)));
    row->set_parameter(r.row.parameter.text());
    if (!std::isnan(r.row.point)) row->set_point(r.row.point);
    if (!std::isnan(r.row.lower)) row->set_lower(r.row.lower);
    if (!std::isnan(r.row.upper)) row->set_upper(r.row.upper);
  }
  out.set_clients(preview.clients);
  out.set_rows_read(preview.rows_read);
}

void ToProto(const DryRunReport& report, v1::DryRunResponse& out) {
  for (const DryRunStatement& s : report.statements) {
    auto* item = out.add_statements();
    item->set_purpose(s.purpose);
    item->set_sql(s.sql);
    item->set_explain_error(s.explain_error);
    item->set_config_path(s.config_path);
  }
  out.set_ok(report.ok);
}

absl::StatusOr<kernels::PercentileCiRequest> FromProto(const v1::ComputePercentileCIRequest& request) {
  kernels::PercentileCiRequest out;
  if (request.histogram_size() == 0) {
    return absl::InvalidArgumentError("histogram: at least one [key, value] entry is required");
  }
  for (int i = 0; i < request.histogram_size(); ++i) {
    const auto& e = request.histogram(i);
    if (!std::isfinite(e.key()) || !std::isfinite(e.value()) || e.value() < 0) {
      return absl::InvalidArgumentError(absl::StrCat("histogram[", i, "]: [", e.key(), ", ", e.value(),
                                                     "] needs a finite key and a finite, non-negative value"));
    }
    out.histogram.push_back({e.key(), e.value()});
  }
  if (request.percentiles_size() == 0) {
    out.percentiles = {50, 90, 99};
  } else {
    for (int i = 0; i < request.percentiles_size(); ++i) {
      double p = request.percentiles(i);
      if (!(p >= 0 && p <= 100)) {
        return absl::InvalidArgumentError(absl::StrCat("percentiles[", i, "]: ", p, " is not in 0..100"));
      }
      out.percentiles.push_back(p);
    }
  }
  switch (request.method()) {
    case v1::PERCENTILE_METHOD_UNSPECIFIED:
    case v1::PERCENTILE_METHOD_BINOMIAL: out.method = CiMethod::kBinomial; break;
    case v1::PERCENTILE_METHOD_JACKKNIFE: out.method = CiMethod::kJackknife; break;
    case v1::PERCENTILE_METHOD_BOOTSTRAP: out.method = CiMethod::kBootstrap; break;
    case v1::PERCENTILE_METHOD_BLOCK_JACKKNIFE: out.method = CiMethod::kBlockJackknife; break;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("method: ", static_cast<int>(request.method()), " is not a PercentileMethod"));
  }
  if (request.has_seed()) out.seed = request.seed();
  if (request.has_blocks()) {
    if (request.blocks() < 2 || request.blocks() > 1000) {
      return absl::InvalidArgumentError(absl::StrCat("blocks: ", request.blocks(), " is not in 2..1000"));
    }
    out.blocks = request.blocks();
  }
  if (request.has_clients()) {
    if (request.clients() < 1) {
      return absl::InvalidArgumentError(absl::StrCat("clients: ", request.clients(), " is not positive"));
    }
    out.clients = request.clients();
  }
  return out;
}

void ToProto(const std::vector<kernels::PercentileCiRow>& rows, v1::ComputePercentileCIResponse& out) {
  for (const auto& r : rows) {
    auto* row = out.add_rows();
    row->set_parameter(r.percentile);
    row->set_point(r.point);
    row->set_lower(r.lower);
    row->set_upper(r.upper);
  }
}

}  // namespace opmon::compute
