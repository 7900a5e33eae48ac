#pragma once
// A `pg_dump --format directory` dump as a LegacySource: toc.dat names each
// TABLE DATA entry's table and data file (<dump id>.dat or .dat.gz), and
// each file holds the table's rows as COPY text ended by "\.".

#include <string>

#include "services/compute/domain/legacy/legacy_source.h"
#include "services/compute/domain/legacy/pg_dump_toc.h"

namespace opmon::compute::legacy {

class DumpDirectorySource final : public LegacySource {
 public:
  // Reads and parses `directory`/toc.dat. NotFound when it is missing; the
  // parse errors of ParsePgDumpToc, prefixed with the file's path.
  static absl::StatusOr<std::unique_ptr<DumpDirectorySource>> Open(const std::string& directory);

  std::string Describe() const override { return "dump:" + directory_; }
  // Every TABLE DATA entry whose table is named as the reference's; the
  // others (other tables' data) count as skipped. InvalidArgument when a
  // legacy table's COPY statement lacks the reference's columns.
  absl::StatusOr<SourceListing> ListTables() override;
  // InvalidArgument naming the file: damaged gzip, no "\." terminator.
  absl::Status ReadTable(const SourceTable& table, const CopyLineSink& sink) override;
  int64_t bytes_read() const override { return bytes_read_; }

 private:
  DumpDirectorySource(std::string directory, PgDumpToc toc) : directory_(std::move(directory)), toc_(std::move(toc)) {}
  std::string directory_;
  PgDumpToc toc_;
  int64_t bytes_read_ = 0;
};

}  // namespace opmon::compute::legacy
