#pragma once
// The entry point of the project language: parse a project file (YAML or
// TOML), check it against the schema, layer the platform definitions and
// defaults under it, take omitted experiment metadata from the registry, and
// resolve every reference into a ResolvedProject (common/config/project.h).
//
//   ResolveResult r = ValidateAndResolve(file, definitions, experiments, {});
//   for (const Diagnostic& d : r.diagnostics) std::cerr << FormatDiagnostic(d) << "\n";
//   if (r.project) Store(ToCanonicalJson(*r.project));
//
// Pure: no I/O, no clock; safe to call from many threads at once.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/config/experiment.h"
#include "common/config/project.h"
#include "services/config/domain/definitions.h"
#include "services/config/domain/diagnostic.h"
#include "services/config/domain/front_end.h"
#include "services/config/domain/schema_validator.h"

namespace opmon::config {

struct ResolveOptions {
  ValidationMode mode = ValidationMode::kStrict;
  // The project slug; empty means the file name without extension (as in
  // metric-hub). It selects the experiments registry entry and names the
  // results tables.
  std::string slug;
  // Slugs of the other stored projects: a slug mapping to the same results
  // table name as one of them is rejected.
  std::vector<std::string> other_project_slugs;
};

struct ResolveResult {
  std::vector<Diagnostic> diagnostics;  // sorted by file, line, column
  std::optional<ResolvedProject> project;  // set iff no diagnostic is an error
  bool ok() const { return project.has_value(); }
};

// `definitions`: every stored definitions/defaults file (any platform; the
// ones for the project's platform are layered in the order given, functions
// come from all). `experiments`: the registry.
ResolveResult ValidateAndResolve(const SourceFile& project_file,
                                 std::span<const PlatformDefinitions> definitions,
                                 std::span<const Experiment> experiments,
                                 const ResolveOptions& options);

}  // namespace opmon::config
