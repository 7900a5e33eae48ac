#pragma once
// What both config fuzzers run: arbitrary bytes as a definitions file and as
// a project file, through the whole pipeline (front end, schema check,
// layering, resolution), in strict and compat mode. Must never crash, hang
// or leak.

#include <vector>

#include "services/config/domain/definitions.h"
#include "services/config/domain/validate_and_resolve.h"

namespace opmon::config::fuzz {

inline void RunPipeline(const SourceFile& file) {
  std::vector<PlatformDefinitions> definitions;
  ParseDefinitionsResult defs = ParseDefinitions(file, ValidationMode::kCompat);
  if (defs.definitions) definitions.push_back(*defs.definitions);
  for (ValidationMode mode : {ValidationMode::kStrict, ValidationMode::kCompat}) {
    ResolveOptions options;
    options.mode = mode;
    ResolveResult result = ValidateAndResolve(file, definitions, {}, options);
    for (const Diagnostic& d : result.diagnostics) (void)FormatDiagnostic(d);
  }
}

}  // namespace opmon::config::fuzz
