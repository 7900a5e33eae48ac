#include "services/lookml/output_tree.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/files/atomic_file.h"

namespace opmon::lookml {
namespace {

namespace fs = std::filesystem;

absl::Status FsError(const std::string& what, const fs::path& path, const std::error_code& ec) {
  return absl::InternalError(absl::StrCat(what, " ", path.string(), ": ", ec.message()));
}

constexpr char kTreePrefix[] = "tree-";

// Unique across replicas and calls: nanoseconds and the process id.
std::string UniqueSuffix() { return absl::StrCat(absl::ToUnixNanos(absl::Now()), "-", getpid()); }

}  // namespace

absl::StatusOr<OutputLock> OutputLock::Acquire(const std::string& output_dir) {
  const std::string path = fs::path(output_dir).lexically_normal().string() + ".lock";
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return absl::InternalError(absl::StrCat("cannot open ", path, ": ", std::strerror(errno)));
  while (flock(fd, LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    const int error = errno;
    close(fd);
    return absl::InternalError(absl::StrCat("cannot lock ", path, ": ", std::strerror(error)));
  }
  return OutputLock(fd);
}

OutputLock::~OutputLock() {
  if (fd_ >= 0) close(fd_);  // releases the flock
}

std::string PublishedFingerprint(const std::string& output_dir) {
  std::ifstream in(fs::path(output_dir).lexically_normal().string() + ".published", std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return text;
}

absl::Status PublishTree(const std::string& output_dir, const std::vector<GeneratedFile>& files,
                         const std::string& fingerprint) {
  const fs::path link = fs::path(output_dir).lexically_normal();
  std::error_code ec;
  const fs::file_status status = fs::symlink_status(link, ec);
  if (fs::exists(status) && !fs::is_symlink(status)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "--output-dir: ", link.string(), " exists and is not a symlink; opmon-lookml publishes trees by replacing a "
        "symlink there (remove it, or choose a new path)"));
  }
  const fs::path trees = fs::path(link.string() + ".trees");
  // Written under a name the clean-up below never touches, then renamed:
  // another replica's clean-up cannot remove a tree being written.
  const fs::path staging = trees / absl::StrCat(".staging-", UniqueSuffix());
  fs::create_directories(staging, ec);
  if (ec) return FsError("cannot create", staging, ec);
  for (const GeneratedFile& f : files) {
    const fs::path path = staging / f.path;
    fs::create_directories(path.parent_path(), ec);
    if (ec) return FsError("cannot create", path.parent_path(), ec);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << f.content;
    out.close();
    if (!out) return absl::InternalError(absl::StrCat("cannot write ", path.string()));
  }
  const std::string generation = absl::StrCat(kTreePrefix, UniqueSuffix());
  const fs::path target = trees / generation;
  fs::rename(staging, target, ec);
  if (ec) return FsError("cannot rename to", target, ec);
  // A relative target keeps the tree valid if the parent directory moves.
  const fs::path temp_link = fs::path(absl::StrCat(link.string(), ".new-link-", UniqueSuffix()));
  fs::create_symlink(fs::path(trees.filename()) / generation, temp_link, ec);
  if (ec) return FsError("cannot create symlink", temp_link, ec);
  if (std::rename(temp_link.c_str(), link.c_str()) != 0) {
    return absl::InternalError(absl::StrCat("cannot rename ", temp_link.string(), " to ", link.string()));
  }
  // Keep the previous tree too: a reader that resolved the old link may still
  // be walking it. Generation names sort by time (fixed-width nanoseconds).
  std::vector<fs::path> published;
  for (const fs::directory_entry& entry : fs::directory_iterator(trees, ec)) {
    if (entry.path().filename().string().starts_with(kTreePrefix)) published.push_back(entry.path());
  }
  std::sort(published.begin(), published.end());
  for (size_t i = 0; i + 2 < published.size(); ++i) {
    if (published[i] != target) fs::remove_all(published[i], ec);
  }
  return files::WriteFileAtomically(link.string() + ".published", fingerprint);
}

}  // namespace opmon::lookml
