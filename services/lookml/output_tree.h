#pragma once
// Publishes a generated tree into a directory that readers (a git sync job,
// a Looker deploy) may be reading at any moment: the files are written into
// a staging directory next to it, renamed to a generation once complete, then
// a symlink at `output_dir` is renamed over the old one (rename(2) is
// atomic), so a reader sees the old tree or the new one, never half of
// either. The previous tree is kept (a reader may still be inside it); older
// ones are removed.
//
//   <output_dir>            symlink → <output_dir>.trees/<generation>
//   <output_dir>.trees/     the current and the previous published tree
//                           (and, while one is written, .staging-* dirs)
//   <output_dir>.published  the change fingerprint of the current tree
//   <output_dir>.lock       flock(2)ed by the replica that regenerates
//
// Several replicas may keep one output directory (a shared volume): each
// regenerates under OutputLock, reads the fingerprint published by any of
// them, and skips a state that is already published.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/lookml/domain/lookml_input.h"

namespace opmon::lookml {

// An exclusive flock(2) on <output_dir>.lock, held until destruction: the
// replicas sharing an output directory regenerate one at a time, so the last
// tree published is generated from the newest state. Blocks while another
// holds it. Internal (naming the file) when it cannot be opened or locked.
class OutputLock {
 public:
  static absl::StatusOr<OutputLock> Acquire(const std::string& output_dir);
  OutputLock(OutputLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  OutputLock& operator=(OutputLock&&) = delete;
  ~OutputLock();

 private:
  explicit OutputLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

// The fingerprint recorded by the last PublishTree into `output_dir`; empty
// when there is none (or it cannot be read).
std::string PublishedFingerprint(const std::string& output_dir);

// Publishes `files` as the new tree and records `fingerprint` with it.
// FailedPrecondition naming --output-dir when `output_dir` exists and is not
// a symlink (opmon-lookml never replaces a real directory); Internal on a
// file-system failure (message names the path).
absl::Status PublishTree(const std::string& output_dir, const std::vector<GeneratedFile>& files,
                         const std::string& fingerprint);

}  // namespace opmon::lookml
