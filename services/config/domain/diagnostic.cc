#include "services/config/domain/diagnostic.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace opmon::config {

std::string FormatDiagnostic(const Diagnostic& d) {
  std::string out = d.location.file.empty() ? "<input>" : d.location.file;
  if (d.location.line > 0) {
    absl::StrAppend(&out, ":", d.location.line, ":", std::max(d.location.column, 1));
  }
  absl::StrAppend(&out, d.severity == Severity::kError ? ": error: " : ": warning: ");
  if (!d.location.path.empty()) absl::StrAppend(&out, d.location.path, ": ");
  absl::StrAppend(&out, d.message);
  return out;
}

bool HasErrors(const std::vector<Diagnostic>& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

void SortDiagnostics(std::vector<Diagnostic>& diagnostics) {
  auto key = [](const Diagnostic& d) {
    return std::tie(d.location.file, d.location.line, d.location.column, d.location.path,
                    d.message);
  };
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  diagnostics.erase(std::unique(diagnostics.begin(), diagnostics.end()), diagnostics.end());
}

void DiagnosticSink::Error(const SourceLocation& location, std::string message) {
  diagnostics_.push_back({Severity::kError, location, std::move(message)});
}

void DiagnosticSink::Warning(const SourceLocation& location, std::string message) {
  diagnostics_.push_back({Severity::kWarning, location, std::move(message)});
}

}  // namespace opmon::config
