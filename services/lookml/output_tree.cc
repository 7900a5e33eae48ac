#include "services/lookml/output_tree.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace opmon::lookml {
namespace {

namespace fs = std::filesystem;

absl::Status FsError(const std::string& what, const fs::path& path, const std::error_code& ec) {
  return absl::InternalError(absl::StrCat(what, " ", path.string(), ": ", ec.message()));
}

}  // namespace

absl::Status PublishTree(const std::string& output_dir, const std::vector<GeneratedFile>& files) {
  const fs::path link = fs::path(output_dir).lexically_normal();
  std::error_code ec;
  const fs::file_status status = fs::symlink_status(link, ec);
  if (fs::exists(status) && !fs::is_symlink(status)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "--output-dir: ", link.string(), " exists and is not a symlink; opmon-lookml publishes trees by replacing a "
        "symlink there (remove it, or choose a new path)"));
  }
  const fs::path trees = fs::path(link.string() + ".trees");
  const std::string generation = absl::StrCat("tree-", absl::ToUnixNanos(absl::Now()));
  const fs::path target = trees / generation;
  fs::create_directories(target, ec);
  if (ec) return FsError("cannot create", target, ec);
  for (const GeneratedFile& f : files) {
    const fs::path path = target / f.path;
    fs::create_directories(path.parent_path(), ec);
    if (ec) return FsError("cannot create", path.parent_path(), ec);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << f.content;
    out.close();
    if (!out) return absl::InternalError(absl::StrCat("cannot write ", path.string()));
  }
  // A relative target keeps the tree valid if the parent directory moves.
  const fs::path temp_link = fs::path(link.string() + ".new-link");
  fs::remove(temp_link, ec);
  fs::create_symlink(fs::path(trees.filename()) / generation, temp_link, ec);
  if (ec) return FsError("cannot create symlink", temp_link, ec);
  if (std::rename(temp_link.c_str(), link.c_str()) != 0) {
    return absl::InternalError(absl::StrCat("cannot rename ", temp_link.string(), " to ", link.string()));
  }
  // Keep the previous tree too: a reader that resolved the old link may still
  // be walking it. Generation names sort by time (fixed-width nanoseconds).
  std::vector<fs::path> published;
  for (const fs::directory_entry& entry : fs::directory_iterator(trees, ec)) published.push_back(entry.path());
  std::sort(published.begin(), published.end());
  for (size_t i = 0; i + 2 < published.size(); ++i) fs::remove_all(published[i], ec);
  return absl::OkStatus();
}

}  // namespace opmon::lookml
