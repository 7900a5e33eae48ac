#pragma once
// Config diagnostics: what a project or definitions file got wrong, where
// (file, line, column, config path), and what was expected. They are response
// data, not a Status: one call reports every problem at once.

#include <string>
#include <vector>

namespace opmon::config {

enum class Severity { kError, kWarning };

// A place in a source file. Lines and columns count from 1; 0 means unknown
// (e.g. a default that comes from no file).
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
  // Dotted config path of the value ("metrics.gc_ms.statistics.percentile");
  // list elements as "project.metrics[2]".
  std::string path;
  bool operator==(const SourceLocation&) const = default;
};

// A value read from a file and where it was written, so a later check can
// point its diagnostic at it.
template <typename T>
struct Located {
  T value{};
  SourceLocation location;
};

struct Diagnostic {
  Severity severity = Severity::kError;
  SourceLocation location;
  // What is wrong and what was expected, without the path; may end with
  // `did you mean "x"?`.
  std::string message;
  bool operator==(const Diagnostic&) const = default;
};

// Compiler style: `file:line:col: error: path: message` (`warning:` for
// warnings; line/col and path left out when unknown).
std::string FormatDiagnostic(const Diagnostic& diagnostic);

// True if any diagnostic is an error.
bool HasErrors(const std::vector<Diagnostic>& diagnostics);

// Sorts by file, line, column, then path and message, and drops exact
// duplicates, so output is stable whatever order the checks ran in.
void SortDiagnostics(std::vector<Diagnostic>& diagnostics);

// Collects diagnostics; not thread-safe.
class DiagnosticSink {
 public:
  void Error(const SourceLocation& location, std::string message);
  void Warning(const SourceLocation& location, std::string message);
  void Add(Diagnostic diagnostic) { diagnostics_.push_back(std::move(diagnostic)); }
  bool has_errors() const { return HasErrors(diagnostics_); }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  std::vector<Diagnostic> Take() { return std::move(diagnostics_); }

 private:
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace opmon::config
