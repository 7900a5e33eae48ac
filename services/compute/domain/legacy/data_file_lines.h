#pragma once
// The lines of one data file of a pg_dump directory dump, "<dump id>.dat" or
// (compressed by pg_dump) "<dump id>.dat.gz", read in chunks: a table's data
// is never held in memory whole.

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace opmon::compute::legacy {

class DataFileLines {
 public:
  // Opens `path`; a name ending in ".gz" is inflated as gzip. NotFound when
  // it does not exist, FailedPrecondition when it cannot be read.
  static absl::StatusOr<std::unique_ptr<DataFileLines>> Open(const std::string& path);
  ~DataFileLines();

  // The next line without its newline into `line`; false at the end of the
  // file (a last line without a newline is still returned). InvalidArgument
  // naming the file when the gzip stream is damaged or ends early.
  absl::StatusOr<bool> Next(std::string& line);

  // Bytes read from the file so far (compressed bytes for .gz).
  int64_t bytes_read() const;

 private:
  struct Impl;
  explicit DataFileLines(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace opmon::compute::legacy
