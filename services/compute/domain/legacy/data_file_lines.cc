#include "services/compute/domain/legacy/data_file_lines.h"

#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace opmon::compute::legacy {
namespace {

constexpr size_t kChunk = 1 << 18;

}  // namespace

struct DataFileLines::Impl {
  std::string path;
  std::FILE* file = nullptr;
  bool gzip = false;
  z_stream zs{};
  bool zs_open = false;
  bool stream_end = false;    // the gzip stream (all members) ended
  bool member_ended = false;  // the last inflate ended a gzip member
  bool eof = false;           // nothing more to read from the file
  std::vector<char> in = std::vector<char>(kChunk);
  std::vector<char> out = std::vector<char>(kChunk);
  std::string buffer;  // decoded bytes not yet returned
  size_t pos = 0;
  int64_t bytes_read = 0;

  ~Impl() {
    if (zs_open) inflateEnd(&zs);
    if (file != nullptr) std::fclose(file);
  }

  absl::Status Damaged(std::string_view why) const {
    return absl::InvalidArgumentError(absl::StrCat(path, ": damaged gzip data (", std::string(why), ")"));
  }

  // Reads the next chunk of the file into `in`; its size (0 at the end).
  absl::StatusOr<size_t> ReadChunk() {
    if (eof) return 0;
    const size_t n = std::fread(in.data(), 1, in.size(), file);
    if (n < in.size()) {
      if (std::ferror(file)) return absl::FailedPreconditionError(absl::StrCat(path, ": read failed"));
      eof = true;
    }
    bytes_read += static_cast<int64_t>(n);
    return n;
  }

  // Appends the next decoded bytes to buffer; false when nothing is left.
  absl::StatusOr<bool> Fill() {
    if (!gzip) {
      absl::StatusOr<size_t> n = ReadChunk();
      if (!n.ok()) return n.status();
      buffer.append(in.data(), *n);
      return *n > 0;
    }
    if (stream_end) return false;
    while (true) {
      if (zs.avail_in == 0) {
        absl::StatusOr<size_t> n = ReadChunk();
        if (!n.ok()) return n.status();
        if (*n == 0) {
          // The file may end only where a gzip member ended.
          if (!member_ended) return Damaged("the file ends inside the stream (truncated?)");
          stream_end = true;
          return false;
        }
        zs.next_in = reinterpret_cast<Bytef*>(in.data());
        zs.avail_in = static_cast<uInt>(*n);
      }
      zs.next_out = reinterpret_cast<Bytef*>(out.data());
      zs.avail_out = static_cast<uInt>(out.size());
      const uInt available = zs.avail_in;
      const int rc = inflate(&zs, Z_NO_FLUSH);
      const size_t produced = out.size() - zs.avail_out;
      buffer.append(out.data(), produced);
      if (rc == Z_STREAM_END) {
        // gzip files may hold several members, one after the other.
        member_ended = true;
        if (inflateReset(&zs) != Z_OK) return Damaged("cannot reset");
      } else if (rc == Z_OK || rc == Z_BUF_ERROR) {
        if (produced > 0 || zs.avail_in < available) member_ended = false;
      } else {
        return Damaged(zs.msg != nullptr ? zs.msg : "inflate failed");
      }
      if (produced > 0) return true;
    }
  }
};

DataFileLines::DataFileLines(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DataFileLines::~DataFileLines() = default;

absl::StatusOr<std::unique_ptr<DataFileLines>> DataFileLines::Open(const std::string& path) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->file = std::fopen(path.c_str(), "rb");
  if (impl->file == nullptr) {
    const int error = errno;
    std::string message = absl::StrCat(path, ": ", std::strerror(error));
    return error == ENOENT ? absl::NotFoundError(message) : absl::FailedPreconditionError(message);
  }
  impl->gzip = absl::EndsWith(path, ".gz");
  if (impl->gzip) {
    // 16 + MAX_WBITS: a gzip header and trailer, as pg_dump's gzwrite writes.
    if (inflateInit2(&impl->zs, 16 + MAX_WBITS) != Z_OK) return absl::InternalError("zlib: inflateInit2 failed");
    impl->zs_open = true;
  }
  return std::unique_ptr<DataFileLines>(new DataFileLines(std::move(impl)));
}

absl::StatusOr<bool> DataFileLines::Next(std::string& line) {
  Impl& d = *impl_;
  while (true) {
    const size_t newline = d.buffer.find('\n', d.pos);
    if (newline != std::string::npos) {
      line.assign(d.buffer, d.pos, newline - d.pos);
      d.pos = newline + 1;
      return true;
    }
    // Keep only the unfinished line before reading more.
    d.buffer.erase(0, d.pos);
    d.pos = 0;
    absl::StatusOr<bool> more = d.Fill();
    if (!more.ok()) return more.status();
    if (!*more) {
      if (d.buffer.empty()) return false;
      line.swap(d.buffer);
      d.buffer.clear();
      return true;
    }
  }
}

int64_t DataFileLines::bytes_read() const { return impl_->bytes_read; }

}  // namespace opmon::compute::legacy
