#pragma once
// A fresh directory for one test's files: <system temp dir>/<prefix>-XXXXXX,
// made by mkdtemp (so mode 0700) and removed with everything in it when the
// object goes, also when the test failed.

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace opmon::testing {

class ScratchDir {
 public:
  // Internal when the directory cannot be made.
  static absl::StatusOr<std::unique_ptr<ScratchDir>> Create(const std::string& prefix);
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  // The directory's absolute path, without a trailing slash.
  const std::string& path() const { return path_; }
  // Writes `text` to file `name` in the directory; returns the file's path.
  std::string Write(const std::string& name, const std::string& text) const;

 private:
  explicit ScratchDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

}  // namespace opmon::testing
