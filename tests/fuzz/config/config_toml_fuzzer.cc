// libFuzzer target: arbitrary bytes as a TOML project file and as a TOML
// definitions file, through the whole pipeline (front end, schema check,
// layering, resolution). Must never crash, hang or leak.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "services/config/domain/definitions.h"
#include "services/config/domain/validate_and_resolve.h"

namespace opmon::config {
namespace {

void Run(const std::string& text) {
  const SourceFile file{"fuzz.toml", text, SourceFormat::kToml};
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

}  // namespace
}  // namespace opmon::config

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  opmon::config::Run(std::string(reinterpret_cast<const char*>(data), size));
  return 0;
}
