#include "services/config/domain/sql_dry_run.h"

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "services/config/domain/config_path_locator.h"

namespace opmon::config {
namespace {

// libpq's text: "ERROR:  msg\nLINE 3: ...\n   ^\nHINT:  ...". The LINE and
// caret point into generated SQL, not the file, so only the message and the
// hint are kept.
std::string PostgresMessage(std::string_view error) {
  std::string message;
  std::string hint;
  for (absl::string_view line : absl::StrSplit(absl::string_view(error.data(), error.size()), '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    if (message.empty()) {
      absl::ConsumePrefix(&line, "ERROR:");
      message = std::string(absl::StripAsciiWhitespace(line));
    } else if (absl::ConsumePrefix(&line, "HINT:")) {
      hint = std::string(absl::StripAsciiWhitespace(line));
    }
  }
  return hint.empty() ? message : absl::StrCat(message, " (hint: ", hint, ")");
}

bool IsConfigPathStart(absl::string_view text) {
  for (absl::string_view section : {"project.", "metrics.", "data_sources.", "dimensions."}) {
    if (absl::StartsWith(text, section)) return true;
  }
  return false;
}

// The state of one DryRunValidatedFiles call, shared with the runner's
// callbacks; the last one to finish answers.
struct Batch {
  std::vector<FileValidationResult> validated;
  std::vector<SourceFile> sources;
  DryRunDone done;
  absl::Mutex mu;
  size_t pending ABSL_GUARDED_BY(mu) = 0;
  std::vector<absl::Status> failures ABSL_GUARDED_BY(mu);  // by file index; ok when none

  void Finish(size_t index, absl::StatusOr<std::vector<SqlStatementCheck>> checks) {
    const SourceFile& file = sources[index];
    std::vector<Diagnostic> found;
    absl::Status failure;
    if (checks.ok()) {
      found = ExplainDiagnostics(file, *checks);
    } else if (std::optional<Diagnostic> d = GenerationDiagnostic(file, checks.status())) {
      found.push_back(*std::move(d));
    } else {
      failure = absl::Status(checks.status().code(),
                             absl::StrCat("dry run of ", file.path, ": ", checks.status().message()));
    }
    bool last = false;
    {
      absl::MutexLock lock(&mu);
      std::vector<Diagnostic>& diagnostics = validated[index].diagnostics;
      diagnostics.insert(diagnostics.end(), found.begin(), found.end());
      SortDiagnostics(diagnostics);
      failures[index] = std::move(failure);
      last = --pending == 0;
    }
    if (last) Answer();
  }

  // Called once, after every callback has run.
  void Answer() {
    std::vector<absl::Status> seen;
    {
      absl::MutexLock lock(&mu);
      seen = failures;
    }
    for (const absl::Status& s : seen) {
      if (!s.ok()) {
        done(s);
        return;
      }
    }
    done(std::move(validated));
  }
};

}  // namespace

absl::CivilDay DryRunDay(std::optional<absl::CivilDay> requested, std::optional<absl::CivilDay> start_date,
                         absl::CivilDay today) {
  if (requested) return *requested;
  if (start_date) return *start_date > today ? today : *start_date;
  return today - 1;
}

std::vector<Diagnostic> ExplainDiagnostics(const SourceFile& file, std::span<const SqlStatementCheck> checks) {
  std::vector<Diagnostic> out;
  for (const SqlStatementCheck& check : checks) {
    if (check.explain_error.empty()) continue;
    Diagnostic d;
    d.severity = Severity::kError;
    d.location = LocateConfigPath(file, check.config_path);
    d.message = absl::StrCat("dry run: EXPLAIN failed: ", PostgresMessage(check.explain_error));
    out.push_back(std::move(d));
  }
  // The population's error repeats in every statement built on it.
  SortDiagnostics(out);
  return out;
}

std::optional<Diagnostic> GenerationDiagnostic(const SourceFile& file, const absl::Status& status) {
  if (status.code() != absl::StatusCode::kFailedPrecondition) return std::nullopt;
  const absl::string_view message = status.message();
  const size_t colon = message.find(": ");
  if (colon == absl::string_view::npos || !IsConfigPathStart(message)) return std::nullopt;
  const absl::string_view path = message.substr(0, colon);
  if (absl::StrContains(path, ' ')) return std::nullopt;
  Diagnostic d;
  d.severity = Severity::kError;
  d.location = LocateConfigPath(file, std::string_view(path.data(), path.size()));
  d.message = absl::StrCat("dry run: no SQL can be generated: ", message.substr(colon + 2));
  return d;
}

void DryRunValidatedFiles(std::vector<FileValidationResult> validated, std::vector<SourceFile> sources,
                          const DryRunOptions& options, SqlDryRunner& runner, DryRunDone done) {
  auto batch = std::make_shared<Batch>();
  batch->validated = std::move(validated);
  batch->sources = std::move(sources);
  batch->done = std::move(done);
  std::vector<size_t> send;
  for (size_t i = 0; i < batch->validated.size() && i < batch->sources.size(); ++i) {
    const FileValidationResult& r = batch->validated[i];
    if (!r.resolved_json.empty() && !HasErrors(r.diagnostics)) send.push_back(i);
  }
  if (send.empty()) {
    batch->done(std::move(batch->validated));
    return;
  }
  {
    absl::MutexLock lock(&batch->mu);
    batch->pending = send.size();
    batch->failures.assign(batch->validated.size(), absl::OkStatus());
  }
  for (size_t index : send) {
    SqlDryRunRequest request{.file = batch->sources[index],
                             .slug = batch->validated[index].slug,
                             .day = DryRunDay(options.date, batch->validated[index].start_date, options.today),
                             .mode = options.mode,
                             .deadline = options.deadline};
    runner.DryRun(request, [batch, index](absl::StatusOr<std::vector<SqlStatementCheck>> checks) {
      batch->Finish(index, std::move(checks));
    });
  }
}

}  // namespace opmon::config
