#pragma once
// The outcome of validating one project file (ValidateProject): what it got
// wrong, and the resolved project when it resolved.

#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "services/config/domain/diagnostic.h"

namespace opmon::config {

struct FileValidationResult {
  std::string path;
  std::string slug;
  std::vector<Diagnostic> diagnostics;
  std::string resolved_json;  // canonical JSON when the file resolved
  std::optional<absl::CivilDay> start_date;  // the resolved project's, if any
};

}  // namespace opmon::config
