#pragma once
// The Markdown key reference of the project language, rendered from the
// schema table (schema.h). docs/config-reference.md is this output; a unit
// test fails when the committed file is stale. Regenerate with
//   build/services/config/domain/opmon_config_reference_gen docs/config-reference.md

#include <string>

namespace opmon::config {

// Deterministic; ends with a newline.
std::string RenderConfigReferenceMarkdown();

}  // namespace opmon::config
