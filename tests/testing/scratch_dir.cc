#include "tests/testing/scratch_dir.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"

namespace opmon::testing {

absl::StatusOr<std::unique_ptr<ScratchDir>> ScratchDir::Create(const std::string& prefix) {
  std::string path = (std::filesystem::temp_directory_path() / absl::StrCat(prefix, "-XXXXXX")).string();
  if (mkdtemp(path.data()) == nullptr) return absl::InternalError(absl::StrCat("mkdtemp ", path, " failed"));
  return std::unique_ptr<ScratchDir>(new ScratchDir(std::move(path)));
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string ScratchDir::Write(const std::string& name, const std::string& text) const {
  const std::string file = path_ + "/" + name;
  std::ofstream(file) << text;
  return file;
}

}  // namespace opmon::testing
