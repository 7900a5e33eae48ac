#pragma once
// Publishes a generated tree into a directory that readers (a git sync job,
// a Looker deploy) may be reading at any moment: the files are written into
// a fresh directory next to it, then a symlink at `output_dir` is renamed
// over the old one (rename(2) is atomic), so a reader sees the old tree or
// the new one, never half of either. The previous tree is kept (a reader may
// still be inside it); older ones are removed.
//
//   <output_dir>            symlink → <output_dir>.trees/<generation>
//   <output_dir>.trees/     the current and the previous published tree

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "services/lookml/domain/lookml_input.h"

namespace opmon::lookml {

// FailedPrecondition naming --output-dir when `output_dir` exists and is not
// a symlink (opmon-lookml never replaces a real directory); Internal on a
// file-system failure (message names the path).
absl::Status PublishTree(const std::string& output_dir, const std::vector<GeneratedFile>& files);

}  // namespace opmon::lookml
