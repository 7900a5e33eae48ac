#pragma once
// Checks a parsed file against the schema table (schema.h): types, allowed
// values, dates, ranges and unknown keys, reporting every problem at once.

#include <string_view>

#include "services/config/domain/diagnostic.h"
#include "services/config/domain/document.h"

namespace opmon::config {

// kStrict: unknown keys are errors. kCompat: they are warnings, so real
// metric-hub files with keys opmon does not use still load. Unknown keys of
// closed sections (statistics) are errors in both modes.
enum class ValidationMode { kStrict, kCompat };

// Validates `document.root` as the section with id `section_id` (e.g.
// kProjectFileSection). Returns a cleaned copy of the root: invalid values and
// unknown keys removed, null values removed, YAML plain scalars under string
// keys turned into strings. Later stages read only the cleaned tree, so they
// can trust its types. Required keys are not checked here (layering may supply
// them).
Node ValidateAgainstSchema(const Document& document, std::string_view section_id,
                           ValidationMode mode, DiagnosticSink& sink);

}  // namespace opmon::config
