#pragma once
// Whole-file replacement that readers never see half done: the content goes
// to a temporary file in the same directory, which is then renamed over the
// target (rename(2) is atomic within a file system).

#include <string>

#include "absl/status/status.h"

namespace opmon::files {

// Replaces `path` with `content`. Internal naming the path on a file-system
// failure (the temporary file is removed). Safe to call from several threads
// for different paths.
absl::Status WriteFileAtomically(const std::string& path, const std::string& content);

}  // namespace opmon::files
